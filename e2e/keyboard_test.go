package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The keyboard tests use real key events (Input.dispatchKeyEvent), never
// element.focus(): focus moves the way a visitor's keyboard moves it.

// TestKeyboardInvitation: from the page's last control, Tab reaches the
// invitation's X and then "Chat Now" (the order they are seen in), and
// leaves the widget again; Shift+Tab comes back. It appears without taking
// focus from the field the visitor types in. Space on the X declines it
// and puts focus on the launcher that takes its place; Enter on "Chat Now"
// opens the chat pane with focus in it.
func TestKeyboardInvitation(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	tb.clickPage("q")
	tb.press("a")
	tb.startProactiveChat(`{message: "Typing? We can help"}`)
	tb.waitShown(idInvitation)
	tb.settle()
	assert.Equal(t, "#q", tb.focus(), "the invitation takes no focus")
	tb.press("b")
	assert.Equal(t, "ab", evalJS[string](tb, `document.getElementById("q").value`), "typing goes on in the page")

	tb.tabs(false, "widget #"+idClose, "widget #"+idStart)
	out := tb.tab(false)
	assert.False(t, strings.HasPrefix(out, "widget"), "Tab leaves the widget: focus went to %s", out)
	tb.tabs(true, "widget #"+idStart, "widget #"+idClose)

	tb.press(" ")
	ev := tb.waitEvent("lcw:proactiveChatDeclined")
	assert.Equal(t, "close", ev.Detail["how"])
	tb.waitFocus("widget #" + idLauncher)
	tb.assertFocusVisible()

	// The launcher, like the invitation, is a stop on the way, not a trap.
	out = tb.tab(false)
	assert.False(t, strings.HasPrefix(out, "widget"), "Tab leaves the launcher: focus went to %s", out)
	tb.tabs(true, "widget #"+idLauncher)

	// Invited while the launcher has focus: focus moves to "Chat Now",
	// which takes its place, rather than falling on nothing.
	tb.startProactiveChat(`{message: "Over the launcher"}`)
	tb.waitShown(idInvitation)
	tb.waitFocus("widget #" + idStart)
	tb.press(kb.Escape)
	tb.waitFocus("widget #" + idLauncher)

	// Invited again; Enter on "Chat Now".
	tb.clickPage("q")
	tb.startProactiveChat(`{message: "Still there?"}`)
	tb.waitShown(idInvitation)
	tb.tabs(false, "widget #"+idClose, "widget #"+idStart)
	tb.press(kb.Enter)
	tb.waitEvent("lcw:proactiveChatAccepted")
	tb.waitShown(idChat)
	tb.waitFocus("widget #oc-lcw-chat-title")
}

// TestKeyboardEscape: Escape declines the invitation when it belongs to
// nobody else: with focus in the widget (focus then lands on the
// launcher), or on no page element. With focus in a page field, or in the
// page's own dialog (which closes with Escape), the key is the page's and
// the invitation stays.
func TestKeyboardEscape(t *testing.T) {
	t.Parallel()
	t.Run("in the page's dialog", func(t *testing.T) {
		t.Parallel()
		tb := openPage(t, "a11y/page.html")
		tb.startProactiveChat(``)
		tb.waitShown(idInvitation)
		tb.clickPage("q")
		tb.tabs(false, "#open-dialog")
		tb.press(kb.Enter)
		tb.waitFocus("#dialog-ok")
		tb.press(kb.Escape)
		waitJS(t, tb.ctx, `window.__dialogClosedByEscape === 1`, waitTimeout)
		tb.waitFocus("#open-dialog")
		tb.settle()
		assert.True(t, tb.shown(idInvitation), "the page's Escape closed the page's dialog only")
		assert.Empty(t, tb.events("lcw:proactiveChatDeclined"))

		tb.clickPage("q")
		tb.press(kb.Escape)
		tb.settle()
		assert.True(t, tb.shown(idInvitation), "Escape in a page field is the field's")
		assert.Empty(t, tb.events("lcw:proactiveChatDeclined"))
	})
	t.Run("in the widget", func(t *testing.T) {
		t.Parallel()
		tb := openPage(t, "on.html")
		tb.startProactiveChat(``)
		tb.waitShown(idInvitation)
		tb.clickPage("q")
		tb.tabs(false, "widget #"+idClose, "widget #"+idStart)
		tb.press(kb.Escape)
		ev := tb.waitEvent("lcw:proactiveChatDeclined")
		assert.Equal(t, "escape", ev.Detail["how"])
		tb.waitFocus("widget #" + idLauncher)
	})
	t.Run("on no element", func(t *testing.T) {
		t.Parallel()
		tb := openPage(t, "on.html")
		tb.startProactiveChat(``)
		tb.waitShown(idInvitation)
		require.Equal(t, "body", tb.focus())
		tb.press(kb.Escape)
		ev := tb.waitEvent("lcw:proactiveChatDeclined")
		assert.Equal(t, "escape", ev.Detail["how"])
		assert.Equal(t, "body", tb.focus(), "focus stays where it was")
	})
}

