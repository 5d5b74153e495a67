package report

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Stats summarise samples in milliseconds.
type Stats struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P10    float64 `json:"p10"`
	P90    float64 `json:"p90"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Summarise returns the statistics of samples; the zero Stats when there are
// none.
func Summarise(samples []float64) Stats {
	if len(samples) == 0 {
		return Stats{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	return Stats{
		N:      len(s),
		Median: Percentile(s, 50),
		P10:    Percentile(s, 10),
		P90:    Percentile(s, 90),
		Min:    s[0],
		Max:    s[len(s)-1],
	}
}

// Percentile returns the p-th percentile (0–100) of sorted, interpolating
// linearly between the closest ranks; NaN when sorted is empty.
func Percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	rank := p / 100 * float64(len(sorted)-1)
	lo := int(math.Floor(rank))
	hi := int(math.Ceil(rank))
	if hi >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (sorted[hi]-sorted[lo])*(rank-float64(lo))
}

// Ratio returns a ÷ b, or 0 when b is 0.
func Ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Interval is a bootstrap 80 % interval (p10 to p90) of a statistic.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// resamples is the number of bootstrap resamples.
const resamples = 2000

// MedianRatioInterval is the bootstrap interval of median(a) ÷ median(b).
func MedianRatioInterval(a, b []float64) Interval {
	return bootstrap(a, b, Ratio)
}

// MedianDeltaInterval is the bootstrap interval of median(a) - median(b).
func MedianDeltaInterval(a, b []float64) Interval {
	return bootstrap(a, b, func(x, y float64) float64 { return x - y })
}

// bootstrap resamples a and b with replacement, with a fixed seed so a
// report is reproducible from its samples, and returns the p10 and p90 of
// stat(median(a'), median(b')).
func bootstrap(a, b []float64, stat func(x, y float64) float64) Interval {
	if len(a) == 0 || len(b) == 0 {
		return Interval{}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ra, rb := make([]float64, len(a)), make([]float64, len(b))
	out := make([]float64, resamples)
	for i := range out {
		out[i] = stat(resampledMedian(rng, a, ra), resampledMedian(rng, b, rb))
	}
	slices.Sort(out)
	return Interval{Low: Percentile(out, 10), High: Percentile(out, 90)}
}

func resampledMedian(rng *rand.Rand, from, buf []float64) float64 {
	for i := range buf {
		buf[i] = from[rng.IntN(len(from))]
	}
	slices.Sort(buf)
	return Percentile(buf, 50)
}
