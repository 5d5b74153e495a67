package admin

import (
	"testing"

	"github.com/lcwasm/lcwasm/server/store"
)

// Three days; each line in its band of 15 on its own scale: its busiest
// day at the band's top (y 1, 16, 31), a day without counts 10 lower; x
// spreads the days over the width.
func TestTrends(t *testing.T) {
	got := trends([]store.TrendDay{
		{Day: "2026-12-01", Rule: "a", Shown: 10}, {Day: "2026-12-03", Rule: "a", Shown: 5, Accepted: 1},
		{Day: "2026-12-02", Rule: "a", Goals: 2},
		{Day: "2026-11-30", Rule: "b", Shown: 99}, // outside the range
	}, "2026-12-01", "2026-12-03", PerDay)
	if len(got) != 1 || got["a"] == nil {
		t.Fatalf("trends %v", got)
	}
	a := got["a"]
	want := []string{"0,1 100,11 200,6", "0,26 100,26 200,16", "0,41 100,31 200,41"}
	for i, l := range a.Lines {
		if l.Points != want[i] {
			t.Errorf("%s: points %q, want %q", l.Label, l.Points, want[i])
		}
	}
	if w := "per day from 2026-12-01 to 2026-12-03: shown 15, accepted 1, goals 2; most shown on 2026-12-01 (10)"; a.Label != w {
		t.Errorf("label %q, want %q", a.Label, w)
	}
	if one := trends([]store.TrendDay{{Day: "2026-12-01", Rule: "a", Shown: 1}}, "2026-12-01", "2026-12-01", PerDay); one["a"].Lines[0].Points != "100,1" || one["a"].Lines[1].Label != "accepted 0, at most 0 a day" {
		t.Errorf("one day: %q", one["a"].Lines[0].Points)
	}
}
