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

// Measure evaluates the set of n rules at least minIter times and for at
// least minTime, doubling the iterations until both hold, and returns the
// cost of the last round. The browser's clock is coarse (100 µs without
// cross-origin isolation), so minTime keeps the error small there.
func Measure(n, minIter int, minTime time.Duration) (Cost, error) {
	e, err := Engine(n)
	if err != nil {
		return Cost{}, err
	}
	v := Visit()
	loop(e, v, minIter/10+1) // warm up
	for iters := max(minIter, 1); ; iters *= 2 {
		start := time.Now()
		loop(e, v, iters)
		d := time.Since(start)
		if d >= minTime {
			return Cost{Rules: n, Iterations: iters, NsPerOp: float64(d.Nanoseconds()) / float64(iters)}, nil
		}
	}
}

// sink keeps the compiler from dropping the evaluations.
var sink rules.Decision

func loop(e *rules.Engine, v *rules.Visit, iters int) {
	for range iters {
		sink = e.Evaluate(v, Now)
	}
}
