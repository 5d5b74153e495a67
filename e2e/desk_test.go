package e2e

// The agent desk (issue 15): the console's errors, limits, status, waiting
// list and conversations, with raw visitor sockets where the test needs
// to say what the widget would not, and two agents where it matters.

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

// queueEntry is the JS expression of the waiting-list item whose text
// mentions token.
func queueEntry(token string) string {
	return `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(token) + `))`
}

// TestConsoleWaitingList: before Accept, both agents read what the visitor
// typed while waiting and why they came, in words (no "page call", no
// "startProactiveChat"); waiting times tick every second; a visitor who
// leaves shows "Left" with no Accept within moments. Light and dark, no
// axe violation.
func TestConsoleWaitingList(t *testing.T) {
	t.Parallel()
	sam := signInRight(t, "sam")
	xena := signInRight(t, "xena")
	token := unique(t)
	rule := startVisitor(t, token+"-rule", map[string]any{"proactive": true, "source": "rule", "ruleId": "pricing"})
	page := startVisitor(t, token+"-page", map[string]any{"proactive": true, "source": "startProactiveChat"})
	startVisitor(t, token+"-call", map[string]any{"source": "startChat"})
	startVisitor(t, token+"-button", map[string]any{"source": "launcher"})
	rule.send(t, map[string]any{"type": wire.Send, "cid": "m1", "text": "Do you ship to Norway?"})
	rule.expect(t, wire.Ack)

	for _, agent := range []*tab{sam, xena} {
		waitJS(t, agent.ctx, queueEntry(token+"-rule")+`?.querySelector(".preview")?.textContent === "“Do you ship to Norway?”"`, waitTimeout)
		reason := func(suffix string) string {
			return evalJS[string](agent, queueEntry(token+suffix)+`.querySelector(".reason").textContent`)
		}
		waitJS(t, agent.ctx, `!!`+queueEntry(token+"-button"), waitTimeout)
		assert.Equal(t, "Invitation: pricing", reason("-rule"))
		assert.Equal(t, "Invitation from the page", reason("-page"))
		assert.Equal(t, "Started from the page", reason("-call"))
		assert.Equal(t, "Chat button", reason("-button"))
		list := evalJS[string](agent, `document.querySelector("#queue").textContent`)
		assert.NotContains(t, list, "page call")
		assert.NotContains(t, list, "startProactiveChat")
	}

	// The waiting time ticks every second (on screen: the console ticks
	// only the items in view).
	sam.eval(queueEntry(token+"-rule") + `.scrollIntoView()`)
	waiting := queueEntry(token+"-rule") + `.querySelector(".waiting").textContent`
	first := evalJS[string](sam, waiting)
	waitJS(t, sam.ctx, waiting+` !== `+jsString(first), 3*time.Second)
	second := evalJS[string](sam, waiting)
	waitJS(t, sam.ctx, waiting+` !== `+jsString(second), 3*time.Second)

	// A visitor who leaves: "Left", no Accept, promptly.
	left := time.Now()
	page.ws.CloseNow()
	waitJS(t, xena.ctx, queueEntry(token+"-page")+`?.querySelector(".badge.offline")?.textContent === "Left"`, 5*time.Second)
	t.Logf("the waiting list showed the visitor as left %v after they went", time.Since(left).Round(time.Millisecond))
	assert.False(t, evalJS[bool](xena, `!!`+queueEntry(token+"-page")+`.querySelector("button")`), "no Accept for a visitor who left")

	// The message reaches the transcript on Accept too.
	acceptChat(t, sam, token+"-rule")
	waitJS(t, sam.ctx, `document.querySelector("#transcript").textContent.includes("Do you ship to Norway?")`, waitTimeout)
	waitJS(t, xena.ctx, `!`+queueEntry(token+"-rule"), waitTimeout)
	xena.assertAccessible("the waiting list (light)")
	screenshot(xena, "desk-waiting-light")
	xena.darkMode(true)
	xena.assertAccessible("the waiting list (dark)")
	screenshot(xena, "desk-waiting-dark")
}

// countTones makes the console's Web Audio tones countable:
// window.__tones lists the frequency of each one started. Call before
// navigate.
func countTones(agent *tab) {
	agent.addScript(`window.__tones = [];
	const osc = AudioContext.prototype.createOscillator;
	AudioContext.prototype.createOscillator = function () {
		const o = osc.call(this), start = o.start.bind(o);
		o.start = (...a) => { window.__tones.push(o.frequency.value); return start(...a); };
		return o;
	};`)
}

// mineEntry is the JS expression of the "My conversations" item whose
// conversation is id.
func mineEntry(id string) string {
	return `document.querySelector('#mine li[data-conversation="` + id + `"]')`
}

// TestConsoleConversations: a message in a conversation that is not open
// counts as unread on its entry and in the tab's title and plays a short
// tone; every entry shows its last message and time; opening it (by
// keyboard) clears the count; "Sounds" off (kept across a reload) keeps
// the count but plays nothing. A second agent's console is untouched.
func TestConsoleConversations(t *testing.T) {
	t.Parallel()
	tess := signInRight(t, "tess")
	countTones(tess)
	tess.navigate("/agent")
	waitJS(t, tess.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	uma := signInRight(t, "uma")
	token := unique(t)
	a := startVisitor(t, token+"-a", nil)
	b := startVisitor(t, token+"-b", nil)
	c := startVisitor(t, token+"-c", nil)
	acceptChat(t, tess, token+"-a")
	a.expect(t, wire.AgentJoined)
	waitJS(t, tess.ctx, `document.querySelectorAll("#mine li").length === 1`, waitTimeout)
	idA := evalJS[string](tess, `document.querySelector("#mine li").dataset.conversation`)
	acceptChat(t, tess, token+"-b")
	b.expect(t, wire.AgentJoined)
	waitJS(t, tess.ctx, `document.querySelectorAll("#mine li").length === 2`, waitTimeout)
	idB := evalJS[string](tess, `[...document.querySelectorAll("#mine li")].find(li => li.dataset.conversation !== `+jsString(idA)+`).dataset.conversation`)
	acceptChat(t, uma, token+"-c")
	c.expect(t, wire.AgentJoined)
	tess.eval(mineEntry(idA) + `.querySelector("button").click()`)
	waitJS(t, tess.ctx, mineEntry(idA)+`.querySelector("button").getAttribute("aria-current") === "true"`, waitTimeout)
	tones := evalJS[int](tess, `window.__tones.length`)

	b.send(t, map[string]any{"type": wire.Send, "cid": "b1", "text": "Hello from B"})
	b.expect(t, wire.Ack)
	waitJS(t, tess.ctx, mineEntry(idB)+`?.querySelector(".unread")?.textContent === "1"`, waitTimeout)
	assert.Equal(t, "1 unread message", evalJS[string](tess, mineEntry(idB)+`.querySelector(".unread").getAttribute("aria-label")`))
	assert.Contains(t, evalJS[string](tess, mineEntry(idB)+`.querySelector(".last").textContent`), "Hello from B")
	assert.NotEmpty(t, evalJS[string](tess, mineEntry(idB)+`.querySelector(".last time").dateTime`))
	assert.Contains(t, evalJS[string](tess, `document.title`), "1 unread")
	waitJS(t, tess.ctx, `window.__tones.length === `+strconv.Itoa(tones+1), waitTimeout)
	assert.Equal(t, 660.0, evalJS[float64](tess, `window.__tones.at(-1)`), "the message tone, not the new-chat one")
	b.send(t, map[string]any{"type": wire.Send, "cid": "b2", "text": "Still there?"})
	b.expect(t, wire.Ack)
	waitJS(t, tess.ctx, mineEntry(idB)+`?.querySelector(".unread")?.textContent === "2"`, waitTimeout)
	assert.Contains(t, evalJS[string](tess, `document.title`), "2 unread")
	assert.False(t, evalJS[bool](uma, `!!document.querySelector("#mine .unread")`), "the other agent's console counts nothing")
	tess.assertAccessible("the console with unread messages (light)")
	deskShot(tess, "desk-unread-light", "#mine")
	tess.darkMode(true)
	tess.assertAccessible("the console with unread messages (dark)")
	deskShot(tess, "desk-unread-dark", "#mine")
	tess.darkMode(false)

	// Opened by keyboard: read.
	tess.eval(mineEntry(idB) + `.querySelector("button").focus()`)
	tess.press(kb.Enter)
	waitJS(t, tess.ctx, `!`+mineEntry(idB)+`.querySelector(".unread")`, waitTimeout)
	assert.NotContains(t, evalJS[string](tess, `document.title`), "unread")

	// Sounds off, by keyboard, kept across a reload: counted, not heard.
	tess.do(chromedp.Focus("#sound"))
	tess.press(" ")
	waitJS(t, tess.ctx, `!document.querySelector("#sound").checked`, waitTimeout)
	tess.navigate("/agent")
	waitJS(t, tess.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	waitJS(t, tess.ctx, `document.querySelectorAll("#mine li").length === 2`, waitTimeout)
	assert.False(t, evalJS[bool](tess, `document.querySelector("#sound").checked`))
	tess.eval(mineEntry(idB) + `.querySelector("button").click()`)
	waitJS(t, tess.ctx, mineEntry(idB)+`.querySelector("button").getAttribute("aria-current") === "true"`, waitTimeout)
	a.send(t, map[string]any{"type": wire.Send, "cid": "a1", "text": "Quiet one"})
	a.expect(t, wire.Ack)
	waitJS(t, tess.ctx, mineEntry(idA)+`?.querySelector(".unread")?.textContent === "1"`, waitTimeout)
	assert.Equal(t, 0, evalJS[int](tess, `window.__tones.length`), "no tone with Sounds off")
}

// deskShot scrolls the element sel into view and takes a screenshot
// (when $LCWASM_E2E_SHOTS is set).
func deskShot(tb *tab, name, sel string) {
	tb.eval(`document.querySelector(` + jsString(sel) + `).scrollIntoView({block: "start"})`)
	screenshot(tb, name)
}

// readUntil reads a raw visitor socket's frames until a message frame
// with the text until, and returns every frame read, as sent.
func readUntil(t *testing.T, v *visitorWS, until string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	var all []string
	for {
		_, b, err := v.ws.Read(ctx)
		require.NoError(t, err, "waiting for the message %q", until)
		all = append(all, string(b))
		var f map[string]any
		require.NoError(t, json.Unmarshal(b, &f))
		if f["type"] == wire.Message && f["text"] == until {
			return all
		}
	}
}

// TestConsoleNotesAndTransfer: an internal note, written with the
// keyboard, shows apart in the agent's transcript and never reaches the
// visitor's socket; a chat transferred with a note reaches the other
// agent (told who sent it, the note in the transcript), leaves the
// giver's list, and the visitor's widget says "You're now chatting with
// Zack." Light and dark, no axe violation, the dialog open too.
func TestConsoleNotesAndTransfer(t *testing.T) {
	t.Parallel()
	yara := signInRight(t, "yara")
	zack := signInRight(t, "zack")
	token := unique(t)
	raw := startVisitor(t, token+"-raw", nil)
	acceptChat(t, yara, token+"-raw")
	raw.expect(t, wire.AgentJoined)
	waitJS(t, yara.ctx, `!document.querySelector("#send").hidden`, waitTimeout)

	yara.do(chromedp.Focus("#note-mode"))
	yara.press(" ")
	waitJS(t, yara.ctx, `document.querySelector("#send-button").textContent === "Add note"`, waitTimeout)
	yara.do(chromedp.Focus("#text"), chromedp.SendKeys("#text", "VIP: offer free shipping"))
	keyboardEnter(yara)
	waitJS(t, yara.ctx, `document.querySelector("#transcript .msg.note")?.textContent.includes("VIP: offer free shipping")`, waitTimeout)
	yara.do(chromedp.Focus("#note-mode"))
	yara.press(" ")
	yara.do(chromedp.Focus("#text"), chromedp.SendKeys("#text", "Hello there"))
	yara.press(kb.Enter)
	frames := readUntil(t, raw, "Hello there")
	for _, f := range frames {
		assert.NotContains(t, f, "VIP", "the visitor's socket never receives a note")
		assert.NotContains(t, f, `"note"`)
	}
	t.Logf("the visitor's socket received %d frames up to the reply, none a note", len(frames))
	yara.assertAccessible("a conversation with an internal note (light)")
	deskShot(yara, "desk-note-light", "#conv-title")

	// A real widget's chat, transferred to Zack with a note.
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/chat.html?run=" + token + "-w")
	visitor.waitReady()
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, yara, token+"-w")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)
	waitJS(t, yara.ctx, `document.querySelector("#details").textContent.includes(`+jsString(token+"-w")+`)`, waitTimeout)
	idW := evalJS[string](yara, `document.querySelector("#mine li.selected").dataset.conversation`)
	waitJS(t, yara.ctx, `!!document.querySelector('#team li[data-user="zack"].available')`, waitTimeout)
	yara.do(chromedp.Focus("#transfer"))
	yara.press(kb.Enter)
	waitJS(t, yara.ctx, `document.querySelector("#transfer-dialog").open && document.activeElement.id === "transfer-to"`, waitTimeout)
	assert.Contains(t, evalJS[string](yara, `[...document.querySelectorAll("#transfer-to option")].map(o => o.textContent).join("|")`), "Zack (")
	yara.assertAccessible("the transfer dialog (light)")
	yara.darkMode(true)
	yara.assertAccessible("the transfer dialog (dark)")
	deskShot(yara, "desk-transfer-dark", "#transfer-dialog")
	yara.darkMode(false)
	yara.eval(`document.querySelector("#transfer-to").value = "zack"`)
	yara.do(chromedp.Focus("#transfer-note"), chromedp.SendKeys("#transfer-note", "Asked about refunds"))
	yara.do(chromedp.Focus("#transfer-confirm"))
	yara.press(kb.Enter)

	waitJS(t, zack.ctx, mineEntry(idW)+` !== null`, waitTimeout)
	announced(t, zack, "Yara transferred a chat with Visitor to you.")
	waitJS(t, visitor.ctx, `__e2e.root().getElementById("oc-lcw-chat-transcript")?.textContent.includes("You're now chatting with Zack.")`, waitTimeout)
	waitJS(t, yara.ctx, mineEntry(idW)+` === null`, waitTimeout)
	zack.eval(mineEntry(idW) + `.querySelector("button").click()`)
	waitJS(t, zack.ctx, `document.querySelector("#transcript .msg.note")?.textContent.includes("Asked about refunds")`, waitTimeout)
	zack.do(chromedp.Focus("#text"), chromedp.SendKeys("#text", "Hi, Zack here"))
	zack.press(kb.Enter)
	waitJS(t, visitor.ctx, `__e2e.root().getElementById("oc-lcw-chat-transcript")?.textContent.includes("Hi, Zack here")`, waitTimeout)
	assert.NotContains(t, evalJS[string](visitor, `__e2e.root().textContent`), "Asked about refunds", "the widget never shows a note")
	zack.assertAccessible("a transferred conversation (light)")
	zack.darkMode(true)
	zack.assertAccessible("a transferred conversation (dark)")
	deskShot(zack, "desk-transferred-dark", "#conv-title")
	screenshot(visitor, "desk-transferred-visitor")
}

// pickerOptions are the texts of the canned-response list's options.
func pickerOptions(tb *tab) []string {
	return evalJS[[]string](tb, `[...document.querySelectorAll("#canned-list [role=option]")].map(o => o.textContent)`)
}

// TestConsoleCannedResponses: an agent saves a personal response (kept
// across a reload, not shown to another agent); typing "/" lists it with
// the widget's shared one, Up and Down move the active option
// (aria-activedescendant, aria-selected), Enter inserts it with the
// visitor's and the agent's names, Enter again sends it. The widget's
// public configuration does not carry the shared ones. Light and dark,
// the list open, no axe violation.
func TestConsoleCannedResponses(t *testing.T) {
	t.Parallel()
	abby := signInRight(t, "abby")
	cody := signInRight(t, "cody")
	resp, err := http.Get(baseURL + "/api/v1/widgets/e2e-desk/config")
	require.NoError(t, err)
	var cfg map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&cfg))
	resp.Body.Close()
	assert.NotContains(t, cfg, "cannedResponses", "the agents' responses are not in the public configuration")

	abby.do(chromedp.Focus("#canned-shortcut"), chromedp.SendKeys("#canned-shortcut", "thanks"),
		chromedp.Focus("#canned-text"), chromedp.SendKeys("#canned-text", "Thanks {visitor.name}, {agent.name} here."),
		chromedp.Focus("#canned-form button"))
	keyboardEnter(abby)
	waitJS(t, abby.ctx, `document.querySelector("#canned-mine").textContent.includes("/thanks")`, waitTimeout)

	token := unique(t)
	v := startVisitorOn(t, "e2e-desk", token, map[string]any{"prechat": map[string]any{"name": "Dana " + token[len(token)-4:]}})
	acceptChat(t, abby, token)
	v.expect(t, wire.AgentJoined)
	waitJS(t, abby.ctx, `!document.querySelector("#send").hidden && document.activeElement.id === "text"`, waitTimeout)
	abby.do(chromedp.SendKeys("#text", "/"))
	waitJS(t, abby.ctx, `!document.querySelector("#canned-list").hidden`, waitTimeout)
	opts := pickerOptions(abby)
	require.Len(t, opts, 2)
	assert.Contains(t, opts[0], "/thanks · Mine")
	assert.Contains(t, opts[1], "/hours · Shared")
	assert.Equal(t, "canned-opt-0", evalJS[string](abby, `document.querySelector("#text").getAttribute("aria-activedescendant")`))
	abby.press(kb.ArrowDown)
	waitJS(t, abby.ctx, `document.querySelector("#text").getAttribute("aria-activedescendant") === "canned-opt-1"`, waitTimeout)
	assert.Equal(t, "true", evalJS[string](abby, `document.querySelector("#canned-opt-1").getAttribute("aria-selected")`))
	abby.assertAccessible("the canned responses open (light)")
	deskShot(abby, "desk-canned-light", "#conv-title")
	abby.darkMode(true)
	abby.assertAccessible("the canned responses open (dark)")
	deskShot(abby, "desk-canned-dark", "#conv-title")
	abby.darkMode(false)
	abby.press(kb.ArrowUp)
	abby.do(chromedp.SendKeys("#text", "th"))
	waitJS(t, abby.ctx, `document.querySelectorAll("#canned-list [role=option]").length === 1`, waitTimeout)
	keyboardEnter(abby)
	name := "Dana " + token[len(token)-4:]
	waitJS(t, abby.ctx, `document.querySelector("#text").value === `+jsString("Thanks "+name+", Abby here."), waitTimeout)
	assert.True(t, evalJS[bool](abby, `document.querySelector("#canned-list").hidden`))
	keyboardEnter(abby)
	m := v.expect(t, wire.Message)
	assert.Equal(t, "Thanks "+name+", Abby here.", m["text"])

	// Escape closes the list and keeps what was typed.
	abby.do(chromedp.SendKeys("#text", "/ho"))
	waitJS(t, abby.ctx, `!document.querySelector("#canned-list").hidden`, waitTimeout)
	abby.press(kb.Escape)
	waitJS(t, abby.ctx, `document.querySelector("#canned-list").hidden && document.querySelector("#text").value === "/ho"`, waitTimeout)

	// Kept across a reload; another agent sees only the shared one.
	abby.navigate("/agent")
	waitJS(t, abby.ctx, `document.querySelector("#canned-mine").textContent.includes("/thanks")`, waitTimeout)
	token2 := unique(t) + "-b"
	startVisitorOn(t, "e2e-desk", token2, nil)
	acceptChat(t, cody, token2)
	waitJS(t, cody.ctx, `!document.querySelector("#send").hidden && document.activeElement.id === "text"`, waitTimeout)
	cody.do(chromedp.SendKeys("#text", "/"))
	waitJS(t, cody.ctx, `!document.querySelector("#canned-list").hidden`, waitTimeout)
	assert.Equal(t, 1, len(pickerOptions(cody)))
	assert.Contains(t, pickerOptions(cody)[0], "/hours · Shared")
	cody.press(kb.Tab)
	waitJS(t, cody.ctx, `document.querySelector("#text").value === "We answer from 9 to 17, Visitor."`, waitTimeout)
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

// liveEntry is the supervisor's list item whose conversation is id.
func liveEntry(id string) string {
	return `document.querySelector('#live li[data-conversation="` + id + `"]')`
}

// TestConsoleSupervisorView: a supervisor sees every live chat with its
// agent, how long it waited and has gone on, and each agent's status and
// load; opens one read-only by keyboard (no reply box, End or Transfer)
// and follows its messages live. An agent without the flag has no such
// view. Light and dark, no axe violation.
func TestConsoleSupervisorView(t *testing.T) {
	t.Parallel()
	dina := signInRight(t, "dina")
	emma := signInRight(t, "emma")
	assert.False(t, shown(emma, "#super"), "no supervisor view without the flag")
	waitJS(t, dina.ctx, `!document.querySelector("#super").hidden`, waitTimeout)
	token := unique(t)
	v := startVisitor(t, token+"-a", map[string]any{"prechat": map[string]any{"name": "Ola " + token[len(token)-4:]}})
	startVisitor(t, token+"-b", nil)
	acceptChat(t, emma, token+"-a")
	v.expect(t, wire.AgentJoined)
	waitJS(t, emma.ctx, `document.querySelectorAll("#mine li").length === 1`, waitTimeout)
	id := evalJS[string](emma, `document.querySelector("#mine li").dataset.conversation`)
	name := "Ola " + token[len(token)-4:]

	waitJS(t, dina.ctx, liveEntry(id)+`?.textContent.includes("Agent: Emma")`, waitTimeout)
	times := liveEntry(id) + `.querySelector(".times").textContent`
	assert.Regexp(t, `^Waited \d+ s · chatting \d+ s$`, evalJS[string](dina, times))
	first := evalJS[string](dina, times)
	waitJS(t, dina.ctx, times+` !== `+jsString(first), 3*time.Second)
	waitJS(t, dina.ctx, `[...document.querySelectorAll("#live li")].some(li => li.textContent.includes("No agent yet"))`, waitTimeout)
	waitJS(t, dina.ctx, `document.querySelector('#team li[data-user="emma"] .state')?.textContent.includes("Available · 1 of 3 chats")`, waitTimeout)

	dina.eval(liveEntry(id) + `.querySelector("button").focus()`)
	dina.press(kb.Enter)
	waitJS(t, dina.ctx, `document.querySelector("#conv-title").textContent.includes("read-only, Emma’s chat")`, waitTimeout)
	assert.Contains(t, evalJS[string](dina, `document.querySelector("#conv-title").textContent`), name)
	assert.Equal(t, "transcript", evalJS[string](dina, `document.activeElement.id`))
	for _, sel := range []string{"#send", "#end", "#transfer"} {
		assert.False(t, shown(dina, sel), "no %s in a read-only chat", sel)
	}
	assert.Equal(t, 0, evalJS[int](dina, `document.querySelectorAll("#mine li").length`), "a watched chat is not the supervisor's")
	v.send(t, map[string]any{"type": wire.Send, "cid": "v1", "text": "Is anyone watching?"})
	v.expect(t, wire.Ack)
	waitJS(t, dina.ctx, `document.querySelector("#transcript").textContent.includes("Is anyone watching?")`, waitTimeout)
	emma.do(chromedp.Focus("#text"), chromedp.SendKeys("#text", "Only me"))
	keyboardEnter(emma)
	waitJS(t, dina.ctx, `document.querySelector("#transcript").textContent.includes("Only me")`, waitTimeout)
	dina.assertAccessible("the supervisor view (light)")
	deskShot(dina, "desk-supervisor-light", "#super-title")
	dina.darkMode(true)
	dina.assertAccessible("the supervisor view (dark)")
	deskShot(dina, "desk-supervisor-dark", "#conv-title")
}

// oldConsole makes the tab's console, on its first load only, speak as an
// older one: its auth frame's protocol set to protocol (undefined: no
// field, as before versions). window.__sockets counts its sockets,
// sessionStorage "loads" its loads.
func oldConsole(tb *tab, protocol string) {
	tb.addScript(`sessionStorage.setItem("loads", String(Number(sessionStorage.getItem("loads") || 0) + 1));
	window.__sockets = 0;
	const first = sessionStorage.getItem("loads") === "1";
	window.WebSocket = class extends WebSocket {
		constructor(...a) { super(...a); window.__sockets++; }
		send(data) {
			if (first) {
				const f = JSON.parse(data);
				if (f.type === "auth") { f.protocol = ` + protocol + `; data = JSON.stringify(f); }
			}
			super.send(data);
		}
	};`)
}

// TestConsoleProtocolVersion: a console open across a server upgrade
// (an older protocol in its first frame) says "This console was updated.
// Reload to continue.", stops reconnecting, and Reload (by keyboard)
// brings the new one, which lists the waiting visitor; a console from
// before versions reloads itself. Light and dark, no axe violation.
func TestConsoleProtocolVersion(t *testing.T) {
	t.Parallel()
	token := unique(t)
	startVisitor(t, token, nil)
	fay := signInRight(t, "fay")
	oldConsole(fay, strconv.Itoa(wire.AgentProtocol-1))
	fay.do(chromedp.Reload())
	waitJS(t, fay.ctx, `!document.querySelector("#outdated").hidden`, waitTimeout)
	assert.Equal(t, "This console was updated. Reload to continue.",
		evalJS[string](fay, `document.querySelector("#outdated p").textContent`))
	assert.Equal(t, "Update needed", evalJS[string](fay, `document.querySelector("#connection").textContent`))
	assert.Equal(t, "reload", evalJS[string](fay, `document.activeElement.id`))
	// No reconnecting: after four times the first backoff, still one socket.
	assert.Equal(t, 1, evalJS[int](fay, `new Promise(r => setTimeout(() => r(window.__sockets), 2000))`))
	fay.assertAccessible("the console asking for a reload (light)")
	deskShot(fay, "desk-outdated-light", "#outdated")
	fay.darkMode(true)
	fay.assertAccessible("the console asking for a reload (dark)")
	fay.darkMode(false)
	fay.press(kb.Enter)
	waitJS(t, fay.ctx, `sessionStorage.getItem("loads") === "2" && document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	assert.True(t, evalJS[bool](fay, `document.querySelector("#outdated").hidden`))
	waitJS(t, fay.ctx, `!!`+queueEntry(token), waitTimeout)

	gus := signInRight(t, "gus")
	oldConsole(gus, "undefined")
	gus.do(chromedp.Reload())
	waitJS(t, gus.ctx, `sessionStorage.getItem("loads") === "2" && document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	waitJS(t, gus.ctx, `!!`+queueEntry(token), waitTimeout)
}
