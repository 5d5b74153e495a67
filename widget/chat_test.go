package widget_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

// survey is a one-question prechat survey.
var survey = []widget.Field{{Name: "name", Label: "Your name", Type: "text", Required: true}}

// nineToFive is open Monday 09:00-17:00 in Europe/Paris.
var nineToFive = &widget.OperatingHours{
	Zone:    "Europe/Paris",
	Windows: []widget.HoursWindow{{Days: [7]bool{instant.Monday: true}, Open: 9 * 60, Close: 17 * 60}},
	Message: "We open at nine.",
}

func TestAccept(t *testing.T) {
	tests := []struct {
		name      string
		cfg       func(*widget.Config)
		inv       func(*widget.Invitation)
		blocked   bool  // the browser blocks the pop-out
		localTime int   // minutes after midnight, Monday
		zoneErr   error // the zone cannot be resolved
		phase     widget.Phase
		pane      string // the open pane's id, "" for none
		popouts   int
		warn      bool
		errLog    bool
	}{
		{name: "pop-out", inv: func(i *widget.Invitation) { i.InNewWindow = true },
			phase: widget.PoppedOut, popouts: 1},
		{name: "pop-out by data-open-in-window", cfg: func(c *widget.Config) { c.OpenInWindow = true },
			phase: widget.PoppedOut, popouts: 1},
		{name: "the pop-out window itself chats in place, even with data-open-in-window",
			cfg: func(c *widget.Config) { c.Popout, c.OpenInWindow = true, true }, inv: func(i *widget.Invitation) { i.InNewWindow = true },
			phase: widget.Chatting, pane: "oc-lcw-chat"},
		{name: "pop-out blocked falls back in page", inv: func(i *widget.Invitation) { i.InNewWindow = true },
			blocked: true, phase: widget.Chatting, pane: "oc-lcw-chat", popouts: 1, warn: true},
		{name: "out of hours", cfg: func(c *widget.Config) { c.Hours = nineToFive; c.Prechat = survey },
			localTime: 20 * 60, phase: widget.OutOfHours, pane: "oc-lcw-outofhours"},
		{name: "within hours", cfg: func(c *widget.Config) { c.Hours = nineToFive },
			localTime: 10 * 60, phase: widget.Chatting, pane: "oc-lcw-chat"},
		{name: "unknown zone counts as open", cfg: func(c *widget.Config) { c.Hours = nineToFive },
			localTime: 20 * 60, zoneErr: errors.New("bad zone"), phase: widget.Chatting, pane: "oc-lcw-chat", errLog: true},
		{name: "prechat", cfg: func(c *widget.Config) { c.Prechat = survey },
			phase: widget.Prechat, pane: "oc-lcw-prechat"},
		{name: "showPrechat false skips the survey", cfg: func(c *widget.Config) { c.Prechat = survey },
			inv: func(i *widget.Invitation) { i.ShowPrechat = false }, phase: widget.Chatting, pane: "oc-lcw-chat"},
		{name: "no survey configured", phase: widget.Chatting, pane: "oc-lcw-chat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := enabled()
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			inv := byRule("r1", "hello")
			if tt.inv != nil {
				tt.inv(&inv)
			}
			h := newHarness(t, cfg)
			h.opener.blocked = tt.blocked
			h.zones.minute, h.zones.err = tt.localTime, tt.zoneErr
			require.True(t, h.w.Invite(inv))

			h.node(t, "oc-lcw-proactivechat-startbutton").Fire("click")
			assert.Equal(t, tt.phase, h.w.Phase())
			assert.False(t, h.showing())
			assert.Len(t, h.opener.opened, tt.popouts)
			if tt.popouts > 0 {
				assert.Equal(t, inv, h.opener.opened[0], "the pop-out gets the invitation")
			}
			for _, id := range []string{"oc-lcw-chat", "oc-lcw-prechat", "oc-lcw-outofhours"} {
				assert.Equal(t, id == tt.pane, h.doc.ByID(id) != nil, "#%s", id)
			}
			assert.Equal(t, tt.pane == "", h.launcher(), "the launcher makes way for a pane")
			assert.Equal(t, tt.warn, len(h.log.with("warn")) > 0, "warnings: %v", h.log.lines)
			assert.Equal(t, tt.errLog, len(h.log.with("error")) > 0, "errors: %v", h.log.lines)
			want := map[string]any{"source": "rule", "ruleId": "r1", "message": "hello"}
			assert.Equal(t, want, h.events.last("lcw:proactiveChatAccepted"))
			assert.True(t, h.timer.armed().IsZero())
		})
	}
}

