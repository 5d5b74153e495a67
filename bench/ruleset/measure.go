package ruleset

import (
	"time"

	"github.com/lcwasm/lcwasm/rules"
)

// Cost is the time of one evaluation of a set.
type Cost struct {
	Rules      int     `json:"rules"`
	Iterations int     `json:"iterations"`
	NsPerOp    float64 `json:"nsPerOp"`
}

// Measure evaluates the set of n rules in rounds of at least minIter
// evaluations lasting at least minTime (doubling the iterations until both
// hold) and returns the cheapest of rounds rounds: on a busy machine noise
// only ever adds time. The browser's clock is coarse (100 µs without
// cross-origin isolation), so minTime keeps the error small there.
func Measure(n, minIter, rounds int, minTime time.Duration) (Cost, error) {
	e, err := Engine(n)
	if err != nil {
		return Cost{}, err
	}
	v := Visit()
	loop(e, v, minIter/10+1) // warm up
	iters := max(minIter, 1)
	for {
		start := time.Now()
		loop(e, v, iters)
		if time.Since(start) >= minTime {
			break
		}
		iters *= 2
	}
	best := Cost{Rules: n, Iterations: iters}
	for r := range max(rounds, 1) {
		start := time.Now()
		loop(e, v, iters)
		ns := float64(time.Since(start).Nanoseconds()) / float64(iters)
		if r == 0 || ns < best.NsPerOp {
			best.NsPerOp = ns
		}
	}
	return best, nil
}

// sink keeps the compiler from dropping the evaluations; it is only
// written, which is the point.
//
//lint:ignore U1000 written so that the evaluations are not optimized away
var sink rules.Decision

func loop(e *rules.Engine, v *rules.Visit, iters int) {
	for range iters {
		sink = e.Evaluate(v, Now)
	}
}
