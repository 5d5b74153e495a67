package chat_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
)

func TestBrowser(t *testing.T) {
	tests := []struct{ name, ua, want string }{
		{"Chrome on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131 on Windows"},
		{"headless Chromium", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Headless Chrome 156 on Linux"},
		{"Edge", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", "Edge 131 on Windows"},
		{"Firefox on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox 133 on macOS"},
		{"Safari on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari 18 on iOS"},
		{"Chrome on iPad", "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "Chrome 131 on iPadOS"},
		{"Samsung on Android", "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet 26 on Android"},
		{"Opera", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera 115 on Linux"},
		{"ChromeOS", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131 on ChromeOS"},
		{"unknown", "curl/8.5.0", ""},
		{"empty", "", ""},
		{"system only", "SomeBot (Linux)", "Linux"},
		{"a silly version is left out", "Firefox/1234567 <script>", "Firefox"},
		{"nothing else is echoed", "Chrome/9<img src=x onerror=alert(1)>", "Chrome 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, chat.Browser(tt.ua))
		})
	}
}

// TestStartDetails: the details go in the start frame as the widget read
// them at the start: the device class, the browser named, the language
// and zone, the invitation, and each page with the time spent on it (the
// last one until now).
func TestStartDetails(t *testing.T) {
	now := t0 // the harness's clock
	_, f := startFrame(t, chat.Start{Details: chat.Details{
		Device: "phone", UserAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/131.0.0.0 Mobile Safari/537.36",
		Language: "fr-CA", TimeZone: "America/Toronto", Invitation: "Need a hand with sizes?",
		Pages: []chat.PageView{
			{Path: "/", Title: "Home", Start: now.Add(-3 * instant.Minute)},
			{Path: "/boots", Title: "Boots", Start: now.Add(-90 * instant.Second)},
			{Path: "/boots/trail", Title: "Trail boots", Start: now.Add(-20 * instant.Second)},
		},
	}})
	ctx := f["context"].(map[string]any)
	assert.Equal(t, "phone", ctx["device"])
	assert.Equal(t, "Chrome 131 on Android", ctx["browser"])
	assert.Equal(t, "fr-CA", ctx["language"])
	assert.Equal(t, "America/Toronto", ctx["timeZone"])
	assert.Equal(t, "Need a hand with sizes?", ctx["invitation"])
	assert.Equal(t, []any{
		map[string]any{"path": "/", "title": "Home", "timeMs": 90_000.0},
		map[string]any{"path": "/boots", "title": "Boots", "timeMs": 70_000.0},
		map[string]any{"path": "/boots/trail", "title": "Trail boots", "timeMs": 20_000.0},
	}, ctx["pages"])
	assert.NotContains(t, ctx, "userAgent", "the user agent itself is not sent")
}

// TestStartDetailsHostile: what is not what it should be is left out or
// cut: a device class we do not know, a language or zone with markup or
// too long, a long invitation (cut with "…"), pages beyond MaxPages (the
// oldest), long paths and titles, a clock that went back.
func TestStartDetailsHostile(t *testing.T) {
	var pages []chat.PageView
	for i := range 30 {
		pages = append(pages, chat.PageView{Path: "/p" + strings.Repeat("x", 300), Title: strings.Repeat("é", 150),
			Start: t0.Add(instant.Duration(i-30) * instant.Second)})
	}
	pages[29].Start = t0.Add(instant.Second) // after now: a clock that went back
	_, f := startFrame(t, chat.Start{Details: chat.Details{
		Device: "tv", Language: `en"><script>`, TimeZone: strings.Repeat("A", chat.MaxCodeLength+1),
		Invitation: strings.Repeat("w", 500), Pages: pages,
	}})
	ctx := f["context"].(map[string]any)
	for _, k := range []string{"device", "browser", "language", "timeZone"} {
		assert.NotContains(t, ctx, k)
	}
	inv := ctx["invitation"].(string)
	assert.Len(t, []rune(inv), chat.MaxInvitationLength)
	assert.True(t, strings.HasSuffix(inv, "…"))
	got := ctx["pages"].([]any)
	require.NotEmpty(t, got)
	assert.LessOrEqual(t, len(got), chat.MaxPages)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(b), chat.MaxPagesBytes)
	last := got[len(got)-1].(map[string]any)
	assert.Equal(t, 0.0, last["timeMs"], "no negative time")
	assert.Len(t, []rune(last["path"].(string)), chat.MaxPathLength)
	assert.Len(t, []rune(last["title"].(string)), chat.MaxTitleLength)
	assert.Equal(t, 3000.0, got[len(got)-2].(map[string]any)["timeMs"], "the newest are kept")
}

// TestStartDetailsNone: a start with no details sends none of their keys.
func TestStartDetailsNone(t *testing.T) {
	_, f := startFrame(t, chat.Start{})
	ctx := f["context"].(map[string]any)
	for _, k := range []string{"device", "browser", "language", "timeZone", "invitation", "pages"} {
		assert.NotContains(t, ctx, k)
	}
}
