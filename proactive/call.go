package proactive

import (
	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

// Call is a page's startProactiveChat where rules run, under the same
// courtesy as a rule's invitation: the set's limits; one tab of the
// visitor at a time (a call while another tab shows an invitation is
// ignored, as one while this tab shows one is); never while the visitor
// types in a form field (the call waits for the pause, then shows if all
// this still lets it; a second call meanwhile is ignored).
func (r *Runner) Call(inv widget.Invitation, now instant.Time) {
	switch {
	case r.called != nil:
		r.d.Log.Debug("lcwasm: startProactiveChat ignored: an earlier call waits for the visitor to stop typing")
	case !r.Admits(now):
		r.callHeld(funnel.ReasonBudget, now)
	case r.d.Widget.Phase() != widget.Idle:
		r.d.Widget.Invite(inv) // it says why it is ignored
	default:
		if _, held := r.lockedElsewhere(now); held {
			r.d.Log.Warn("lcwasm: startProactiveChat ignored: another tab of this visitor is showing an invitation")
			r.callHeld(funnel.ReasonOtherTab, now)
			return
		}
		if until, typing := r.visit.Typing(now); typing {
			r.d.Log.Debug("lcwasm: startProactiveChat waits: the visitor is typing in a form field")
			r.callHeld(funnel.ReasonTyping, now)
			r.called = &inv
			if r.wake.IsZero() || until.Before(r.wake) {
				r.arm(until)
			}
			return
		}
		r.invite(inv, now)
	}
}

// calledNow shows a page's call that waited for the visitor to stop
// typing, once they have; it reports whether the evaluation must wait.
func (r *Runner) calledNow(now instant.Time) (wait bool) {
	inv := r.called
	if inv == nil {
		return false
	}
	if until, typing := r.visit.Typing(now); typing {
		r.arm(until)
		return true
	}
	r.called = nil
	r.Call(*inv, now)
	return false
}
