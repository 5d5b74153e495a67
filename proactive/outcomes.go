package proactive

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
)

// The Runner is the widget's widget.Invitations: it records what became
// of each invitation (a rule's, or a page call's with rule "") before the
// page hears of it, so a page listener that reacts sees limits that
// already count it.

// Shown records inv shown at at and takes the lease until its deadline.
func (r *Runner) Shown(inv widget.Invitation, at, deadline instant.Time) {
	r.record(inv, rules.Shown, at)
	r.lock(deadline)
}

// Answered records how inv ended, gives the lease up and looks again.
func (r *Runner) Answered(inv widget.Invitation, o widget.Outcome, at instant.Time) {
	var out rules.Outcome
	switch o {
	case widget.Accepted:
		out = rules.Accepted
	case widget.Declined:
		out = rules.Declined
	case widget.TimedOut:
		out = rules.TimedOut
	default:
		return
	}
	r.record(inv, out, at)
	r.unlock()
	r.soon(at)
}

// Idle is the widget back to its launcher: a rule may fire again.
func (r *Runner) Idle(at instant.Time) { r.soon(at) }

func (r *Runner) record(inv widget.Invitation, o rules.Outcome, at instant.Time) {
	r.engine.Record(inv.Source.RuleID, o, at)
	r.saveHistory()
}

var _ widget.Invitations = (*Runner)(nil)
