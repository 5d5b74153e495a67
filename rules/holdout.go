package rules

import "github.com/lcwasm/lcwasm/internal/instant"

// MaxHoldout is the largest holdout a rule may have, in percent: at least
// half of the visitors a rule is meant for are invited.
const MaxHoldout = 50

// Holdout is rule's control group in percent of its visitors (0 to
// MaxHoldout); 0 for an unknown rule.
func (s *Set) Holdout(rule string) int {
	if i, ok := s.index[rule]; ok {
		return s.rules[i].holdout
	}
	return 0
}

// Mute takes rule out of this engine's evaluations: a visitor in its
// holdout is never invited by it, and the rules after it get their turn.
func (e *Engine) Mute(rule string) {
	if e.muted == nil {
		e.muted = map[string]bool{}
	}
	e.muted[rule] = true
}

// Blocked names the first rule, in evaluation order, whose conditions
// hold at now but which a limit keeps back: set is true when it is the
// set's (session budget or cool-down), false when it is the rule's own.
// rule is "" when none is blocked.
func (e *Engine) Blocked(v *Visit, now instant.Time) (rule string, set bool) {
	c := e.begin(v, now)
	gate, _ := e.gate(c)
	for i, r := range e.set.rules {
		if e.muted[r.id] {
			continue
		}
		if holds, _ := r.when.eval(c); !holds {
			continue
		}
		if !gate {
			return r.id, true
		}
		if own, _ := r.limits.eval(c, &e.byRule[i]); !own {
			return r.id, false
		}
		return "", false // it fires
	}
	return "", false
}
