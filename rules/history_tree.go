package rules

import (
	"math"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// Tree returns h as a generic tree for the browser to store as JSON:
// a list of {"rule": id, "outcome": "shown", "at": Unix milliseconds}.
// js.ValueOf accepts it as is.
func (h History) Tree() []any {
	out := make([]any, len(h.Events))
	for i, e := range h.Events {
		out[i] = map[string]any{
			"rule":    e.Rule,
			"outcome": e.Outcome.String(),
			"at":      float64(e.At.UnixMilli()),
		}
	}
	return out
}

// HistoryFromTree reads what Tree produced (after a JSON round trip). It
// keeps the events it understands and reports the first one it does not,
// so a damaged store never blocks the widget.
func HistoryFromTree(tree any) (History, error) {
	var h History
	list, ok := tree.([]any)
	if tree != nil && !ok {
		return h, &Error{Path: "history", Msg: "want a list"}
	}
	var first error
	for i, v := range list {
		e, ok := eventOf(v)
		if !ok {
			first = firstErr(first, &Error{Path: index("history", i), Msg: "want {rule, outcome, at}"})
			continue
		}
		h.add(e)
	}
	return h, first
}

func eventOf(v any) (Event, bool) {
	m, _ := v.(map[string]any)
	rule, ok1 := m["rule"].(string)
	name, ok2 := m["outcome"].(string)
	ms, ok3 := toFloat(m["at"])
	o := Outcome(0)
	for i, n := range outcomeNames[1:] {
		if n == name {
			o = Outcome(i + 1)
		}
	}
	ok := ok1 && ok2 && ok3 && o != 0 && !math.IsNaN(ms) && math.Abs(ms) < 1e15
	return Event{Rule: rule, Outcome: o, At: instant.UnixMilli(int64(ms))}, ok
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
