package funnel

import "slices"

// Row is one rule's (and variant's) totals over a date range.
type Row struct {
	Rule     string // a rule id, or PageCall
	Variant  string
	Eligible int // sessions, both groups
	Shown    int
	Accepted int
	Declined int
	TimedOut int
	Held     map[Reason]int
	Goals    int // conversions, both groups
	Rated    int // chats from the invitation the visitor rated (the server's count)
	// Treatment and Holdout are the experiment's arms: eligible sessions
	// and goals per group.
	Treatment, Holdout Arm
}

// AcceptRate is Accepted / Shown; 0 when nothing was shown.
func (r Row) AcceptRate() float64 {
	if r.Shown == 0 {
		return 0
	}
	return float64(r.Accepted) / float64(r.Shown)
}

// Lift compares the rule's groups.
func (r Row) Lift() Lift { return Compare(r.Treatment, r.Holdout) }

// Aggregate adds entries up per rule and variant, whatever their widget
// and day (filter before), in rule then variant order.
func Aggregate(entries []Entry) []Row {
	index := map[[2]string]int{}
	var rows []Row
	for _, e := range entries {
		id := [2]string{e.Rule, e.Variant}
		i, ok := index[id]
		if !ok {
			i = len(rows)
			index[id] = i
			rows = append(rows, Row{Rule: e.Rule, Variant: e.Variant, Held: map[Reason]int{}})
		}
		rows[i].add(e)
	}
	slices.SortFunc(rows, func(a, b Row) int {
		if a.Rule != b.Rule {
			return compare(a.Rule, b.Rule)
		}
		return compare(a.Variant, b.Variant)
	})
	return rows
}

func (r *Row) add(e Entry) {
	arm := &r.Treatment
	if e.Group == Holdout {
		arm = &r.Holdout
	}
	switch e.Event {
	case Eligible:
		r.Eligible += e.N
		arm.Visitors += e.N
	case Goal:
		r.Goals += e.N
		arm.Conversions += e.N
	case Shown:
		r.Shown += e.N
	case Accepted:
		r.Accepted += e.N
	case Declined:
		r.Declined += e.N
	case TimedOut:
		r.TimedOut += e.N
	case Held:
		r.Held[e.Reason] += e.N
	case Rated:
		r.Rated += e.N
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
