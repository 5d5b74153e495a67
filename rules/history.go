package rules

import (
	"slices"
	"strconv"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// Outcome is what happened to an invitation.
type Outcome uint8

// The outcomes the engine records.
const (
	Shown    Outcome = iota + 1 // the invitation appeared
	Declined                    // the visitor closed it (X or Escape)
	TimedOut                    // it closed by itself after a minute
	Accepted                    // the visitor chose "Chat Now"
)

var outcomeNames = []string{"", "shown", "declined", "timedOut", "accepted"}

// String returns the outcome's name as in History.Tree: "shown",
// "declined", "timedOut" or "accepted".
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}

// Event is one recorded outcome.
type Event struct {
	Rule    string // the rule that raised the invitation; "" for a page's startProactiveChat
	Outcome Outcome
	At      instant.Time
}

// History is what the limits remember about past invitations: a plain
// value the browser persists (see Tree and HistoryFromTree). It keeps the
// last week, the latest show and dismissal of each rule whatever their age,
// and at most MaxEvents events.
type History struct {
	Events []Event // oldest first
}

// HistoryKeep is how long History keeps every event; MaxEvents bounds it.
const (
	HistoryKeep = 7 * 24 * instant.Hour
	MaxEvents   = 256
)

// add records e and forgets what no limit can need any more.
func (h *History) add(e Event) {
	h.Events = append(h.Events, e)
	for i := len(h.Events) - 1; i > 0 && h.Events[i-1].At.After(e.At); i-- {
		h.Events[i], h.Events[i-1] = h.Events[i-1], h.Events[i]
	}
	h.prune(h.Events[len(h.Events)-1].At)
}

func (h *History) prune(now instant.Time) {
	type key struct {
		rule      string
		dismissed bool
	}
	latest := map[key]bool{}
	keep := make([]bool, len(h.Events))
	for i := len(h.Events) - 1; i >= 0; i-- {
		e := h.Events[i]
		k := key{e.Rule, e.Outcome == Declined || e.Outcome == TimedOut}
		first := !latest[k] && (e.Outcome != Accepted)
		latest[k] = latest[k] || first
		keep[i] = first || e.At.After(now.Add(-HistoryKeep))
	}
	out := h.Events[:0]
	for i, e := range h.Events {
		if keep[i] {
			out = append(out, e)
		}
	}
	if len(out) > MaxEvents {
		out = out[len(out)-MaxEvents:]
	}
	h.Events = slices.Clip(out)
}

// stats is the part of a History that one rule's limits read.
type stats struct {
	shows     []instant.Time // ascending
	dismissed instant.Time   // the latest decline or time-out
}

func (s *stats) add(e Event) {
	switch e.Outcome {
	case Shown:
		s.shows = append(s.shows, e.At)
	case Declined, TimedOut:
		if e.At.After(s.dismissed) {
			s.dismissed = e.At
		}
	}
}

// since counts the shows at or after t.
func (s *stats) since(t instant.Time) int {
	n := 0
	for i := len(s.shows) - 1; i >= 0 && !s.shows[i].Before(t); i-- {
		n++
	}
	return n
}