func TestAcceptedChatIsProactive(t *testing.T) {
	h := newHarness(t, enabled())
	h.w.Invite(call("hello"))
	h.w.Accept()
	assert.Contains(t, h.node(t, "oc-lcw-chat").Text(), "Thanks for accepting our invitation.")
	assert.Equal(t, "oc-lcw-chat-title", h.focusedID(), "the pane the visitor asked for takes focus")

	h.w.ClosePane()
	h.w.StartChat(widget.ChatOptions{})
	assert.NotContains(t, h.node(t, "oc-lcw-chat").Text(), "Thanks for accepting", "a chat the visitor started is not proactive")
	assert.False(t, h.w.Accept(), "nothing to accept")
}

func TestOutOfHoursMessage(t *testing.T) {
	cfg := enabled()
	cfg.Hours = nineToFive
	h := newHarness(t, cfg)
	h.zones.minute = 8 * 60
	h.w.StartChat(widget.ChatOptions{})
	assert.Equal(t, "We open at nine.", h.node(t, "oc-lcw-outofhours-message").Text())
}

func TestStartChat(t *testing.T) {
	t.Run("opens the survey from the launcher", func(t *testing.T) {
		cfg := enabled()
		cfg.Prechat = survey
		h := newHarness(t, cfg)
		h.node(t, "oc-lcw-chat-button").Fire("click")
		assert.Equal(t, widget.Prechat, h.w.Phase())
		assert.Equal(t, "oc-lcw-prechat-field-0", h.focusedID())
	})
	t.Run("ignored while inviting", func(t *testing.T) {
		h := newHarness(t, enabled())
		h.w.Invite(call("hello"))
		h.w.StartChat(widget.ChatOptions{})
		assert.Equal(t, widget.Inviting, h.w.Phase())
		assert.True(t, h.showing())
		assert.Nil(t, h.doc.ByID("oc-lcw-chat"))
	})
	t.Run("after the invitation's minute", func(t *testing.T) {
		h := newHarness(t, enabled())
		h.w.Invite(call("hello"))
		h.clock.Advance(instant.Minute) // the wake-up is late
		h.w.StartChat(widget.ChatOptions{})
		assert.Equal(t, []string{"lcw:proactiveChatShown", "lcw:proactiveChatTimedOut"}, h.events.names())
		assert.Equal(t, widget.Chatting, h.w.Phase())
	})
	t.Run("leaves a running chat as it is", func(t *testing.T) {
		h := newHarness(t, enabled())
		h.w.StartChat(widget.ChatOptions{})
		pane := h.node(t, "oc-lcw-chat")
		h.w.StartChat(widget.ChatOptions{})
		assert.Same(t, pane, h.node(t, "oc-lcw-chat"))
	})
	t.Run("pops out", func(t *testing.T) {
		h := newHarness(t, enabled())
		h.w.StartChat(widget.ChatOptions{InNewWindow: true})
		assert.Equal(t, widget.PoppedOut, h.w.Phase())
		assert.Equal(t, []widget.Invitation{{}}, h.opener.opened)
		assert.Equal(t, []map[string]any{nil}, h.opener.customs, "no customContext: the page's provider gives the variables")
		h.w.StartChat(widget.ChatOptions{InNewWindow: true})
		assert.Len(t, h.opener.opened, 1, "one pop-out at a time")
	})
	t.Run("pops out with its customContext", func(t *testing.T) {
		h := newHarness(t, enabled())
		custom := map[string]any{"order": "A-1"}
		h.w.StartChat(widget.ChatOptions{InNewWindow: true, CustomContext: custom})
		assert.Equal(t, []map[string]any{custom}, h.opener.customs, "the pop-out's chat carries startChat's customContext")
	})
}