// TestKeyboardPrechat: "Chat Now" by keyboard opens the survey with focus
// on its first field; Tab goes through every field in order to the submit
// button and on out of the widget (the pane is not modal: no trap), and
// back through the header's X; Enter on the submit button with fields
// missing focuses the first to fix; Escape closes the survey and focus
// returns to the launcher, where the visitor's way in was.
func TestKeyboardPrechat(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "prechat.html")
	tb.startProactiveChat(``)
	tb.waitShown(idInvitation)
	tb.clickPage("q")
	tb.tabs(false, "widget #"+idClose, "widget #"+idStart)
	tb.press(kb.Enter)
	tb.waitShown(idPrechat)
	tb.waitFocus("widget #oc-lcw-prechat-field-0")
	tb.assertFocusVisible()

	var fields []string
	for i := 1; i <= 5; i++ {
		fields = append(fields, fmt.Sprintf("widget #oc-lcw-prechat-field-%d", i))
	}
	tb.tabs(false, append(fields, "widget #oc-lcw-prechat-submit")...)
	out := tb.tab(false)
	assert.False(t, strings.HasPrefix(out, "widget"), "Tab leaves the pane: focus went to %s", out)
	tb.tabs(true, "widget #oc-lcw-prechat-submit")

	tb.press(kb.Enter)
	waitJS(t, tb.ctx, `__e2e.el("oc-lcw-prechat-field-0").getAttribute("aria-invalid") === "true"`, waitTimeout)
	tb.waitFocus("widget #oc-lcw-prechat-field-0")
	tb.tabs(true, "widget #oc-lcw-prechat-closebutton")

	tb.tabs(false, "widget #oc-lcw-prechat-field-0")
	tb.press(kb.Escape)
	tb.waitGone(idPrechat)
	tb.waitEvent("lcw:onClose")
	tb.waitFocus("widget #" + idLauncher)
}

// TestKeyboardPaneReturnsFocus: a page button opens the chat (SDK
// startChat); Escape minimizes the pane and focus returns to that button;
// the launcher, reached by Shift+Tab, brings the pane back on Enter; its X,
// reached by Tab, closes it on Enter, and focus is back on the button.
func TestKeyboardPaneReturnsFocus(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "a11y/page.html")
	tb.clickPage("q")
	tb.tabs(false, "#open-dialog", "#contact")
	tb.press(kb.Enter)
	tb.waitShown(idChat)
	tb.waitFocus("widget #oc-lcw-chat-title")
	tb.tabs(false, "widget #oc-lcw-chat-minimizebutton", "widget #oc-lcw-chat-closebutton")

	tb.press(kb.Escape)
	tb.waitEvent("lcw:onMinimize")
	tb.waitFocus("#contact")
	tb.waitShown(idLauncher)
	assert.False(t, tb.shown(idChat), "minimized")

	tb.tabs(false, "widget #"+idLauncher)
	tb.press(kb.Enter)
	tb.waitEvent("lcw:onMaximize")
	tb.waitShown(idChat)
	tb.tabs(false, "widget #oc-lcw-chat-minimizebutton", "widget #oc-lcw-chat-closebutton")
	tb.press(kb.Enter)
	tb.waitEvent("lcw:onClose")
	tb.waitGone(idChat)
	tb.waitFocus("#contact")

	// The launcher opens the chat by keyboard too.
	tb.tabs(false, "widget #"+idLauncher)
	tb.press(" ")
	tb.waitShown(idChat)
	tb.waitFocus("widget #oc-lcw-chat-title")
	tb.tabs(false, "widget #oc-lcw-chat-minimizebutton")
	tb.press(kb.Enter)
	tb.waitFocus("widget #" + idLauncher)
}

