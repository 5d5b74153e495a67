package rules

import "github.com/lcwasm/lcwasm/internal/instant"

// span is an inclusive range of whole numbers.
type span struct{ min, max int }

func (s span) has(n int) bool { return s.min <= n && n <= s.max }

// decodeSpan reads {"min": a, "max": b}, at least one of them, within [0, hi].
func (d *decoder) span(arg any, path string, hi int) (span, bool) {
	m := d.object(arg, path, "min", "max")
	if m == nil {
		return span{}, false
	}
	s := span{0, hi}
	lo, okLo := d.whole(m, "min", path, 0, hi)
	up, okUp := d.whole(m, "max", path, 0, hi)
	if !okLo && !okUp {
		if len(m) == 0 {
			d.fail(path, "want min or max")
		}
		return s, false
	}
	if okLo {
		s.min = lo
	}
	if okUp {
		s.max = up
	}
	if s.min > s.max {
		d.fail(path, "want min <= max")
		return s, false
	}
	return s, true
}

// What a count condition counts.
const (
	countVisits = iota
	countPages
	countScroll
)

// count holds when a number from the visit is within a span.
type count struct {
	what int
	span
}

func decodeCount(d *decoder, arg any, path string, what int) node {
	hi := 1 << 30
	if what == countScroll {
		hi = 100
	}
	if s, ok := d.span(arg, path, hi); ok {
		return count{what, s}
	}
	return nil
}

func (n count) eval(c *ctx) (bool, instant.Time) {
	var k int
	switch n.what {
	case countVisits:
		k = max(c.v.VisitCount, 1)
	case countPages:
		k = max(c.v.PageCount, len(c.v.Pages), 1)
	default:
		k = c.v.Scroll
	}
	return n.has(k), 0
}

// daysSince holds when the whole 24-hour periods since the previous visit
// started are within a span. A first visit has no previous one.
type daysSince struct{ span }

func decodeDaysSince(d *decoder, arg any, path string, _ int) node {
	if s, ok := d.span(arg, path, 100000); ok {
		return daysSince{s}
	}
	return nil
}

func (n daysSince) eval(c *ctx) (bool, instant.Time) {
	last := c.v.LastVisit
	if last.IsZero() || c.now.Before(last) {
		return false, 0
	}
	const day = 24 * instant.Hour
	days := int(c.now.Sub(last) / day)
	switch {
	case days < n.min:
		return false, last.Add(instant.Duration(n.min) * day)
	case days <= n.max && n.max < 100000:
		return true, last.Add(instant.Duration(n.max+1) * day)
	}
	return days <= n.max, 0
}

// visitor holds for a new visitor (first visit) or a returning one.
type visitor struct{ returning bool }

func decodeVisitor(d *decoder, arg any, path string, _ int) node {
	switch arg {
	case "new":
		return visitor{false}
	case "returning":
		return visitor{true}
	}
	d.fail(path, `want "new" or "returning"`)
	return nil
}

func (n visitor) eval(c *ctx) (bool, instant.Time) {
	return (c.v.VisitCount > 1) == n.returning, 0
}

// journey holds when the session's pages contain the steps in order, the
// first to the last within a window (0: any).
type journey struct {
	steps  []*text
	within instant.Duration
}

func decodeJourney(d *decoder, arg any, path string, _ int) node {
	m := d.object(arg, path, "steps", "withinMinutes")
	if m == nil || !d.need(m, "steps", path) {
		return nil
	}
	list, ok := m["steps"].([]any)
	if !ok || len(list) == 0 || len(list) > 64 {
		d.fail(field(path, "steps"), "want a list of 1 to 64 text matchers")
		return nil
	}
	j := journey{steps: make([]*text, len(list))}
	for i, e := range list {
		p := index(field(path, "steps"), i)
		if sm := d.object(e, p, textFields...); sm != nil {
			j.steps[i] = d.text(sm, p, false, false)
		}
	}
	if mins, ok := d.whole(m, "withinMinutes", path, 1, 1000000); ok {
		j.within = instant.Duration(mins) * instant.Minute
	}
	return j
}

func (j journey) eval(c *ctx) (bool, instant.Time) {
	var starts [64]instant.Time // starts[k]: latest start of a match of steps[:k+1]
	var have uint64
	for _, p := range c.v.Pages {
		for k := len(j.steps) - 1; k >= 0; k-- {
			if !j.steps[k].match(p.Path) {
				continue
			}
			start := p.Start
			if k > 0 {
				if have&(1<<(k-1)) == 0 {
					continue
				}
				start = starts[k-1]
			}
			if k == len(j.steps)-1 && (j.within == 0 || p.Start.Sub(start) <= j.within) {
				return true, 0
			}
			if have&(1<<k) == 0 || start.After(starts[k]) {
				starts[k], have = start, have|1<<k
			}
		}
	}
	return false, 0
}
