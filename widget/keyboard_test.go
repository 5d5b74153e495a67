package widget_test

import (
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEscape(t *testing.T) {
	invite := func(h *harness) { h.w.Invite(call("hi")) }
	startChat := func(h *harness) { h.w.StartChat(widget.ChatOptions{}) }
	tests := []struct {
		name      string
		cfg       func(*widget.Config)
		setup     func(h *harness)
		inWidget  bool
		used      bool
		phase     widget.Phase
		event     string // the event the key fires, or ""
		focus     string // id of the focused element after
		minimized bool
	}{
		{"invitation, focus on the page", nil, invite, false, true, widget.Idle, "lcw:proactiveChatDeclined", "", false},
		{"invitation, focus on its buttons", nil, invite, true, true, widget.Idle, "lcw:proactiveChatDeclined", "oc-lcw-chat-button", false},
		{"prechat, focus in it", func(c *widget.Config) { c.Prechat = fullSurvey }, startChat, true, true, widget.Idle, "lcw:onClose", "oc-lcw-chat-button", false},
		{"prechat, focus on the page", func(c *widget.Config) { c.Prechat = fullSurvey }, startChat, false, false, widget.Prechat, "", "", false},
		{"out of hours, focus in it", func(c *widget.Config) { c.Hours = nineToFive }, startChat, true, true, widget.Idle, "lcw:onClose", "oc-lcw-chat-button", false},
		{"chat, focus in it: minimized, not ended", nil, startChat, true, true, widget.Chatting, "lcw:onMinimize", "oc-lcw-chat-button", true},
		{"chat, focus on the page", nil, startChat, false, false, widget.Chatting, "", "", false},
		{"chat without a minimize button", func(c *widget.Config) { c.HideMinimize = true }, startChat, true, false, widget.Chatting, "", "", false},
		{"chat rendered for mobile", func(c *widget.Config) { c.RenderMobile = true }, startChat, true, false, widget.Chatting, "", "", false},
		{"nothing open", nil, func(*harness) {}, false, false, widget.Idle, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := enabled()
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			h := newHarness(t, cfg)
			h.zones.minute = 8 * 60 // before nineToFive opens
			tt.setup(h)
			before := len(h.events.list)

			assert.Equal(t, tt.used, h.w.Escape(tt.inWidget), "whether the widget used the key")
			assert.Equal(t, tt.phase, h.w.Phase())
			var fired []string
			for _, e := range h.events.list[before:] {
				fired = append(fired, e.name)
			}
			if tt.event == "" {
				assert.Empty(t, fired)
			} else {
				assert.Equal(t, []string{tt.event}, fired)
			}
			if tt.used {
				assert.Equal(t, tt.focus, h.focusedID())
			}
			if tt.event == "lcw:proactiveChatDeclined" {
				assert.Equal(t, "escape", h.events.last(tt.event)["how"])
			}
			if tt.minimized {
				assert.Equal(t, "lcw-pane lcw-minimized", attr(t, h.node(t, "oc-lcw-chat"), "class"))
				assert.False(t, h.w.Escape(true), "a minimized chat leaves the key alone")
			}
		})
	}
}

// pageDoc is the fake document with a page around it: one page element
// that may have focus when a pane opens.
type pageDoc struct {
	*domtest.Doc
	pageFocused bool // a page element has focus now
	gone        bool // it left the page before focus came back
	restored    int  // how often focus went back to it
}

func (d *pageDoc) KeepFocus() func() bool {
	if !d.pageFocused {
		return nil
	}
	return func() bool {
		if d.gone {
			return false
		}
		d.restored++
		return true
	}
}

func pageHarness(t *testing.T, cfg widget.Config) (*harness, *pageDoc) {
	t.Helper()
	h := newHarness(t, cfg)
	doc := &pageDoc{Doc: domtest.New()}
	h.doc = doc.Doc
	v := widget.NewDOMView(doc)
	h.w = widget.New(cfg, widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones})
	v.Bind(h.w)
	return h, doc
}

func TestFocusReturns(t *testing.T) {
	tests := []struct {
		name     string
		prechat  bool
		focused  bool // a page element had focus when the pane opened
		gone     bool
		close    func(t *testing.T, h *harness)
		restored int
		focus    string // the widget element focused when the page's is not
	}{
		{"close button, to the page element", false, true, false, closeButton, 1, ""},
		{"escape, to the page element", false, true, false, func(_ *testing.T, h *harness) { h.w.Escape(true) }, 1, ""},
		{"minimize, to the page element", false, true, false, minimizeButton, 1, ""},
		{"through the survey, to the page element", true, true, false, closeButton, 1, ""},
		{"nothing focused on the page: the launcher", false, false, false, closeButton, 0, "oc-lcw-chat-button"},
		{"the page element is gone: the launcher", false, true, true, closeButton, 0, "oc-lcw-chat-button"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := enabled()
			if tt.prechat {
				cfg.Prechat = []widget.Field{{Name: "name", Label: "Name", Type: "text"}}
			}
			h, doc := pageHarness(t, cfg)
			doc.pageFocused = tt.focused
			h.w.StartChat(widget.ChatOptions{})
			doc.pageFocused = false // focus moved into the pane
			if tt.prechat {
				require.Equal(t, widget.Prechat, h.w.Phase())
				require.True(t, h.w.SubmitPrechat(map[string]string{"name": "Ada"}))
			}
			require.Equal(t, widget.Chatting, h.w.Phase())
			doc.gone = tt.gone

			tt.close(t, h)
			assert.Equal(t, tt.restored, doc.restored, "focus went back to the page element")
			if tt.restored == 0 {
				assert.Equal(t, tt.focus, h.focusedID())
			} else {
				assert.NotEqual(t, "oc-lcw-chat-button", h.focusedID(), "not to the launcher")
			}
		})
	}
}

