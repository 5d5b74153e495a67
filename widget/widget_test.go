package widget_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

func TestInvitationLifetime(t *testing.T) {
	tests := []struct {
		name    string
		elapsed instant.Duration
		showing bool
	}{
		{"just shown", 0, true},
		{"at 59.999s", instant.Minute - instant.Millisecond, true},
		{"at exactly 60s", instant.Minute, false},
		{"at 61s", instant.Minute + instant.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, enabled())
			require.True(t, h.w.Invite(call("hello")))
			h.clock.Advance(tt.elapsed)
			h.w.Tick()

			assert.Equal(t, tt.showing, h.showing())
			assert.Equal(t, !tt.showing, h.launcher(), "the launcher is back when the invitation is gone")
			want := []string{"lcw:proactiveChatShown"}
			wantPhase := widget.Inviting
			if !tt.showing {
				want = append(want, "lcw:proactiveChatTimedOut")
				wantPhase = widget.Idle
			}
			assert.Equal(t, want, h.events.names())
			assert.Equal(t, wantPhase, h.w.Phase())
		})
	}
}

func TestInvitationTimer(t *testing.T) {
	dismissals := map[string]func(h *harness){
		"timeout": func(h *harness) { h.clock.Advance(instant.Minute); h.w.Tick() },
		"decline": func(h *harness) { h.w.Decline("close") },
		"accept":  func(h *harness) { h.w.Accept() },
	}
	for name, dismiss := range dismissals {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, enabled())
			h.clock.Advance(5 * instant.Second)
			h.w.Invite(call("hello"))

			want := t0.Add(5*instant.Second + instant.Minute)
			assert.Equal(t, []instant.Time{want}, h.timer.calls, "armed once, a minute after it appeared")
			dl, ok := h.w.Deadline()
			assert.True(t, ok)
			assert.Equal(t, want, dl)

			h.clock.Advance(10 * instant.Second)
			dismiss(h)
			assert.True(t, h.timer.armed().IsZero(), "the wake-up is cancelled: %v", h.timer.calls)
			_, ok = h.w.Deadline()
			assert.False(t, ok)
		})
	}
}

func TestRepeatInviteIgnored(t *testing.T) {
	h := newHarness(t, enabled())
	require.True(t, h.w.Invite(call("first")))
	h.clock.Advance(30 * instant.Second)

	assert.False(t, h.w.Invite(byRule("r2", "second")))
	assert.Equal(t, "first", h.node(t, "oc-lcw-proactivechat-bodytitle").Text(), "message not refreshed")
	dl, _ := h.w.Deadline()
	assert.Equal(t, t0.Add(instant.Minute), dl, "deadline not moved")
	assert.Len(t, h.timer.calls, 1)
	assert.Equal(t, []string{"lcw:proactiveChatShown"}, h.events.names())
	assert.NotEmpty(t, h.log.with("debug"))
}

func TestDisabledInviteWarns(t *testing.T) {
	cfg := enabled()
	cfg.ProactiveEnabled = false
	h := newHarness(t, cfg)

	assert.False(t, h.w.Invite(call("hello")))
	assert.False(t, h.showing())
	assert.True(t, h.launcher())
	assert.Empty(t, h.events.list)
	assert.Empty(t, h.timer.calls)
	warns := h.log.with("warn")
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], `"test"`, "the warning names the widget")
}

func TestInviteWhileHiddenWaits(t *testing.T) {
	h := newHarness(t, enabled())
	h.w.SetVisible(false)
	require.True(t, h.w.Invite(call("hello")), "taken, to be shown later")
	assert.Equal(t, widget.Pending, h.w.Phase())
	assert.False(t, h.showing())
	assert.Empty(t, h.events.list)
	assert.Empty(t, h.timer.calls)
	_, ok := h.w.Deadline()
	assert.False(t, ok)

	assert.False(t, h.w.Invite(call("another")), "one already due")
	h.clock.Advance(10 * instant.Minute)
	h.w.Tick()
	assert.Equal(t, widget.Pending, h.w.Phase(), "a waiting invitation does not age")

	h.w.SetVisible(true)
	assert.True(t, h.showing())
	assert.Equal(t, "hello", h.node(t, "oc-lcw-proactivechat-bodytitle").Text())
	assert.Equal(t, []string{"lcw:proactiveChatShown"}, h.events.names())
	dl, ok := h.w.Deadline()
	assert.True(t, ok)
	assert.Equal(t, h.clock.now.Add(instant.Minute), dl, "its minute starts when it becomes visible")
}

func TestThrottledBackgroundTab(t *testing.T) {
	h := newHarness(t, enabled())
	h.w.Invite(call("hello"))
	h.w.SetVisible(false)
	h.clock.Advance(3 * instant.Minute) // the throttled timer never fired
	h.doc.ClearLog()

	h.w.SetVisible(true)
	assert.False(t, h.showing())
	assert.Equal(t, []string{"lcw:proactiveChatShown", "lcw:proactiveChatTimedOut"}, h.events.names())
	log := h.doc.Log()
	require.NotEmpty(t, log)
	assert.Contains(t, log[0], "oc-lcw-proactivechat).Remove()", "the overdue invitation goes first")
}

