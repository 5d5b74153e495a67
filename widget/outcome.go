package widget

import "github.com/lcwasm/lcwasm/internal/instant"

// Outcome is what became of an invitation the visitor saw.
type Outcome uint8

// The outcomes of a shown invitation.
const (
	Accepted Outcome = iota + 1 // "Chat Now"
	Declined                    // the X or Escape
	TimedOut                    // its minute ran out
)

// Invitations hears what becomes of each invitation before the page's
// listeners do, so that limits already count it when a listener reacts:
// the proactive runner implements it. Deps.Invitations may be nil.
type Invitations interface {
	// Shown says inv became visible at at; it closes by itself at
	// deadline.
	Shown(inv Invitation, at, deadline instant.Time)
	// Answered says how the shown inv ended, at at.
	Answered(inv Invitation, o Outcome, at instant.Time)
	// Idle says the widget is back to its launcher (a pane closed, the
	// pop-out went away): another invitation may show.
	Idle(at instant.Time)
}

func (w *Widget) shownNow(deadline instant.Time) {
	if w.d.Invitations != nil {
		w.d.Invitations.Shown(w.inv, w.shown, deadline)
	}
}

func (w *Widget) answered(o Outcome) {
	if w.d.Invitations != nil {
		w.d.Invitations.Answered(w.inv, o, w.d.Clock.Now())
	}
}

func (w *Widget) idle() {
	if w.d.Invitations != nil {
		w.d.Invitations.Idle(w.d.Clock.Now())
	}
}