// TestKeyboardAgentConsole: a whole conversation by keyboard on both
// sides. The visitor accepts the invitation and types into the message box
// that has focus; the agent Tabs to the visitor's Accept button and
// presses Enter, answers with Enter in the reply box and with the Send
// button, and ends the chat with the End button.
func TestKeyboardAgentConsole(t *testing.T) {
	t.Parallel()
	agent := signIn(t, "grace")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/chat.html?run=" + run)
	visitor.waitReady()
	visitor.startProactiveChat(`{message: "Need a hand?"}, false`)
	visitor.waitShown(idInvitation)
	visitor.clickPage("q")
	visitor.tabs(false, "widget #"+idClose, "widget #"+idStart)
	visitor.press(kb.Enter)
	visitor.waitShown("oc-lcw-chat-sendbox")
	visitor.waitFocus("widget #oc-lcw-chat-input")
	visitor.assertFocusVisible()
	visitor.waitEvent("lcw:chatQueued")
	visitor.tabs(false, "widget #oc-lcw-chat-attach", "widget #oc-lcw-chat-send")
	visitor.tabs(true, "widget #oc-lcw-chat-attach", "widget #oc-lcw-chat-input")

	// The agent Tabs through the console to this visitor's Accept button.
	find := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(run) + `))`
	waitJS(t, agent.ctx, `!!`+find, waitTimeout)
	onAccept := `document.activeElement === ` + find + `?.querySelector("button")`
	reached := false
	for range 80 {
		agent.press(kb.Tab)
		if evalJS[bool](agent, onAccept) {
			reached = true
			break
		}
	}
	require.True(t, reached, "Tab reaches the visitor's Accept button")
	agent.assertFocusVisible()
	agent.press(kb.Enter)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(run)+`)`, waitTimeout)
	agent.waitFocus("#text")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)

	visitor.do(chromedp.KeyEvent("Hello from the keyboard"))
	visitor.press(kb.Enter)
	waitJS(t, agent.ctx, `document.querySelector("#transcript")?.textContent.includes("Hello from the keyboard")`, waitTimeout)

	agent.do(chromedp.KeyEvent("Enter sends"))
	agent.press(kb.Enter)
	waitJS(t, visitor.ctx, `[...__e2e.root().querySelectorAll(".lcw-msg-agent")].some(m => m.textContent.includes("Enter sends"))`, waitTimeout)
	agent.do(chromedp.KeyEvent("So does the button"))
	agent.tabs(false, "#send-button")
	agent.assertFocusVisible()
	agent.press(" ")
	waitJS(t, visitor.ctx, `[...__e2e.root().querySelectorAll(".lcw-msg-agent")].some(m => m.textContent.includes("So does the button"))`, waitTimeout)

	agent.tabs(true, "#text", "#end")
	agent.assertFocusVisible()
	agent.press(kb.Enter)
	agent.waitFocus("#end-confirm") // the confirmation dialog
	agent.press(kb.Enter)
	visitor.waitEvent("lcw:threadUpdate")
	waitJS(t, agent.ctx, `document.querySelector("#end").hidden`, waitTimeout)
	agent.waitFocus("#transcript") // not lost with the hidden End button
}

// TestKeyboardOutOfHours: "Chat Now" by keyboard outside operating hours
// opens the out-of-hours pane with focus on its title; Tab reaches its X;
// Escape closes it and focus goes to the launcher.
func TestKeyboardOutOfHours(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "closed.html")
	tb.startProactiveChat(``)
	tb.waitShown(idInvitation)
	tb.clickPage("q")
	tb.tabs(false, "widget #"+idClose, "widget #"+idStart)
	tb.press(" ")
	tb.waitShown(idOutOfHours)
	tb.waitFocus("widget #oc-lcw-outofhours-title")
	tb.tabs(false, "widget #oc-lcw-outofhours-closebutton")
	tb.press(kb.Escape)
	tb.waitGone(idOutOfHours)
	tb.waitEvent("lcw:onClose")
	tb.waitFocus("widget #" + idLauncher)
}
