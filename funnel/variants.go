package funnel

// RuleRow is one rule's line of a report: its totals over every variant
// (Row.Variant is ""), the lift of its invitation over its holdout, and,
// for a rule with invitation variants, a line per variant.
type RuleRow struct {
	Row
	Variants []VariantRow
}

// VariantRow is one invitation variant of a rule, compared with the
// rule's baseline variant (the first by id): Acceptance compares accepted
// of shown, Goals the goal rate of its eligible sessions. The baseline's
// own comparisons are with itself, and Baseline is true.
type VariantRow struct {
	Row
	Baseline          bool
	Acceptance, Goals Lift
}

// shownArm is a row's acceptance as an Arm: invitations shown and
// accepted.
func (r Row) shownArm() Arm { return Arm{Visitors: r.Shown, Conversions: r.Accepted} }

// ByRule folds Aggregate's rows (in its order) into one line per rule,
// with the rule's variants under it. A rule's holdout, and the counts of
// the rule before it had variants, are in its totals only.
func ByRule(rows []Row) []RuleRow {
	var out []RuleRow
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].Rule != r.Rule {
			out = append(out, RuleRow{Row: Row{Rule: r.Rule, Held: map[Reason]int{}}})
		}
		rr := &out[len(out)-1]
		rr.merge(r)
		if r.Variant != "" {
			rr.Variants = append(rr.Variants, VariantRow{Row: r})
		}
	}
	for i := range out {
		vs := out[i].Variants
		for j := range vs {
			vs[j].Baseline = j == 0
			vs[j].Acceptance = Compare(vs[j].shownArm(), vs[0].shownArm())
			vs[j].Goals = Compare(vs[j].Treatment, vs[0].Treatment)
		}
	}
	return out
}

// merge adds o's counts to r.
func (r *Row) merge(o Row) {
	r.Eligible += o.Eligible
	r.Shown += o.Shown
	r.Accepted += o.Accepted
	r.Declined += o.Declined
	r.TimedOut += o.TimedOut
	r.Goals += o.Goals
	r.Rated += o.Rated
	for k, n := range o.Held {
		r.Held[k] += n
	}
	r.Treatment.Visitors += o.Treatment.Visitors
	r.Treatment.Conversions += o.Treatment.Conversions
	r.Holdout.Visitors += o.Holdout.Visitors
	r.Holdout.Conversions += o.Holdout.Conversions
}
