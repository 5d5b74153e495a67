package funnel

import "testing"

func TestAggregate(t *testing.T) {
	e := func(rule string, g Group, ev Event, r Reason, n int) Entry {
		k := Key{Widget: "w", Rule: rule, Group: g, Event: ev, Reason: r, Day: "2026-12-01"}
		if ev == Goal {
			k.Goal = "purchase"
		}
		return Entry{Key: k, N: n}
	}
	rows := Aggregate([]Entry{
		e("b", Treatment, Eligible, "", 80),
		e("b", Holdout, Eligible, "", 20),
		e("b", Treatment, Shown, "", 60),
		e("b", Treatment, Accepted, "", 6),
		e("b", Treatment, Declined, "", 30),
		e("b", Treatment, TimedOut, "", 24),
		e("b", Treatment, Held, ReasonTyping, 15),
		e("b", Holdout, Held, ReasonHoldout, 20),
		e("b", Treatment, Goal, "", 8),
		e("b", Holdout, Goal, "", 1),
		e("b", Treatment, Shown, "", 40), // another day
		e("a", "", Shown, "", 1),
		e(PageCall, "", Shown, "", 2),
	})
	if len(rows) != 3 || rows[0].Rule != PageCall || rows[1].Rule != "a" || rows[2].Rule != "b" {
		t.Fatalf("rows %+v", rows)
	}
	b := rows[2]
	if b.Eligible != 100 || b.Shown != 100 || b.Accepted != 6 || b.Declined != 30 || b.TimedOut != 24 || b.Goals != 9 {
		t.Errorf("totals %+v", b)
	}
	if b.Held[ReasonTyping] != 15 || b.Held[ReasonHoldout] != 20 {
		t.Errorf("held %v", b.Held)
	}
	if b.Treatment != (Arm{80, 8}) || b.Holdout != (Arm{20, 1}) {
		t.Errorf("arms %+v %+v", b.Treatment, b.Holdout)
	}
	if b.AcceptRate() != 0.06 {
		t.Errorf("accept rate %v", b.AcceptRate())
	}
	if b.Lift().Verdict != TooSmall {
		t.Errorf("verdict %q", b.Lift().Verdict)
	}
}
