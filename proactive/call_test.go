package proactive_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

func pageCall(msg string) widget.Invitation {
	return widget.Invitation{Message: msg, ShowPrechat: true, Source: widget.Source{Kind: widget.SourceCall}}
}

// TestCallWaitsForTyping: a page's startProactiveChat while the visitor
// types in a form field shows once the typing pause is over, not before.
func TestCallWaitsForTyping(t *testing.T) {
	o := newOrigin()
	a := o.open(t, never, "https://shop.example/a", t0)
	a.run(t0)
	a.r.Typing(t0.Add(instant.Second))
	a.r.Call(pageCall("Typed a question?"), t0.Add(1500*instant.Millisecond))
	a.run(t0.Add(2 * instant.Second))
	if a.showing() {
		t.Fatal("shown while the visitor types")
	}
	a.r.Call(pageCall("a second call"), t0.Add(2500*instant.Millisecond)) // ignored: one waits
	a.run(t0.Add(4 * instant.Second))                                     // the pause (3 s after the last keystroke) is over
	if !a.showing() {
		t.Fatal("not shown after the typing pause")
	}
	shown := 0
	for _, n := range a.events.names {
		if n == "lcw:proactiveChatShown" {
			shown++
		}
	}
	if shown != 1 {
		t.Errorf("%d invitations shown, want the first call's only", shown)
	}
}

// TestCallIgnoredWhileAnotherTabShows: a page's call in one tab while
// another tab of the visitor shows an invitation is ignored; once that
// one is answered, a call shows.
func TestCallIgnoredWhileAnotherTabShows(t *testing.T) {
	o := newOrigin()
	a := o.open(t, never, "https://shop.example/a", t0)
	b := o.open(t, never, "https://shop.example/b", t0)
	a.run(t0)
	b.run(t0)
	a.r.Call(pageCall("in A"), t0.Add(instant.Second))
	o.deliver(t0.Add(instant.Second))
	if !a.showing() {
		t.Fatal("A does not show its call")
	}
	b.r.Call(pageCall("in B"), t0.Add(2*instant.Second))
	if b.showing() {
		t.Fatal("B shows a call while A shows an invitation")
	}
	a.now = t0.Add(3 * instant.Second)
	a.w.Decline("close")
	o.deliver(t0.Add(3 * instant.Second))
	b.r.Call(pageCall("in B"), t0.Add(4*instant.Second))
	if !b.showing() {
		t.Error("B's call after A's decline is not shown")
	}
}
