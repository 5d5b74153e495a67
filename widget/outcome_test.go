package widget_test

import (
	"slices"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

// outcomes records the widget's reports in the same list as its events,
// so a test sees which came first.
type outcomes struct{ events *fakeEvents }

func (o outcomes) Shown(inv widget.Invitation, at, deadline instant.Time) {
	o.events.Emit("shown "+inv.Source.RuleID, map[string]any{"at": at, "deadline": deadline})
}

func (o outcomes) Answered(inv widget.Invitation, out widget.Outcome, at instant.Time) {
	name := map[widget.Outcome]string{widget.Accepted: "accepted", widget.Declined: "declined", widget.TimedOut: "timed out"}[out]
	o.events.Emit(name+" "+inv.Source.RuleID, map[string]any{"at": at})
}

func (o outcomes) Idle(at instant.Time) { o.events.Emit("idle", map[string]any{"at": at}) }

func outcomeHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, enabled())
	h.w = widget.New(enabled(), widget.Deps{
		Clock: h.clock, Timer: h.timer, View: widget.NewDOMView(h.doc), Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones, Invitations: outcomes{h.events},
	})
	return h
}

// TestInvitationOutcomesComeFirst: the runner hears each outcome, typed,
// before the page's listener, and hears when the widget is idle again.
func TestInvitationOutcomesComeFirst(t *testing.T) {
	tests := []struct {
		name string
		act  func(h *harness)
		want []string
	}{
		{"declined", func(h *harness) { h.w.Decline("close") },
			[]string{"shown r", "lcw:proactiveChatShown", "declined r", "lcw:proactiveChatDeclined"}},
		{"timed out", func(h *harness) { h.clock.Advance(widget.InvitationLifetime); h.w.Tick() },
			[]string{"shown r", "lcw:proactiveChatShown", "timed out r", "lcw:proactiveChatTimedOut"}},
		{"accepted, then closed by the visitor", func(h *harness) { h.w.Accept(); h.w.ClosePane() },
			[]string{"shown r", "lcw:proactiveChatShown", "accepted r", "lcw:proactiveChatAccepted", "idle", "lcw:onClose"}},
		{"accepted, then closeChat", func(h *harness) { h.w.Accept(); h.w.CloseChat() },
			[]string{"shown r", "lcw:proactiveChatShown", "accepted r", "lcw:proactiveChatAccepted", "idle", "lcw:closeChat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := outcomeHarness(t)
			h.w.Invite(byRule("r", "Hi"))
			tt.act(h)
			var got []string
			for _, n := range h.events.names() {
				if n != "lcw:startChat" {
					got = append(got, n)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestShownCarriesItsDeadline: the deadline is the invitation's minute
// from when it was drawn.
func TestShownCarriesItsDeadline(t *testing.T) {
	h := outcomeHarness(t)
	h.w.Invite(byRule("r", "Hi"))
	d := h.events.last("shown r")
	if d == nil {
		t.Fatal("no Shown report")
	}
	if got, want := d["deadline"], t0.Add(widget.InvitationLifetime); got != want {
		t.Errorf("deadline %v, want %v", got, want)
	}
	if got := d["at"]; got != t0 {
		t.Errorf("at %v, want %v", got, t0)
	}
}
