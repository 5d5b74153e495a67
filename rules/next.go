package rules

import "github.com/lcwasm/lcwasm/internal/instant"

// A zero instant.Time means "never" for a next change: the value does not
// change by time alone, only on a new browser signal.

// earliest returns the earlier of two next changes, zero meaning never.
func earliest(a, b instant.Time) instant.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// latest returns the later of two next changes, zero meaning never.
func latest(a, b instant.Time) instant.Time {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	if b.After(a) {
		return b
	}
	return a
}

// until is a limit or condition that holds from deadline on: it holds when
// now is at or past deadline, else it changes at deadline.
func until(now, deadline instant.Time) (bool, instant.Time) {
	if now.Before(deadline) {
		return false, deadline
	}
	return true, 0
}

// conj accumulates the value of a conjunction and the earliest moment it
// could change. True changes when any part changes; false can turn true no
// earlier than the last of its false parts changes, and never if one of them
// never changes.
type conj struct {
	falses  int
	frozen  bool         // a false part never changes by time
	soonest instant.Time // earliest change of any part
	last    instant.Time // latest change of a false part
}

func (a *conj) add(ok bool, next instant.Time) {
	if !ok {
		if a.falses == 0 {
			a.last = next
		}
		a.falses++
		a.frozen = a.frozen || next.IsZero()
		a.last = latest(a.last, next)
	}
	a.soonest = earliest(a.soonest, next)
}

// stuck reports that the conjunction is false for good.
func (a *conj) stuck() bool { return a.frozen }

func (a *conj) result() (bool, instant.Time) {
	switch {
	case a.falses == 0:
		return true, a.soonest
	case a.frozen:
		return false, 0
	}
	return false, a.last
}
