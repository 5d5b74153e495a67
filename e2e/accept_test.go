package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

	opened := chromedp.WaitNewTarget(tb.ctx, popoutOpenedBy(tb.ctx))
	tb.click(idStart)
	var id target.ID
	select {
	case id = <-opened:
	case <-time.After(waitTimeout):
		t.Fatal("no new window opened")
	}
	require.NotEmpty(t, id)
	t.Cleanup(func() {
		_, _ = chromedp.CallBrowser(browserCtx, target.CloseTarget, target.CloseTargetParams{TargetID: id})
	})
	tb.waitEvent("lcw:proactiveChatAccepted")
	tb.waitGone(idInvitation)

	popup, cancel := chromedp.NewContext(tb.ctx, chromedp.WithTargetID(id))
	defer cancel()
	popLog := &pageLog{}
	require.NoError(t, chromedp.Listen(popup, popLog.record))
	waitJS(t, popup, `document.readyState === "complete" && location.pathname.endsWith("/popout.html")`, waitTimeout)
	for _, e := range popLog.takeExceptions() {
		t.Errorf("uncaught exception in the pop-out: %s", e)
	}
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
