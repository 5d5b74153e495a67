package e2e

// The agent desk (issue 15): the console's errors, frame limit, status and
// chat limit, and the helpers of the desk tests (desk_*_test.go): raw
// visitor sockets where a test needs to say what the widget would not,
// and two agents where it matters.

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// deskWidgets are the desk tests' widgets: e2e-desk chats with the
// server and has shared canned responses.
func deskWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{"e2e-desk": json.RawMessage(`{"appId": "e2e-desk", "chat": {"enabled": true},
		"cannedResponses": [{"shortcut": "hours", "text": "We answer from 9 to 17, {visitor.name}."}]}`)}
}

// startVisitor starts a chat on a raw visitor socket whose page URL and
// visitor id carry token, with the given extra context.
func startVisitor(t *testing.T, token string, ctx map[string]any) *visitorWS {
	t.Helper()
	return startVisitorOn(t, "e2e-chat", token, ctx)
}

// startVisitorOn is startVisitor on the widget appID.
func startVisitorOn(t *testing.T, appID, token string, ctx map[string]any) *visitorWS {
	t.Helper()
	v := dialVisitor(t, appID)
	c := map[string]any{"pageUrl": "https://shop.example/" + token}
	for k, val := range ctx {
		c[k] = val
	}
	v.send(t, map[string]any{"type": wire.Start, "cid": "s-" + token, "visitor": map[string]any{"id": token}, "context": c})
	v.expect(t, wire.Started)
	return v
}

