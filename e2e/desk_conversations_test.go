package e2e

// The agent desk (issue 15): the waiting list, unread messages, internal
// notes and transfer.

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
)

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
	yara.do(chromedp.Focus("#text"), sendKeys("#text", "VIP: offer free shipping"))
	keyboardEnter(yara)
	waitJS(t, yara.ctx, `document.querySelector("#transcript .msg.note")?.textContent.includes("VIP: offer free shipping")`, waitTimeout)
	yara.do(chromedp.Focus("#note-mode"))
	yara.press(" ")
	yara.do(chromedp.Focus("#text"), sendKeys("#text", "Hello there"))
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
	yara.do(chromedp.Focus("#transfer-note"), sendKeys("#transfer-note", "Asked about refunds"))
	yara.do(chromedp.Focus("#transfer-confirm"))
	yara.press(kb.Enter)

	waitJS(t, zack.ctx, mineEntry(idW)+` !== null`, waitTimeout)
	announced(t, zack, "Yara transferred a chat with Visitor to you.")
	waitJS(t, visitor.ctx, `__e2e.root().getElementById("oc-lcw-chat-transcript")?.textContent.includes("You're now chatting with Zack.")`, waitTimeout)
	waitJS(t, yara.ctx, mineEntry(idW)+` === null`, waitTimeout)
	zack.eval(mineEntry(idW) + `.querySelector("button").click()`)
	waitJS(t, zack.ctx, `document.querySelector("#transcript .msg.note")?.textContent.includes("Asked about refunds")`, waitTimeout)
	zack.do(chromedp.Focus("#text"), sendKeys("#text", "Hi, Zack here"))
	zack.press(kb.Enter)
	waitJS(t, visitor.ctx, `__e2e.root().getElementById("oc-lcw-chat-transcript")?.textContent.includes("Hi, Zack here")`, waitTimeout)
	assert.NotContains(t, evalJS[string](visitor, `__e2e.root().textContent`), "Asked about refunds", "the widget never shows a note")
	zack.assertAccessible("a transferred conversation (light)")
	zack.darkMode(true)
	zack.assertAccessible("a transferred conversation (dark)")
	deskShot(zack, "desk-transferred-dark", "#conv-title")
	screenshot(visitor, "desk-transferred-visitor")
}
