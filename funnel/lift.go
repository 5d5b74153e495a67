package funnel

import "math"

// Arm is one group of an experiment: visitors eligible for the rule and
// how many of them reached the goal.
type Arm struct {
	Visitors    int
	Conversions int
}

// Rate is the arm's conversion rate; 0 without visitors.
func (a Arm) Rate() float64 {
	if a.Visitors <= 0 {
		return 0
	}
	return float64(a.Conversions) / float64(a.Visitors)
}

// The "too small to tell" rule: each arm needs MinVisitors eligible
// visitors and MinConversions conversions, and as many who did not
// convert (the normal approximation behind any interval fails below).
const (
	MinVisitors    = 100
	MinConversions = 5
)

// z95 is the standard normal quantile for a two-sided 95 % interval.
const z95 = 1.959963984540054

// Verdict is what a comparison says in words.
type Verdict string

// The verdicts of Compare.
const (
	TooSmall  Verdict = "too small to tell"
	NoClear   Verdict = "no clear difference"
	Helps     Verdict = "invitations help"
	Hurts     Verdict = "invitations hurt"
	Undefined Verdict = "no goals reported"
)

// Lift compares the invited group (treatment) with the holdout.
type Lift struct {
	Treatment, Holdout float64 // conversion rates
	Absolute           float64 // Treatment - Holdout
	Low, High          float64 // 95 % interval of Absolute (Newcombe hybrid score)
	// Relative is Absolute / Holdout, with RelLow, RelHigh the interval
	// divided by the holdout's rate (an approximation that treats that
	// rate as known); all three are NaN when the holdout's rate is 0.
	Relative, RelLow, RelHigh float64
	Verdict                   Verdict
}

// Compare computes the lift of t (the invited group) over h (the holdout)
// with Newcombe's hybrid score interval for a difference of independent
// proportions (Newcombe 1998, method 10): Wilson intervals per arm,
// combined. The interval is computed even when the verdict is TooSmall.
func Compare(t, h Arm) Lift {
	p1, p2 := t.Rate(), h.Rate()
	l := Lift{Treatment: p1, Holdout: p2, Absolute: p1 - p2}
	l1, u1 := Wilson(t.Conversions, t.Visitors)
	l2, u2 := Wilson(h.Conversions, h.Visitors)
	l.Low = l.Absolute - math.Sqrt((p1-l1)*(p1-l1)+(u2-p2)*(u2-p2))
	l.High = l.Absolute + math.Sqrt((u1-p1)*(u1-p1)+(p2-l2)*(p2-l2))
	l.Relative, l.RelLow, l.RelHigh = math.NaN(), math.NaN(), math.NaN()
	if p2 > 0 {
		l.Relative, l.RelLow, l.RelHigh = l.Absolute/p2, l.Low/p2, l.High/p2
	}
	switch {
	case t.Conversions == 0 && h.Conversions == 0:
		l.Verdict = Undefined
	case !enough(t) || !enough(h):
		l.Verdict = TooSmall
	case l.Low > 0:
		l.Verdict = Helps
	case l.High < 0:
		l.Verdict = Hurts
	default:
		l.Verdict = NoClear
	}
	return l
}

func enough(a Arm) bool {
	return a.Visitors >= MinVisitors && a.Conversions >= MinConversions && a.Visitors-a.Conversions >= MinConversions
}

// Wilson is the 95 % Wilson score interval of k successes in n trials;
// (0, 1) when n is 0.
func Wilson(k, n int) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	p, nf, z2 := float64(k)/float64(n), float64(n), z95*z95
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z95 / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return max(0, centre-half), min(1, centre+half)
}