func TestOverdueInvitationMakesRoomForNext(t *testing.T) {
	h := newHarness(t, enabled())
	h.w.Invite(call("old"))
	h.w.SetVisible(false)
	h.clock.Advance(2 * instant.Minute) // the throttled timer never fired

	assert.True(t, h.w.Invite(byRule("r1", "new")), "the old invitation is past its minute")
	assert.Equal(t, []string{"lcw:proactiveChatShown", "lcw:proactiveChatTimedOut"}, h.events.names())
	assert.Equal(t, widget.Pending, h.w.Phase())
	h.w.SetVisible(true)
	assert.Equal(t, "new", h.node(t, "oc-lcw-proactivechat-bodytitle").Text())
}

func TestDecline(t *testing.T) {
	tests := []struct {
		name    string
		decline func(t *testing.T, h *harness)
		how     string
		focus   string // where focus lands: the X's button is gone, Escape moves nothing
	}{
		{"close button", func(t *testing.T, h *harness) { h.node(t, "oc-lcw-proactivechat-closebutton").Fire("click") }, "close", "oc-lcw-chat-button"},
		{"escape", func(_ *testing.T, h *harness) { h.w.Decline("escape") }, "escape", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, enabled())
			h.w.Invite(byRule("r1", "hello"))
			tt.decline(t, h)

			assert.False(t, h.showing())
			assert.True(t, h.launcher())
			assert.Equal(t, widget.Idle, h.w.Phase())
			assert.Equal(t, tt.focus, h.focusedID())
			want := map[string]any{"source": "rule", "ruleId": "r1", "message": "hello", "how": tt.how}
			assert.Equal(t, want, h.events.last("lcw:proactiveChatDeclined"))
			assert.False(t, h.w.Decline(tt.how), "nothing left to decline")

			assert.True(t, h.w.Invite(call("again")), "a later call may invite again")
		})
	}
}

func TestEventDetailsNameTheSource(t *testing.T) {
	tests := []struct {
		name string
		inv  widget.Invitation
		want map[string]any
	}{
		{"call", call("hi"), map[string]any{"source": "startProactiveChat", "message": "hi"}},
		{"rule", byRule("exit-intent", "wait!"), map[string]any{"source": "rule", "ruleId": "exit-intent", "message": "wait!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, enabled())
			h.w.Invite(tt.inv)
			h.clock.Advance(instant.Minute)
			h.w.Tick()
			assert.Equal(t, tt.want, h.events.last("lcw:proactiveChatShown"))
			assert.Equal(t, tt.want, h.events.last("lcw:proactiveChatTimedOut"))
		})
	}
}

func TestInvitationTakesNoFocusAndIsAnnounced(t *testing.T) {
	h := newHarness(t, enabled())
	h.w.Invite(call("hello"))
	assert.Nil(t, h.doc.Focused())
	assert.Equal(t, "Welcome to Live chat support! hello", h.node(t, "oc-lcw-live").Text())
	h.w.Decline("escape")
	assert.Equal(t, "", h.node(t, "oc-lcw-live").Text())
	assert.Nil(t, h.doc.Focused())
}

func TestHideChatButton(t *testing.T) {
	cfg := enabled()
	cfg.HideChatButton = true
	h := newHarness(t, cfg)
	assert.False(t, h.launcher())

	h.w.Invite(call("hello"))
	assert.True(t, h.showing(), "the invitation still shows")
	h.w.Decline("close")
	assert.False(t, h.launcher(), "and the launcher stays hidden after it")

	h.w.StartChat(widget.ChatOptions{})
	require.Equal(t, widget.Chatting, h.w.Phase(), "startChat still works")
	h.node(t, "oc-lcw-chat-closebutton").Fire("click")
	assert.False(t, h.launcher())
	assert.Nil(t, h.doc.Focused())
}

// TestInviteCutsLongRuleMessage: a rule's message that its attributes made
// longer than MaxMessageLength is shown cut, with an ellipsis, and a
// warning says so.
func TestInviteCutsLongRuleMessage(t *testing.T) {
	h := newHarness(t, enabled())
	long := strings.Repeat("é", 5000)
	require.True(t, h.w.Invite(byRule("case", long)))
	shown := h.events.last("lcw:proactiveChatShown")["message"].(string)
	assert.Equal(t, widget.MaxMessageLength, utf8.RuneCountInString(shown))
	assert.Equal(t, strings.Repeat("é", widget.MaxMessageLength-1)+"…", shown)
	assert.Contains(t, h.log.with("warn"), `warn: lcwasm: the invitation of rule "case": the message is 5000 characters long; shown cut to 1000`)

	h = newHarness(t, enabled())
	exact := strings.Repeat("é", widget.MaxMessageLength)
	require.True(t, h.w.Invite(byRule("case", exact)))
	assert.Equal(t, exact, h.events.last("lcw:proactiveChatShown")["message"], "1,000 characters are shown whole")
}
