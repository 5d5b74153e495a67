package funnel

import "testing"

func TestByRule(t *testing.T) {
	e := func(rule, variant string, g Group, ev Event, n int) Entry {
		k := Key{Rule: rule, Variant: variant, Group: g, Event: ev, Day: "2026-12-01"}
		if ev == Goal {
			k.Goal = "purchase"
		}
		return Entry{Key: k, N: n}
	}
	rows := ByRule(Aggregate([]Entry{
		e("plans", "", Holdout, Eligible, 1000),
		e("plans", "", Holdout, Goal, 50),
		e("plans", "short", Treatment, Eligible, 2000),
		e("plans", "short", "", Shown, 1000),
		e("plans", "short", "", Accepted, 50),
		e("plans", "short", Treatment, Goal, 100),
		e("plans", "long", Treatment, Eligible, 2000),
		e("plans", "long", "", Shown, 1000),
		e("plans", "long", "", Accepted, 100),
		e("plans", "long", Treatment, Goal, 200),
		e("solo", "", Treatment, Eligible, 10),
	}))
	if len(rows) != 2 || rows[0].Rule != "plans" || rows[1].Rule != "solo" || len(rows[1].Variants) != 0 {
		t.Fatalf("rows %+v", rows)
	}
	p := rows[0]
	if p.Eligible != 5000 || p.Shown != 2000 || p.Accepted != 150 || p.Goals != 350 ||
		p.Treatment != (Arm{4000, 300}) || p.Holdout != (Arm{1000, 50}) {
		t.Errorf("totals %+v", p.Row)
	}
	if len(p.Variants) != 2 || p.Variants[0].Variant != "long" || !p.Variants[0].Baseline || p.Variants[1].Baseline {
		t.Fatalf("variants %+v", p.Variants)
	}
	// short against long: 5 % vs 10 % accepted, 5 % vs 10 % goals.
	s := p.Variants[1]
	if s.Acceptance.Absolute != 0.05-0.1 || s.Acceptance.Verdict != Hurts {
		t.Errorf("acceptance %+v", s.Acceptance)
	}
	want := Compare(Arm{2000, 100}, Arm{2000, 200})
	if s.Goals != want || s.Goals.Verdict != Hurts {
		t.Errorf("goals %+v, want %+v", s.Goals, want)
	}
}
