package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/headless"
	"github.com/lcwasm/lcwasm/server"
)

// TestAgentConsoleInChromium signs in to the console, sees a visitor's
// chat arrive with its alert, accepts it, reads the Additional details,
// answers and ends it, in headless Chromium under the console's CSP.
func TestAgentConsoleInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium")
	}
	h, err := server.New(fixture())
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	bctx, _, stop, err := headless.Start("/usr/bin/chromium", false)
	if err != nil {
		t.Fatal(err) // make test installs Chromium; a missing browser is a failure, never a skip
	}
	defer stop()
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, time.Minute)
	defer cancelT()

	var mu sync.Mutex
	var problems []string
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, fmt.Sprintf("console.error: %v", e.Args))
			}
		}
	}))
	// Record CSP violations; accept the "End the conversation?" question.
	_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener('securitypolicyviolation',
			(e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); window.confirm = () => true;`})
	require.NoError(t, err)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/agent"),
		chromedp.SendKeys("#user", "demo"), chromedp.SendKeys("#password", "nope"),
		chromedp.Submit("#signin-form"), waitText("#signin-error", "Wrong user name or password.")))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys("#user", "demo"), chromedp.SendKeys("#password", "demo"),
		chromedp.Submit("#signin-form"), waitText("#connection", "Online")))

	v := dialVisitor(t, srv.URL)
	v.send(t, map[string]any{"type": "start", "cid": "s1", "visitor": map[string]any{"id": "v1"},
		"context": map[string]any{"proactive": true, "source": "rule", "ruleId": "r1", "timeOnPageMs": 42000,
			"pageUrl": "https://shop.example/boots", "referrer": "https://search.example/",
			"prechat": map[string]any{"name": `<img src=x id=pwned>`},
			"custom":  map[string]any{"plan": map[string]any{"value": "gold", "isDisplayable": true}}}})
	v.expect(t, "started")
	v.send(t, map[string]any{"type": "send", "cid": "m1", "text": "<b>bold?</b>"})
	v.expect(t, "ack")

	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible("#queue li button")))
	title, err := chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(title, "(1) "), title)
	flashing, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('#queue li.new')`))
	require.NoError(t, err)
	assert.True(t, flashing, "the new chat is highlighted")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click("#queue li button"), waitText("#transcript", "<b>bold?</b>")))
	injected, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('#pwned, #transcript b')`))
	require.NoError(t, err)
	assert.False(t, injected, "visitor text is never HTML")
	details, err := chromedp.Run(ctx, chromedp.TextContent("#details"))
	require.NoError(t, err)
	for _, want := range []string{"42 s", "https://shop.example/boots", "https://search.example/", "Yes, rule “r1”", "plan", "gold"} {
		assert.Contains(t, details, want)
	}
	v.expect(t, "agentJoined")

	require.NoError(t, chromedp.Do(ctx, chromedp.SendKeys("#text", "Yes, in stock."), chromedp.Click("#send button")))
	m := v.expect(t, "message")
	assert.Equal(t, "Yes, in stock.", m["text"])
	assert.Equal(t, "Demo Agent", m["name"])
	require.NoError(t, chromedp.Do(ctx, chromedp.Click("#end")))
	assert.Equal(t, "agent", v.expect(t, "ended")["by"])
	require.NoError(t, chromedp.Do(ctx, waitText("#conv-title", "(ended)")))
	csp, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp`))
	require.NoError(t, err)
	assert.Empty(t, csp, "CSP violations")
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, problems, "no exceptions or console errors")
}

// waitText waits until the element's text contains want, across page
// loads (a form submission replaces the document being polled).
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	expr := fmt.Sprintf(`!!document.querySelector(%q)?.textContent.includes(%q)`, sel, want)
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(10 * time.Second)
		for {
			ok, err := chromedp.Evaluate[bool](expr)(ctx, tg)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			if time.Now().After(deadline) {
				return chromedp.Void{}, fmt.Errorf("%s never contained %q (%v)", sel, want, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

type visitorWS struct{ ws *websocket.Conn }

func dialVisitor(t *testing.T, base string) *visitorWS {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/api/v1/widgets/w1/chat",
		&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}})
	require.NoError(t, err)
	t.Cleanup(func() { ws.CloseNow() })
	return &visitorWS{ws}
}

func (v *visitorWS) send(t *testing.T, f map[string]any) {
	b, _ := json.Marshal(f)
	require.NoError(t, v.ws.Write(context.Background(), websocket.MessageText, b))
}

func (v *visitorWS) expect(t *testing.T, typ string) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		_, b, err := v.ws.Read(ctx)
		require.NoError(t, err, "waiting for %s", typ)
		var f map[string]any
		require.NoError(t, json.Unmarshal(b, &f))
		if f["type"] == typ {
			return f
		}
	}
}
