package rules

import (
	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// Engine evaluates a Set against visits and keeps the History its limits
// read. It is not safe for concurrent use (the browser has one thread).
type Engine struct {
	set    *Set
	hist   History
	byRule []stats // aligned with set.rules
	all    stats   // every rule and page call together
	c      ctx     // reused between evaluations
	muted  map[string]bool
}

// NewEngine returns an engine for set with a history restored from storage
// (the zero History when there is none). A nil set has no rules.
func NewEngine(set *Set, h History) *Engine {
	if set == nil {
		set = &Set{budget: -1, zones: hours.UTCOnly{}}
	}
	e := &Engine{set: set}
	for _, ev := range h.Events {
		e.hist.add(ev)
	}
	e.reindex()
	return e
}

// History returns a copy of the history to persist.
func (e *Engine) History() History {
	return History{Events: append([]Event(nil), e.hist.Events...)}
}

// Record records an outcome of an invitation raised by rule ("" for a
// page's startProactiveChat call). Every outcome counts for the set's
// limits; only the rule's own count for its limits. Unknown outcomes are
// ignored.
func (e *Engine) Record(rule string, o Outcome, at instant.Time) {
	if o < Shown || o > Accepted {
		return
	}
	e.hist.add(Event{Rule: rule, Outcome: o, At: at})
	e.reindex()
}

func (e *Engine) reindex() {
	e.byRule, e.all = make([]stats, len(e.set.rules)), stats{}
	for _, ev := range e.hist.Events {
		e.all.add(ev)
		if i, ok := e.set.index[ev.Rule]; ok && ev.Rule != "" {
			e.byRule[i].add(ev)
		}
	}
}

// Admits reports whether the set's limits (the session budget and the
// cool-down after any decline or time-out) let an invitation out at now, a
// page's startProactiveChat call as much as a rule's; when they do not, it
// also returns when they could (zero: not by time alone).
func (e *Engine) Admits(v *Visit, now instant.Time) (bool, instant.Time) {
	return e.gate(e.begin(v, now))
}

// Evaluate decides, at now, which rule's invitation to raise for the visit,
// and when to evaluate again. The first rule in evaluation order whose
// conditions and limits hold wins.
func (e *Engine) Evaluate(v *Visit, now instant.Time) Decision {
	c := e.begin(v, now)
	if ok, next := e.gate(c); !ok {
		return Decision{Next: next}
	}
	var d Decision
	for i, r := range e.set.rules {
		if e.muted[r.id] {
			continue
		}
		ok, next := e.fires(c, i)
		d.Next = earliest(d.Next, next)
		if ok {
			return e.raise(c, d, r)
		}
	}
	return d
}

// raise lets r's invitation out, unless the visitor is busy.
func (e *Engine) raise(c *ctx, d Decision, r *rule) Decision {
	typingUntil, typing := c.v.Typing(c.now)
	switch {
	case c.v.Hidden:
		d.Waiting = r.id
	case typing:
		d.Waiting = r.id
		d.Next = earliest(d.Next, typingUntil)
	default:
		d.Rule, d.Invitation = r.id, r.inv
		d.Invitation.Message = expand(r.inv.Message, c.v.Attributes)
		if len(r.inv.Variants) > 0 {
			d.Invitation.Variants = make([]Variant, len(r.inv.Variants))
			for i, v := range r.inv.Variants {
				v.Message = expand(v.Message, c.v.Attributes)
				d.Invitation.Variants[i] = v
			}
		}
	}
	return d
}

// fires evaluates rule i's conditions and limits.
func (e *Engine) fires(c *ctx, i int) (bool, instant.Time) {
	var acc conj
	acc.add(e.set.rules[i].when.eval(c))
	if !acc.stuck() {
		acc.add(e.set.rules[i].limits.eval(c, &e.byRule[i]))
	}
	return acc.result()
}

func (e *Engine) begin(v *Visit, now instant.Time) *ctx {
	e.c.reset(v, now, e.set.zones)
	return &e.c
}

// Explain tells, per rule in evaluation order and then each disabled rule,
// which conditions and limits hold at now and when the rule could next fire.
func (e *Engine) Explain(v *Visit, now instant.Time) []Explanation {
	out := make([]Explanation, 0, len(e.set.rules)+len(e.set.disabled))
	for i, r := range e.set.rules {
		x := Explanation{Rule: r.id, Priority: r.priority, Invitation: r.inv}
		c := e.begin(v, now)
		c.checks = &x.Conditions
		x.Holds, _ = r.when.eval(c)
		c.checks = &x.Limits
		own, _ := r.limits.eval(c, &e.byRule[i])
		set, _ := e.gate(c)
		x.Fires = x.Holds && own && set
		x.Next = e.predict(v, now, i)
		out = append(out, x)
	}
	for _, d := range e.set.disabled {
		out = append(out, Explanation{Rule: d.id, Priority: d.priority, Err: d.err, Invitation: d.inv})
	}
	e.c.checks = nil
	return out
}

// predict steps from change to change until rule i fires, assuming no new
// signal: conditions are functions of the visit and the instant.
func (e *Engine) predict(v *Visit, now instant.Time, i int) instant.Time {
	t := now
	for range 64 {
		c := e.begin(v, t)
		var acc conj
		acc.add(e.gate(c))
		acc.add(e.fires(c, i))
		ok, next := acc.result()
		switch {
		case ok:
			return t
		case next.IsZero():
			return 0
		}
		t = next
	}
	return t
}
