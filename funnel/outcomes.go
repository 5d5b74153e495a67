package funnel

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

// The Recorder is a widget.Invitations: it counts every invitation the
// visitor saw and how it ended, a rule's or a page call's.

// Shown counts inv shown.
func (r *Recorder) Shown(inv widget.Invitation, at, _ instant.Time) {
	r.Outcome(inv.Source.RuleID, inv.Source.Variant, Shown, at)
}

// Answered counts how inv ended.
func (r *Recorder) Answered(inv widget.Invitation, o widget.Outcome, at instant.Time) {
	switch o {
	case widget.Accepted:
		r.Outcome(inv.Source.RuleID, inv.Source.Variant, Accepted, at)
	case widget.Declined:
		r.Outcome(inv.Source.RuleID, inv.Source.Variant, Declined, at)
	case widget.TimedOut:
		r.Outcome(inv.Source.RuleID, inv.Source.Variant, TimedOut, at)
	}
}

// Idle is nothing to count.
func (r *Recorder) Idle(instant.Time) {}

var _ widget.Invitations = (*Recorder)(nil)

// Reporting decides whether this page reports at all: the site owner's
// reporting switch (on unless the configuration says false), and neither
// navigator.globalPrivacyControl nor Do Not Track ("1") set.
func Reporting(configured, gpc bool, dnt string) bool {
	return configured && !gpc && dnt != "1" && dnt != "yes"
}
