package e2e

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// TestAgentConsole drives the console alone, with the visitor played by a
// raw lcwasm.v1 WebSocket, so the visitor can send what the widget never
// would: HTML in a prechat name and in a message. The console shows the
// waiting chat in the tab title and highlights it, accepts it, renders the
// visitor's text as text, lists the Additional details, answers and ends
// the chat, all under its Content-Security-Policy with no violation and no
// console error.
func TestAgentConsole(t *testing.T) {
	t.Parallel()
	agent := signIn(t, "carol")
	agent.addScript(`window.__csp = []; document.addEventListener("securitypolicyviolation",
		e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	agent.navigate("/agent") // again, so the recorder above runs from the start
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)

	token := unique(t)
	v := dialVisitor(t, "e2e-chat")
	v.send(t, map[string]any{"type": wire.Start, "cid": "s1", "visitor": map[string]any{"id": token},
		"context": map[string]any{"proactive": true, "source": "rule", "ruleId": "r1", "timeOnPageMs": 42000,
			"pageUrl": "https://shop.example/" + token, "referrer": "https://search.example/",
			"prechat": map[string]any{"name": `<img src=x id=pwned>`},
			"custom":  map[string]any{"plan": map[string]any{"value": "gold", "isDisplayable": true}}}})
	v.expect(t, wire.Started)
	v.send(t, map[string]any{"type": wire.Send, "cid": "m1", "text": "<b>bold?</b>"})
	v.expect(t, wire.Ack)

	entry := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(token) + `))`
	waitJS(t, agent.ctx, `!!`+entry, waitTimeout)
	assert.Regexp(t, regexp.MustCompile(`^\(\d+\) `), evalJS[string](agent, `document.title`),
		"the tab title counts the waiting chats")
	assert.True(t, evalJS[bool](agent, entry+`.classList.contains("new")`), "the new chat is highlighted")

	acceptChat(t, agent, token)
	waitJS(t, agent.ctx, `document.querySelector("#transcript")?.textContent.includes("<b>bold?</b>")`, waitTimeout)
	assert.False(t, evalJS[bool](agent, `!!document.querySelector("#pwned, #transcript b")`), "visitor text is never HTML")
	details := evalJS[string](agent, `document.querySelector("#details").textContent`)
	for _, want := range []string{"42 s", "https://shop.example/" + token, "https://search.example/", "Invitation: r1", "plan", "gold", "<img src=x id=pwned>"} {
		assert.Contains(t, details, want)
	}
	v.expect(t, wire.AgentJoined)

	agent.eval(`document.querySelector("#text").value = "Yes, in stock."; document.querySelector("#send button").click()`)
	m := v.expect(t, wire.Message)
	assert.Equal(t, "Yes, in stock.", m["text"])
	assert.Equal(t, "Carol", m["name"])
	agent.eval(`document.querySelector("#end").click(); document.querySelector("#end-confirm").click()`)
	assert.Equal(t, "agent", v.expect(t, wire.Ended)["by"])
	waitJS(t, agent.ctx, `document.querySelector("#conv-title")?.textContent.includes("(ended)")`, waitTimeout)
	assert.Empty(t, evalJS[[]string](agent, `window.__csp`), "no Content-Security-Policy violation")
	for _, m := range agent.consoleMessages() {
		assert.NotEqual(t, "error", m.Type, "console.error on the console: %s", m.Text)
	}
}

// visitorWS is a visitor's chat socket, spoken to directly.
type visitorWS struct{ ws *websocket.Conn }

// dialVisitor opens a visitor socket to the suite's chat service for the
// widget appID, as the page's origin.
func dialVisitor(t *testing.T, appID string) *visitorWS {
	t.Helper()
	return dialVisitorAt(t, baseURL, appID)
}

// dialVisitorAt is dialVisitor for the server at base.
func dialVisitorAt(t *testing.T, base, appID string) *visitorWS {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	url := "ws" + strings.TrimPrefix(base, "http") + "/api/v1/widgets/" + appID + "/chat"
	ws, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}})
	require.NoError(t, err)
	t.Cleanup(func() { ws.CloseNow() })
	return &visitorWS{ws}
}

// send writes one frame.
func (v *visitorWS) send(t *testing.T, f map[string]any) {
	t.Helper()
	b, err := json.Marshal(f)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	require.NoError(t, v.ws.Write(ctx, websocket.MessageText, b))
}

// expect reads frames until one of type typ arrives and returns it.
func (v *visitorWS) expect(t *testing.T, typ string) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	for {
		_, b, err := v.ws.Read(ctx)
		require.NoError(t, err, "waiting for a %q frame", typ)
		var f map[string]any
		require.NoError(t, json.Unmarshal(b, &f))
		if f["type"] == typ {
			return f
		}
	}
}
