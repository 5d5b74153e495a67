package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// panes are the views that can follow an accepted invitation.
var panes = []string{idChat, idPrechat, idOutOfHours}

// TestAccept: "Chat Now" hands over to the chat start path: out-of-hours
// first, then the prechat survey when configured and showPrechat, else the
// chat pane (which says no chat service is configured until issue 4).
func TestAccept(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		page     string
		args     string
		pane     string
		wantText string
	}{
		{"no prechat opens the chat", "on.html", `{message: "m"}`, idChat, "no chat service is configured"},
		{"prechat by default", "prechat.html", `{message: "m"}`, idPrechat, "Your name"},
		{"prechat when showPrechat is true", "prechat.html", `{message: "m"}, true`, idPrechat, "Email"},
		{"showPrechat false skips the survey", "prechat.html", `{message: "m"}, false`, idChat, "no chat service is configured"},
		{"outside operating hours", "closed.html", `{message: "m"}`, idOutOfHours, closedMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := openPage(t, tt.page)
			tb.startProactiveChat(tt.args)
			tb.waitShown(idInvitation)
			tb.click(idStart)

			ev := tb.waitEvent("lcw:proactiveChatAccepted")
			assert.Equal(t, "startProactiveChat", ev.Detail["source"])
			assert.Equal(t, "m", ev.Detail["message"])
			tb.waitGone(idInvitation)
			tb.waitShown(tt.pane)
			assert.Contains(t, strings.ToLower(tb.text(tt.pane)), strings.ToLower(tt.wantText))
			for _, other := range panes {
				if other != tt.pane {
					assert.False(t, tb.shown(other), "#%s is not shown", other)
				}
			}
			assert.Empty(t, tb.events("lcw:proactiveChatDeclined", "lcw:proactiveChatTimedOut"))
		})
	}
}

// TestAcceptInNewWindow: with inNewWindow the chat opens in a pop-out window.
func TestAcceptInNewWindow(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	tb.startProactiveChat(`{message: "m"}, false, {inNewWindow: true}`)
	tb.waitShown(idInvitation)

	popup := popoutOf(t, tb, func() { tb.click(idStart) })
	tb.waitEvent("lcw:proactiveChatAccepted")
	tb.waitGone(idInvitation)
	waitJS(t, popup.ctx, `document.readyState === "complete" && location.pathname.endsWith("/popout.html")`, waitTimeout)
}

// TestDecline: the close button and Escape each decline the invitation and
// bring the launcher back; a later call may invite again.
func TestDecline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		how  string
		act  func(tb *tab)
	}{
		{"close button", "close", func(tb *tab) { tb.click(idClose) }},
		{"escape key", "escape", func(tb *tab) { tb.pressEscape() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := openPage(t, "on.html")
			tb.startProactiveChat(`{message: "first"}`)
			tb.waitShown(idInvitation)
			tb.waitGone(idLauncher)
			tt.act(tb)

			ev := tb.waitEvent("lcw:proactiveChatDeclined")
			assert.Equal(t, tt.how, ev.Detail["how"])
			assert.Equal(t, "startProactiveChat", ev.Detail["source"])
			assert.Equal(t, "first", ev.Detail["message"])
			tb.waitGone(idInvitation)
			assert.Nil(t, evalJS[any](tb, `__e2e.el("`+idInvitation+`")`), "the invitation is removed from the DOM")
			tb.waitShown(idLauncher)
			assert.Empty(t, tb.events("lcw:proactiveChatAccepted"))
			for _, p := range panes {
				assert.False(t, tb.shown(p), "#%s is not shown", p)
			}

			tb.startProactiveChat(`{message: "again"}`)
			tb.waitShown(idInvitation)
			assert.Equal(t, "again", tb.body())
		})
	}
}
