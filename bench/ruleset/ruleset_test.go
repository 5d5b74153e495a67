package ruleset

import (
	"fmt"
	"testing"
	"time"
)

// TestSetsDecodeAndNeverFire: every set decodes cleanly, no rule fires for
// the visit, and a deadline is ahead, so Evaluate walks every rule.
func TestSetsDecodeAndNeverFire(t *testing.T) {
	for _, n := range Sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			e, err := Engine(n)
			if err != nil {
				t.Fatal(err)
			}
			d := e.Evaluate(Visit(), Now)
			if d.Rule != "" || d.Waiting != "" {
				t.Errorf("rule %q fires (waiting %q); want none", d.Rule, d.Waiting)
			}
			if !d.Next.After(Now) {
				t.Errorf("Next = %v, want after %v", d.Next, Now)
			}
		})
	}
}

func TestMeasure(t *testing.T) {
	c, err := Measure(10, 10, 3, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rules != 10 || c.Iterations < 10 || c.NsPerOp <= 0 {
		t.Errorf("Measure(10) = %+v", c)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	for _, n := range Sizes {
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			e, err := Engine(n)
			if err != nil {
				b.Fatal(err)
			}
			v := Visit()
			b.ReportAllocs()
			for b.Loop() {
				sink = e.Evaluate(v, Now)
			}
		})
	}
}
