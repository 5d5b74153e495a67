package admin

import (
	"testing"

	"github.com/lcwasm/lcwasm/server/store"
)

// Three days, the busiest at the top (y 1) and a day without counts at
// the bottom (y 39); x spreads the days over the width.
func TestTrends(t *testing.T) {
	got := trends([]store.TrendDay{
		{Day: "2026-12-01", Rule: "a", Shown: 10}, {Day: "2026-12-03", Rule: "a", Shown: 5, Accepted: 1},
		{Day: "2026-12-02", Rule: "a", Goals: 2},
		{Day: "2026-11-30", Rule: "b", Shown: 99}, // outside the range
	}, "2026-12-01", "2026-12-03")
	if len(got) != 1 || got["a"] == nil {
		t.Fatalf("trends %v", got)
	}
	a := got["a"]
	want := []string{"0,1 100,39 200,20", "0,39 100,39 200,36", "0,39 100,32 200,39"}
	for i, l := range a.Lines {
		if l.Points != want[i] {
			t.Errorf("%s: points %q, want %q", l.Label, l.Points, want[i])
		}
	}
	if w := "per day from 2026-12-01 to 2026-12-03: shown 15, accepted 1, goals 2; most shown on 2026-12-01 (10)"; a.Label != w {
		t.Errorf("label %q, want %q", a.Label, w)
	}
	if one := trends([]store.TrendDay{{Day: "2026-12-01", Rule: "a", Shown: 1}}, "2026-12-01", "2026-12-01"); one["a"].Lines[0].Points != "100,1" {
		t.Errorf("one day: %q", one["a"].Lines[0].Points)
	}
}
