package chat_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
)

// TestTheAgentSeesTheVisitorsDetails: the device, browser, language,
// time zone, invitation and pages of a start reach the agent's details
// as they were sent.
func TestTheAgentSeesTheVisitorsDetails(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	pages := []any{
		frame{"path": "/", "title": "Home", "timeMs": 90_000},
		frame{"path": "/boots", "title": "Boots", "timeMs": 20_000},
	}
	conv, _ := e.visitor().start("v", frame{"device": "tablet", "browser": "Safari 18 on iPadOS", "language": "de-CH",
		"timeZone": "Europe/Zurich", "invitation": "Need a hand?", "pages": pages})
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 })
	ann.send(frame{"type": "accept", "conversation": conv})
	d := ann.expect("conversation")["details"].(map[string]any)
	assert.Equal(t, "tablet", d["device"])
	assert.Equal(t, "Safari 18 on iPadOS", d["browser"])
	assert.Equal(t, "de-CH", d["language"])
	assert.Equal(t, "Europe/Zurich", d["timeZone"])
	assert.Equal(t, "Need a hand?", d["invitation"])
	assert.Equal(t, []any{
		map[string]any{"path": "/", "title": "Home", "timeMs": 90_000.0},
		map[string]any{"path": "/boots", "title": "Boots", "timeMs": 20_000.0},
	}, d["pages"])
}

// TestTheServerCutsTheDetails: values the widget would never send are
// left out or cut to the budgets: an unknown device, a language or zone
// with markup or too long, a long browser and invitation, 30 pages of
// long paths and titles with negative and huge times.
func TestTheServerCutsTheDetails(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	var pages []any
	for i := range 30 {
		pages = append(pages, frame{"path": "/" + strings.Repeat("p", 250), "title": strings.Repeat("t", 150), "timeMs": float64(i - 15), "extra": 1})
	}
	pages[29] = frame{"path": "/last", "title": "Last", "timeMs": 1e300}
	conv, _ := e.visitor().start("v", frame{"device": "fridge", "browser": strings.Repeat("b", 500),
		"language": `en"><img src=x>`, "timeZone": strings.Repeat("Z", chat.MaxCodeLength+1),
		"invitation": strings.Repeat("i", 1000), "pages": pages})
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 })
	ann.send(frame{"type": "accept", "conversation": conv})
	d := ann.expect("conversation")["details"].(map[string]any)
	for _, k := range []string{"device", "language", "timeZone"} {
		assert.NotContains(t, d, k)
	}
	assert.Len(t, d["browser"], chat.MaxBrowserRunes)
	assert.Len(t, d["invitation"], chat.MaxInvitationRunes)
	got := d["pages"].([]any)
	require.NotEmpty(t, got)
	assert.LessOrEqual(t, len(got), chat.MaxPages)
	b, _ := json.Marshal(got)
	assert.LessOrEqual(t, len(b), chat.MaxPagesBytes)
	assert.Equal(t, map[string]any{"path": "/last", "title": "Last", "timeMs": float64(chat.MaxPageMs)}, got[len(got)-1], "the newest kept, its time capped")
	for _, p := range got[:len(got)-1] {
		p := p.(map[string]any)
		assert.Len(t, p["path"], chat.MaxPathRunes)
		assert.Len(t, p["title"], chat.MaxTitleRunes)
		assert.GreaterOrEqual(t, p["timeMs"], 0.0)
		assert.NotContains(t, p, "extra")
	}
}

// TestDetailsOfTheWrongTypeRefuseTheStart: as for the other fields, a
// detail of another type is a bad request, and no conversation starts.
func TestDetailsOfTheWrongTypeRefuseTheStart(t *testing.T) {
	e := newEnv(t, "", nil)
	for name, ctx := range map[string]frame{
		"device a number":      {"device": 1},
		"browser an object":    {"browser": frame{}},
		"language a list":      {"language": []any{"en"}},
		"time zone a boolean":  {"timeZone": true},
		"invitation a number":  {"invitation": 3},
		"pages an object":      {"pages": frame{"path": "/"}},
		"a page a string":      {"pages": []any{"/"}},
		"a path a number":      {"pages": []any{frame{"path": 1, "title": "", "timeMs": 0}}},
		"a time a string":      {"pages": []any{frame{"path": "/", "title": "", "timeMs": "5"}}},
		"a title an object":    {"pages": []any{frame{"path": "/", "title": frame{}, "timeMs": 0}}},
		"a page null in pages": {"pages": []any{nil}},
	} {
		t.Run(name, func(t *testing.T) {
			v := e.visitor()
			v.send(frame{"type": "start", "cid": "s", "visitor": frame{"id": "v-" + strings.ReplaceAll(name, " ", "-")}, "context": ctx})
			f := v.expect("error")
			assert.Equal(t, "bad_request", f["code"])
			assert.Contains(t, f["message"], "context: fields of the wrong type")
		})
	}
}
