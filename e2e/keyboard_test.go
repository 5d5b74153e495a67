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

// focusJS describes where focus is: "#id" of a page element (its tag when
// it has no id), "widget #id" for an element in the widget's shadow root,
// "body" for nothing in particular.
const focusJS = `(() => {
	const a = document.activeElement;
	if (!a || a === document.body) return "body";
	if (a.id === "oc-lcw") {
		const w = a.shadowRoot.activeElement;
		return w ? "widget #" + w.id : "widget";
	}
	return a.id ? "#" + a.id : a.tagName.toLowerCase();
})()`

// focus says where focus is (focusJS).
func (tb *tab) focus() string {
	tb.t.Helper()
	return evalJS[string](tb, focusJS)
}

// press sends one key (a kb constant or a character) with optional
// modifiers, as a keyboard would.
func (tb *tab) press(key string, mods ...chromedp.Modifier) {
	tb.t.Helper()
	var opts []chromedp.KeyOption
	if len(mods) > 0 {
		opts = append(opts, chromedp.KeyModifiers(mods...))
	}
	tb.do(chromedp.KeyEvent(key, opts...))
}

// tab presses Tab (Shift+Tab when back) and returns where focus went.
func (tb *tab) tab(back bool) string {
	tb.t.Helper()
	if back {
		tb.press(kb.Tab, chromedp.ModifierShift)
	} else {
		tb.press(kb.Tab)
	}
	return tb.focus()
}

// tabs presses Tab once per wanted stop and checks each, and that every
// widget control on the way shows a focus indicator.
func (tb *tab) tabs(back bool, want ...string) {
	tb.t.Helper()
	for i, w := range want {
		got := tb.tab(back)
		require.Equal(tb.t, w, got, "stop %d of %q (shift: %v)", i+1, want, back)
		if strings.HasPrefix(got, "widget #") {
			tb.assertFocusVisible()
		}
	}
}

// waitFocus waits until focus is at want (focusJS's words).
func (tb *tab) waitFocus(want string) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, focusJS+` === `+jsString(want), waitTimeout)
}

// assertFocusVisible checks that the focused control (in the widget or
// on the page) matches
// :focus-visible and draws an indicator a visitor can see: an outline at
// least 2px wide whose colour has a contrast of 3:1 or more (WCAG 1.4.11)
// with what it is drawn on: the control's own background for an inset
// outline, else the nearest background behind the control.
func (tb *tab) assertFocusVisible() {
	tb.t.Helper()
	got := evalJS[map[string]any](tb, `(() => {
		let el = document.activeElement;
		while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
		const s = getComputedStyle(el);
		const rgba = (c) => {
			const m = c.match(/rgba?\(([^)]+)\)/);
			if (!m) return null;
			const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
			return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
		};
		const lum = (c) => {
			const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
			return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
		};
		let under = parseFloat(s.outlineOffset) < 0 ? el : el.parentElement ?? el.getRootNode().host;
		let bg = {r: 255, g: 255, b: 255, a: 1};
		for (let n = under; n; n = n.parentElement ?? n.getRootNode().host) {
			const c = rgba(getComputedStyle(n).backgroundColor);
			if (c && c.a > 0.5) { bg = c; break; }
		}
		const oc = rgba(s.outlineColor);
		const [hi, lo] = [lum(oc), lum(bg)].sort((a, b) => b - a);
		return {id: el.id, visible: el.matches(":focus-visible"), style: s.outlineStyle,
			width: parseFloat(s.outlineWidth), color: s.outlineColor, on: JSON.stringify(bg),
			contrast: (hi + 0.05) / (lo + 0.05)};
	})()`)
	assert.Equal(tb.t, true, got["visible"], "#%s matches :focus-visible", got["id"])
	assert.NotEqual(tb.t, "none", got["style"], "#%s has a focus outline", got["id"])
	assert.GreaterOrEqual(tb.t, got["width"], 2.0, "#%s focus outline width", got["id"])
	assert.GreaterOrEqual(tb.t, got["contrast"], 3.0, "#%s focus outline %v on %v", got["id"], got["color"], got["on"])
}

// clickPage gives focus to a page element with a real mouse click.
func (tb *tab) clickPage(id string) {
	tb.t.Helper()
	tb.do(chromedp.Click("#" + id))
	tb.waitFocus("#" + id)
}

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
	visitor.tabs(false, "widget #oc-lcw-chat-send")
	visitor.tabs(true, "widget #oc-lcw-chat-input")

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
