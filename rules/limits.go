package rules

import "github.com/lcwasm/lcwasm/internal/instant"

// scope is what "once" counts in.
type scope int

const (
	perPage scope = iota
	perSession
	perVisitor
)

var scopeNames = []string{"page", "session", "visitor"}

func scopeOf(s string) scope {
	for i, n := range scopeNames {
		if s == n {
			return scope(i)
		}
	}
	return -1
}

// limits are a rule's frequency limits.
type limits struct {
	once     scope            // at most once per page view, session or visitor
	perDay   int              // at most this many in any 24 hours; 0: no such limit
	cooldown instant.Duration // quiet time after the rule's invitation is declined or times out
}

func (l limits) eval(c *ctx, s *stats) (bool, instant.Time) {
	var acc conj
	acc.add(c.check("limits.once", l.onceOK(c, s), 0))
	if l.perDay > 0 {
		ok, next := s.perDay(c.now, l.perDay)
		acc.add(c.check("limits.perDay", ok, next))
	}
	if l.cooldown > 0 && !s.dismissed.IsZero() {
		ok, next := until(c.now, s.dismissed.Add(l.cooldown))
		acc.add(c.check("limits.cooldown", ok, next))
	}
	return acc.result()
}

// onceOK reports that the rule has not been shown in its scope yet.
func (l limits) onceOK(c *ctx, s *stats) bool {
	if len(s.shows) == 0 {
		return true
	}
	var start instant.Time
	switch l.once {
	case perPage:
		start = c.v.PageStart
	case perSession:
		start = c.v.SessionStart
	}
	return s.shows[len(s.shows)-1].Before(start)
}

// perDay reports that fewer than n invitations were shown in the 24 hours
// up to now, else when the oldest that counts leaves the window.
func (s *stats) perDay(now instant.Time, n int) (bool, instant.Time) {
	from := now.Add(-24 * instant.Hour)
	k := 0
	for k < len(s.shows) && s.shows[len(s.shows)-1-k].After(from) {
		k++
	}
	if k < n {
		return true, 0
	}
	return false, s.shows[len(s.shows)-n].Add(24 * instant.Hour)
}

// gate applies the set's limits, which hold for every rule: the session
// budget and the cool-down after any decline or time-out.
func (e *Engine) gate(c *ctx) (bool, instant.Time) {
	var acc conj
	if b := e.set.budget; b >= 0 {
		acc.add(c.check("sessionBudget", e.all.since(c.v.SessionStart) < b, 0))
	}
	if cd := e.set.cooldown; cd > 0 && !e.all.dismissed.IsZero() {
		ok, next := until(c.now, e.all.dismissed.Add(cd))
		acc.add(c.check("cooldown", ok, next))
	}
	return acc.result()
}

// check reports a limit while explaining, and passes its value through.
func (c *ctx) check(path string, ok bool, next instant.Time) (bool, instant.Time) {
	if c.checks != nil {
		*c.checks = append(*c.checks, Check{Path: path, Holds: ok, Next: next})
	}
	return ok, next
}
