package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStartProactiveChatReturnsUndefined: SDK.md says the method returns
// undefined, whether it shows an invitation, ignores the call or rejects it.
func TestStartProactiveChatReturnsUndefined(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	for _, args := range []string{`{message: "shown"}`, `{message: "ignored"}`, `42`} {
		got := evalJS[string](tb, fmt.Sprintf(`(() => { const r = %s.startProactiveChat(%s);
			return r === undefined ? "undefined" : typeof r + " " + String(r); })()`, sdk, args))
		assert.Equal(t, "undefined", got, "startProactiveChat(%s)", args)
	}
}

func TestInvitationText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args string
		want string
	}{
		{"no arguments", ``, defaultMessage},
		{"empty object", `{}`, defaultMessage},
		{"empty message", `{message: ""}`, defaultMessage},
		{"custom message", `{message: "Need a hand with your order?"}`, "Need a hand with your order?"},
		{"string form", `"Questions about shipping?"`, "Questions about shipping?"},
		{"empty string form", `""`, defaultMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := openPage(t, "on.html")
			tb.startProactiveChat(tt.args)
			tb.waitShown(idInvitation)
			assert.Equal(t, tt.want, tb.body())
			ev := tb.waitEvent("lcw:proactiveChatShown")
			assert.Equal(t, "startProactiveChat", ev.Detail["source"])
			assert.Equal(t, tt.want, ev.Detail["message"])
		})
	}
}

// TestInvitationView checks the fixed texts, the ids, the launcher swap and
// the polite announcement. testdata/page.css hides #oc-lcw-proactivechat
// with !important: the shadow root must keep that out.
func TestInvitationView(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	require.True(t, tb.shown(idLauncher), "the launcher is shown before")
	const msg = "Spring sale: ask us anything"
	tb.startProactiveChat(fmt.Sprintf(`{message: %q}`, msg))
	tb.waitShown(idInvitation)

	for id, want := range map[string]string{
		idTitle:    "Welcome to",
		idSubtitle: "Live chat support!",
		idBody:     msg,
		idStart:    "Chat Now",
	} {
		assert.True(t, tb.shown(id), "#%s is shown", id)
		assert.Equal(t, want, strings.TrimSpace(tb.text(id)), "#%s", id)
	}
	assert.True(t, tb.shown(idClose), "the close button is shown")
	assert.Equal(t, "Close", evalJS[string](tb, `__e2e.el("`+idClose+`").getAttribute("aria-label")`))
	assert.Equal(t, "BUTTON", evalJS[string](tb, `__e2e.el("`+idStart+`").tagName`))
	assert.Equal(t, "BUTTON", evalJS[string](tb, `__e2e.el("`+idClose+`").tagName`))
	assert.False(t, tb.shown(idLauncher), "the launcher is hidden while the invitation shows")

	// Announced politely.
	assert.Equal(t, "polite", evalJS[string](tb, `__e2e.el("`+idLive+`")?.getAttribute("aria-live") ?? ""`))
	waitJS(t, tb.ctx, fmt.Sprintf(`(__e2e.text(%q) ?? "").includes(%q)`, idLive, msg), waitTimeout)
}

// TestInvitationKeepsFocus: the visitor is typing in a page field when the
// invitation appears; focus stays there and the typing goes on.
func TestInvitationKeepsFocus(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	tb.do(sendKeys(chromedp.ID("q"), "ab"))
	require.Equal(t, "q", evalJS[string](tb, `document.activeElement?.id ?? ""`))

	tb.startProactiveChat(`{message: "Typing? We can help"}`)
	tb.waitShown(idInvitation)
	tb.settle()
	assert.Equal(t, "q", evalJS[string](tb, `document.activeElement?.id ?? ""`), "focus stays in the page")
	assert.True(t, evalJS[bool](tb, `__e2e.root().activeElement === null`), "nothing in the widget has focus")

	tb.do(chromedp.KeyEvent("cd"))
	assert.Equal(t, "abcd", evalJS[string](tb, `document.getElementById("q").value`))
	assert.True(t, tb.shown(idInvitation), "typing does not close the invitation")
}