func TestInviteIgnoredWhileBusy(t *testing.T) {
	cfg := enabled()
	cfg.Prechat = survey
	cfg.Hours = nineToFive
	tests := []struct {
		name   string
		minute int
		start  widget.ChatOptions
		phase  widget.Phase
	}{
		{"prechat", 10 * 60, widget.ChatOptions{}, widget.Prechat},
		{"out of hours", 20 * 60, widget.ChatOptions{}, widget.OutOfHours},
		{"popped out", 10 * 60, widget.ChatOptions{InNewWindow: true}, widget.PoppedOut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, cfg)
			h.zones.minute = tt.minute
			h.w.StartChat(tt.start)
			require.Equal(t, tt.phase, h.w.Phase())

			assert.False(t, h.w.Invite(call("hello")))
			assert.False(t, h.showing())
			assert.Equal(t, tt.phase, h.w.Phase())
			assert.Empty(t, h.events.list)
		})
	}
	t.Run("chatting", func(t *testing.T) {
		h := newHarness(t, enabled())
		h.w.StartChat(widget.ChatOptions{})
		require.Equal(t, widget.Chatting, h.w.Phase())
		assert.False(t, h.w.Invite(byRule("r1", "hello")))
		assert.False(t, h.showing())
	})
}

func TestClose(t *testing.T) {
	tests := []struct {
		name  string
		close func(t *testing.T, h *harness)
		event string
		focus string
	}{
		{"close button", func(t *testing.T, h *harness) { h.node(t, "oc-lcw-chat-closebutton").Fire("click") }, "lcw:onClose", "oc-lcw-chat-button"},
		{"ClosePane", func(_ *testing.T, h *harness) { h.w.ClosePane() }, "lcw:onClose", "oc-lcw-chat-button"},
		{"closeChat", func(_ *testing.T, h *harness) { h.w.CloseChat() }, "lcw:closeChat", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, enabled())
			h.w.StartChat(widget.ChatOptions{})
			tt.close(t, h)

			assert.Equal(t, widget.Idle, h.w.Phase())
			assert.Nil(t, h.doc.ByID("oc-lcw-chat"))
			assert.True(t, h.launcher())
			assert.Equal(t, []string{tt.event}, h.events.names())
			assert.Equal(t, tt.focus, h.focusedID(), "only the visitor's own close moves focus")

			h.w.CloseChat()
			h.w.ClosePane()
			assert.Len(t, h.events.list, 1, "closing again does nothing")
			assert.True(t, h.w.Invite(call("hello")), "a closed chat makes room for an invitation")
		})
	}
}

func TestPopoutClosed(t *testing.T) {
	h := newHarness(t, enabled())
	h.w.PopoutClosed()
	assert.Equal(t, widget.Idle, h.w.Phase(), "nothing popped out: ignored")

	h.w.Invite(call("hello"))
	h.w.PopoutClosed()
	assert.Equal(t, widget.Inviting, h.w.Phase(), "the invitation is not a pop-out")
	h.w.Decline("close")

	h.w.StartChat(widget.ChatOptions{InNewWindow: true})
	require.Equal(t, widget.PoppedOut, h.w.Phase())
	h.w.PopoutClosed()
	assert.Equal(t, widget.Idle, h.w.Phase())
	assert.True(t, h.launcher())
	assert.True(t, h.w.Invite(call("again")), "invitations are possible again")
}