func closeButton(t *testing.T, h *harness) { h.node(t, "oc-lcw-chat-closebutton").Fire("click") }

func minimizeButton(t *testing.T, h *harness) {
	h.node(t, "oc-lcw-chat-minimizebutton").Fire("click")
}

func TestCloseChatMovesNoFocus(t *testing.T) {
	h, doc := pageHarness(t, enabled())
	doc.pageFocused = true
	h.w.StartChat(widget.ChatOptions{})
	h.w.CloseChat()
	assert.Zero(t, doc.restored, "the page's closeChat is no visitor action: focus stays put")
	assert.Equal(t, "", h.focusedID())
}

// TestOfflineBannerHoldsStill: the banner is a status live region, so it
// changes only when the link goes down or comes back, not at each attempt
// to reconnect (which would make it flicker and be read out again).
func TestOfflineBannerHoldsStill(t *testing.T) {
	h, _, v := liveHarness(t, enabled())
	h.w.StartChat(widget.ChatOptions{})
	banner := h.node(t, "oc-lcw-chat-connection")
	v.Connection(chat.Connecting, t0)
	assert.Equal(t, "", banner.Text(), "the first connection is quiet")

	h.doc.ClearLog()
	for range 3 {
		v.Connection(chat.Offline, t0)
		v.Connection(chat.Connecting, t0)
		assert.Equal(t, "Can't reach the chat service. Reconnecting…", banner.Text())
	}
	var sets int
	for _, l := range h.doc.Log() {
		if strings.Contains(l, ".SetText(") {
			sets++
		}
	}
	assert.Equal(t, 1, sets, "the banner was written once: %q", h.doc.Log())

	v.Connection(chat.Online, t0)
	assert.Equal(t, "", banner.Text())
}

// TestMaximizeFocusesThePane: the launcher brings a minimized pane back
// with focus where the pane first put it, live chat or not.
func TestMaximizeFocusesThePane(t *testing.T) {
	h := newHarness(t, enabled()) // no chat service: the pane's title takes focus
	h.w.StartChat(widget.ChatOptions{})
	require.Equal(t, "oc-lcw-chat-title", h.focusedID())
	h.w.Minimize()
	require.Equal(t, "oc-lcw-chat-button", h.focusedID())
	h.node(t, "oc-lcw-chat-button").Fire("click")
	assert.Equal(t, "oc-lcw-chat-title", h.focusedID())
}

// TestInvitationOverAFocusedLauncher: the invitation takes the launcher's
// place; when the launcher had focus, focus moves to "Chat Now" (the X when
// the page hid it) instead of falling on nothing; otherwise it takes none.
func TestInvitationOverAFocusedLauncher(t *testing.T) {
	tests := []struct {
		name      string
		hideStart bool
		focused   bool
		want      string
	}{
		{"launcher focused", false, true, "oc-lcw-proactivechat-startbutton"},
		{"launcher focused, no Chat Now", true, true, "oc-lcw-proactivechat-closebutton"},
		{"launcher not focused", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := enabled()
			cfg.Texts.HideStart = tt.hideStart
			h := newHarness(t, cfg)
			if tt.focused {
				h.node(t, "oc-lcw-chat-button").Focus()
			}
			h.w.Invite(call("hi"))
			assert.False(t, h.launcher())
			assert.Equal(t, tt.want, h.focusedID())
		})
	}
}

// TestInvitationLeavesFocusOnTheLauncher: when the invitation goes by
// itself (its minute is up) with focus on one of its buttons, the launcher
// that takes its place takes focus; with focus elsewhere, nothing moves.
func TestInvitationLeavesFocusOnTheLauncher(t *testing.T) {
	for _, focused := range []string{"oc-lcw-proactivechat-startbutton", "oc-lcw-proactivechat-closebutton", ""} {
		t.Run("focus on "+focused, func(t *testing.T) {
			h := newHarness(t, enabled())
			h.w.Invite(call("hi"))
			if focused != "" {
				h.node(t, focused).Focus()
			}
			h.clock.Advance(widget.InvitationLifetime)
			h.w.Tick()
			require.Contains(t, h.events.names(), "lcw:proactiveChatTimedOut")
			want := ""
			if focused != "" {
				want = "oc-lcw-chat-button"
			}
			assert.Equal(t, want, h.focusedID())
		})
	}
}

// TestStartButtonNameHoldsItsText: the page's startButtonAriaLabel names
// "Chat Now" only with the visible text in it (WCAG 2.5.3), so speech
// users can say what they see.
func TestStartButtonNameHoldsItsText(t *testing.T) {
	tests := []struct{ text, label, want string }{
		{"Talk to us", "", ""},
		{"Talk to us", "Talk to us", ""},
		{"Talk to us", "Talk to us now, an agent is waiting", "Talk to us now, an agent is waiting"},
		{"Talk to us", "talk to US, please", "talk to US, please"},
		{"Talk to us", "Start a chat with an agent", "Talk to us: Start a chat with an agent"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			cfg := enabled()
			cfg.Texts.StartButton, cfg.Texts.StartLabel = tt.text, tt.label
			h := newHarness(t, cfg)
			h.w.Invite(call("hi"))
			got, _ := h.node(t, "oc-lcw-proactivechat-startbutton").Attr("aria-label")
			assert.Equal(t, tt.want, got)
		})
	}
}
