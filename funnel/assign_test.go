package funnel

import (
	"math"
	"strconv"
	"testing"
)

func TestAssignStable(t *testing.T) {
	for i := range 100 {
		seed := "visitor-" + strconv.Itoa(i)
		if a, b := Assign(seed, "pricing", 30), Assign(seed, "pricing", 30); a != b {
			t.Fatalf("seed %q: %q then %q", seed, a, b)
		}
	}
	if Assign("x", "r", 0) != Treatment {
		t.Error("a rule without a holdout held a visitor out")
	}
}

// Over 10,000 simulated visitors the split is within 1.5 points of the
// configured one (about 4.5 standard deviations at 50 %), per rule, and
// two rules split independently.
func TestAssignSplit(t *testing.T) {
	const visitors = 10000
	for _, holdout := range []int{5, 10, 20, 50} {
		t.Run(strconv.Itoa(holdout)+"%", func(t *testing.T) {
			held, both := 0, 0
			for i := range visitors {
				seed := strconv.FormatUint(mix(uint64(i)+1), 36) // as random as crypto.randomUUID for this
				a := Assign(seed, "rule-a", holdout) == Holdout
				b := Assign(seed, "rule-b", holdout) == Holdout
				if a {
					held++
				}
				if a && b {
					both++
				}
			}
			got := float64(held) / visitors * 100
			if math.Abs(got-float64(holdout)) > 1.5 {
				t.Errorf("held out %.2f %%, want %d %% ± 1.5", got, holdout)
			}
			wantBoth := float64(holdout*holdout) / 100
			if gotBoth := float64(both) / visitors * 100; math.Abs(gotBoth-wantBoth) > 1.5 {
				t.Errorf("held out of both rules %.2f %%, want %.2f %% ± 1.5 (independent)", gotBoth, wantBoth)
			}
		})
	}
}

func TestPickWeights(t *testing.T) {
	counts := make([]int, 3)
	for i := range 10000 {
		counts[Pick("v"+strconv.Itoa(i), "rule", []int{1, 1, 2})]++
	}
	for i, want := range []float64{25, 25, 50} {
		if got := float64(counts[i]) / 100; math.Abs(got-want) > 1.5 {
			t.Errorf("variant %d: %.2f %%, want %.0f %% ± 1.5", i, got, want)
		}
	}
}