// TestInvitationMessageIsText: markup in the message is shown literally and
// never parsed. A control <img> with the same onerror, put in the page by the
// test, proves enough time passed for the handler to have run.
func TestInvitationMessageIsText(t *testing.T) {
	t.Parallel()
	const msg = `<img src=x onerror="window.__pwned=1">`
	for _, form := range []string{"object", "string"} {
		t.Run(form, func(t *testing.T) {
			t.Parallel()
			tb := openPage(t, "on.html")
			arg := fmt.Sprintf("%q", msg)
			if form == "object" {
				arg = fmt.Sprintf("{message: %q}", msg)
			}
			tb.startProactiveChat(arg)
			tb.waitShown(idInvitation)
			assert.Equal(t, msg, tb.body())
			assert.Equal(t, 0, evalJS[int](tb, `__e2e.root().querySelectorAll("img").length`))

			tb.eval(`document.body.insertAdjacentHTML("beforeend", '<img src=x onerror="window.__control=1">')`)
			waitJS(t, tb.ctx, `window.__control === 1`, waitTimeout)
			tb.settle()
			assert.True(t, evalJS[bool](tb, `window.__pwned === undefined`), "the message's markup ran")
		})
	}
}

// TestRepeatCallIgnored: a call while an invitation shows changes nothing,
// neither the text now nor what the invitation reports when it closes.
func TestRepeatCallIgnored(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	tb.startProactiveChat(`{message: "first"}`)
	tb.waitShown(idInvitation)
	tb.startProactiveChat(`{message: "second"}`)
	tb.settle()
	assert.Equal(t, "first", tb.body())

	tb.click(idClose)
	declined := tb.waitEvent("lcw:proactiveChatDeclined")
	assert.Equal(t, "first", declined.Detail["message"])
	assert.Len(t, tb.events("lcw:proactiveChatShown"), 1)
}

// TestDisabledWidget: proactive chat is off for e2e-off; a call logs a
// warning and shows nothing.
func TestDisabledWidget(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "off.html")
	mark := tb.consoleMark()
	tb.startProactiveChat(`{message: "hello"}`)
	tb.waitConsole("warning", mark, "proactive")
	tb.settle()
	assert.False(t, tb.shown(idInvitation))
	assert.Nil(t, evalJS[any](tb, `__e2e.el("`+idInvitation+`")`), "no invitation in the DOM")
	assert.Empty(t, tb.events("lcw:proactiveChatShown"))
	assert.True(t, tb.shown(idLauncher), "the launcher stays")
}

// TestWrongArguments: each bad call logs a console.error naming the argument
// and shows nothing; the runtime works afterwards.
func TestWrongArguments(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	tests := []struct {
		args string
		name string // the argument the error must name
	}{
		{`42`, "notificationUIConfig"},
		{`true`, "notificationUIConfig"},
		{`{message: 42}`, "message"},
		{`{message: {text: "hi"}}`, "message"},
		{`{message: "hi"}, "yes"`, "showPrechat"},
		{`{message: "hi"}, 1`, "showPrechat"},
		{`{message: "hi"}, true, {inNewWindow: "yes"}`, "inNewWindow"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			tb := tb.in(t)
			mark := tb.consoleMark()
			tb.eval(fmt.Sprintf(`try { %s.startProactiveChat(%s); } catch (e) {}`, sdk, tt.args))
			tb.waitConsole("error", mark, tt.name)
			tb.settle()
			assert.False(t, tb.shown(idInvitation), "nothing is shown")
			assert.Empty(t, tb.events("lcw:proactiveChatShown"))
		})
	}
	tb.startProactiveChat(`{message: "still alive"}`)
	tb.waitShown(idInvitation)
	assert.Equal(t, "still alive", tb.body())
}