// TestConsoleErrorsSayWhatHappened: the reply box and End exist only for
// an open, active conversation (none under "No conversation selected",
// none once it ended); a reply that reaches the server after the visitor
// ended the chat is refused with the true sentence, stays in the
// transcript marked "not sent" (no "sending…" forever) and the chat shows
// as ended; a second agent accepting a chat the first took is told so,
// and accepting one the visitor ended says that instead.
func TestConsoleErrorsSayWhatHappened(t *testing.T) {
	t.Parallel()
	mia := signInRight(t, "mia")
	holdFrames(mia)
	mia.navigate("/agent")
	waitJS(t, mia.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	assert.Equal(t, "No conversation selected", evalJS[string](mia, `document.querySelector("#conv-title").textContent`))
	assert.False(t, shown(mia, "#send"), "no reply box without a conversation")
	assert.False(t, shown(mia, "#end"), "no End without a conversation")

	token := unique(t)
	v := startVisitor(t, token, nil)
	acceptChat(t, mia, token)
	waitJS(t, mia.ctx, `document.querySelector("#conv-title").textContent.includes("Chat with")`, waitTimeout)
	assert.True(t, shown(mia, "#send"), "the reply box of the open chat")
	v.expect(t, wire.AgentJoined)

	// The visitor ends while the console has not heard yet; the agent replies.
	mia.eval(`window.__hold.add("ended")`)
	v.send(t, map[string]any{"type": wire.End})
	v.expect(t, wire.Ended)
	mia.eval(`document.querySelector("#text").value = "Still there?"; document.querySelector("#send-button").click()`)
	announced(t, mia, "The conversation has ended, so your reply was not sent.")
	waitJS(t, mia.ctx, `!document.querySelector("#transcript .pending")`, waitTimeout)
	assert.Contains(t, evalJS[string](mia, `document.querySelector("#transcript .failed")?.textContent`), "not sent")
	assert.False(t, shown(mia, "#send"), "no reply box once the chat ended")
	assert.Contains(t, evalJS[string](mia, `document.querySelector("#conv-title").textContent`), "(ended)")
	mia.eval(`window.__release()`)
	waitJS(t, mia.ctx, `document.querySelector("#transcript").textContent.includes("ended the conversation")`, waitTimeout)

	// Two agents, one chat: the second is told another agent took it.
	nick := signInRight(t, "nick")
	holdFrames(nick)
	nick.navigate("/agent")
	waitJS(t, nick.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	token2 := unique(t) + "-b"
	startVisitor(t, token2, nil)
	entry := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(token2) + `))`
	waitJS(t, nick.ctx, `!!`+entry, waitTimeout)
	nick.eval(`window.__hold.add("queueDelta")`)
	acceptChat(t, mia, token2)
	waitJS(t, mia.ctx, `document.querySelector("#conv-title").textContent.includes("Chat with")`, waitTimeout)
	nick.eval(entry + `.querySelector("button").click()`)
	announced(t, nick, "Another agent already took that chat.")
	nick.eval(`window.__release()`)
	waitJS(t, nick.ctx, `!`+entry, waitTimeout)

	// A chat the visitor ended while it waited.
	token3 := unique(t) + "-c"
	v3 := startVisitor(t, token3, nil)
	entry3 := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(token3) + `))`
	waitJS(t, nick.ctx, `!!`+entry3, waitTimeout)
	nick.eval(`window.__hold.add("queueDelta")`)
	v3.send(t, map[string]any{"type": wire.End})
	v3.expect(t, wire.Ended)
	nick.eval(entry3 + `.querySelector("button").click()`)
	announced(t, nick, "That chat is no longer waiting: the visitor ended it or left.")
	nick.eval(`window.__release()`)
	for _, m := range append(mia.consoleMessages(), nick.consoleMessages()...) {
		assert.NotEqual(t, "error", m.Type, "console.error on the console: %s", m.Text)
	}
}

// TestConsoleAgentFrameLimit: an agent who fires off 30 replies in a row
// stays connected (the console has its own, higher frame limit and paces
// below it) and the visitor receives all 30, in order.
func TestConsoleAgentFrameLimit(t *testing.T) {
	t.Parallel()
	pat := signInRight(t, "pat")
	pat.addScript(`window.__sockets = 0; window.WebSocket = class extends WebSocket {
		constructor(...a) { super(...a); window.__sockets++; } };`)
	pat.navigate("/agent")
	waitJS(t, pat.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	token := unique(t)
	v := startVisitor(t, token, nil)
	acceptChat(t, pat, token)
	waitJS(t, pat.ctx, `document.querySelector("#conv-title").textContent.includes("Chat with")`, waitTimeout)
	v.expect(t, wire.AgentJoined)
	pat.eval(`for (let i = 1; i <= 30; i++) {
		const t = document.querySelector("#text");
		t.value = "reply " + i;
		t.dispatchEvent(new KeyboardEvent("keydown", {key: "x", bubbles: true})); // a typing frame too
		document.querySelector("#send-button").click();
	}`)
	for i := 1; i <= 30; i++ {
		assert.Equal(t, "reply "+strconv.Itoa(i), v.expect(t, wire.Message)["text"])
	}
	waitJS(t, pat.ctx, `!document.querySelector("#transcript .pending")`, waitTimeout)
	assert.Equal(t, 1, evalJS[int](pat, `window.__sockets`), "the console never reconnected")
	assert.Contains(t, evalJS[string](pat, `document.querySelector("#connection").textContent`), "Online")
}

// teamStatus is what the console's Agents list says of user.
func teamStatus(tb *tab, user string) string {
	return evalJS[string](tb, `document.querySelector('#team li[data-user="`+user+`"] .state')?.textContent || ""`)
}

// TestConsoleAgentStatus: an agent chooses Away with the keyboard; the
// other agent sees it, the choice survives a reload, and an agent whose
// console is closed shows as Offline. At the chat limit (3 by default)
// the waiting list stays, but Accept says why it is disabled and the
// server refuses it too. Light and dark, no axe violation.
func TestConsoleAgentStatus(t *testing.T) {
	t.Parallel()
	quinn := signInRight(t, "quinn")
	ruth := signInRight(t, "ruth")
	waitJS(t, ruth.ctx, `!!document.querySelector('#team li[data-user="quinn"]')`, waitTimeout)
	assert.Contains(t, teamStatus(ruth, "quinn"), "Available")

	quinn.do(chromedp.Focus("#status"))
	quinn.press(kb.ArrowDown)
	waitJS(t, quinn.ctx, `document.querySelector("#status").value === "away"`, waitTimeout)
	waitJS(t, ruth.ctx, `document.querySelector('#team li[data-user="quinn"] .state')?.textContent.startsWith("Away")`, waitTimeout)
	quinn.navigate("/agent")
	waitJS(t, quinn.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	waitJS(t, quinn.ctx, `document.querySelector("#status").value === "away"`, waitTimeout)
	quinn.do(chromedp.SetValue("#status", "available"))
	quinn.eval(`document.querySelector("#status").dispatchEvent(new Event("change"))`)
	waitJS(t, ruth.ctx, `document.querySelector('#team li[data-user="quinn"] .state')?.textContent.startsWith("Available")`, waitTimeout)

	// The limit: three chats, a fourth waits with Accept explained.
	var tokens []string
	for i := range 4 {
		token := unique(t) + "-" + strconv.Itoa(i)
		tokens = append(tokens, token)
		startVisitor(t, token, nil)
	}
	for _, token := range tokens[:3] {
		acceptChat(t, ruth, token)
		waitJS(t, ruth.ctx, `[...document.querySelectorAll("#mine li")].some(li => li.textContent.includes("Visitor"))`, waitTimeout)
		waitJS(t, ruth.ctx, `![...document.querySelectorAll("#queue li")].some(li => li.textContent.includes(`+jsString(token)+`))`, waitTimeout)
	}
	waitJS(t, ruth.ctx, `document.querySelectorAll("#mine li").length === 3`, waitTimeout)
	waitJS(t, ruth.ctx, `!document.querySelector("#limit-note").hidden`, waitTimeout)
	assert.Equal(t, "You have 3 chats open, your limit: end one to accept another.",
		evalJS[string](ruth, `document.querySelector("#limit-note").textContent`))
	fourth := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(tokens[3]) + `)).querySelector("button")`
	assert.Equal(t, "true", evalJS[string](ruth, fourth+`.getAttribute("aria-disabled")`))
	assert.Equal(t, "limit-note", evalJS[string](ruth, fourth+`.getAttribute("aria-describedby")`))
	ruth.eval(fourth + `.focus()`)
	ruth.press(kb.Enter)
	announced(t, ruth, "You have 3 chats open, your limit: end one to accept another.")
	waitJS(t, ruth.ctx, `document.querySelector('#team li[data-user="ruth"] .state')?.textContent.includes("3 of 3 chats")`, waitTimeout)
	waitJS(t, quinn.ctx, `document.querySelector('#team li[data-user="ruth"] .state')?.textContent.includes("3 of 3 chats")`, waitTimeout)
	ruth.assertAccessible("the console at its chat limit (light)")
	deskShot(ruth, "desk-status-limit-light", "#queue-title")
	ruth.darkMode(true)
	ruth.assertAccessible("the console at its chat limit (dark)")
	deskShot(ruth, "desk-status-limit-dark", "#queue-title")
	ruth.darkMode(false)

	// A console closed: Offline to the others.
	quinn.do(chromedp.Navigate("about:blank"))
	waitJS(t, ruth.ctx, `document.querySelector('#team li[data-user="quinn"] .state')?.textContent.startsWith("Offline")`, waitTimeout)
}

// TestConsoleAvailabilityFollowsStatus: on a server of its own, the
// widget's availability API says an agent is available only while one
// with a console open has chosen Available; Away (kept across a reload)
// makes it false.
func TestConsoleAvailabilityFollowsStatus(t *testing.T) {
	t.Parallel()
	base := consoleServer(t, "wes", 0)
	available := func() bool {
		resp, err := http.Get(base + "/api/v1/widgets/lcw-demo/availability")
		require.NoError(t, err)
		defer resp.Body.Close()
		var a struct{ IsAgentAvailable bool }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&a))
		return a.IsAgentAvailable
	}
	assert.False(t, available(), "no console open")
	wes := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	signInOn(t, wes, base, "wes")
	waitUntil(t, available, "available once the console is open")
	wes.do(chromedp.Focus("#status"))
	wes.press(kb.ArrowDown)
	waitUntil(t, func() bool { return !available() }, "not available once away")
	wes.do(chromedp.Reload())
	waitJS(t, wes.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	waitJS(t, wes.ctx, `document.querySelector("#status").value === "away"`, waitTimeout)
	assert.False(t, available(), "still away after a reload")
}

// waitUntil polls ok until it holds or the suite's timeout passes.
func waitUntil(t *testing.T, ok func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// deskShot scrolls the element sel into view and takes a screenshot
// (when $LCWASM_E2E_SHOTS is set).
func deskShot(tb *tab, name, sel string) {
	tb.eval(`document.querySelector(` + jsString(sel) + `).scrollIntoView({block: "start"})`)
	screenshot(tb, name)
}

// keyboardEnter presses Enter as a keyboard does: one keyDown carrying
// the text "\r", so a handler's preventDefault on keydown stops the line
// break (chromedp's KeyEvent sends the text as a separate char event,
// which a page cannot stop from keydown).
func keyboardEnter(tb *tab) {
	tb.t.Helper()
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r",
		WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	tb.call(func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, input.DispatchKeyEvent, up)
		return err
	})
}
