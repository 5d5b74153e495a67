package funnel

import (
	"math"
	"testing"
)

// The published values of Newcombe, "Interval estimation for the
// difference between independent proportions: comparison of eleven
// methods", Statistics in Medicine 17 (1998), table II, method 10; and
// the Wilson interval of his companion paper's 81/263.
func TestCompareNewcombe(t *testing.T) {
	cases := []struct {
		name      string
		t, h      Arm
		low, high float64
	}{
		{"56/70 vs 48/80", Arm{70, 56}, Arm{80, 48}, 0.0524, 0.3339},
		{"9/10 vs 3/10", Arm{10, 9}, Arm{10, 3}, 0.1705, 0.8090},
		{"5/56 vs 0/29", Arm{56, 5}, Arm{29, 0}, -0.0381, 0.1926},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := Compare(c.t, c.h)
			if math.Abs(l.Low-c.low) > 0.00005 || math.Abs(l.High-c.high) > 0.00005 {
				t.Errorf("interval %.4f to %.4f, want %.4f to %.4f", l.Low, l.High, c.low, c.high)
			}
			if want := c.t.Rate() - c.h.Rate(); l.Absolute != want {
				t.Errorf("absolute %v, want %v", l.Absolute, want)
			}
		})
	}
	lo, hi := Wilson(81, 263)
	if math.Abs(lo-0.2553) > 0.00005 || math.Abs(hi-0.3662) > 0.00005 {
		t.Errorf("Wilson(81, 263) = %.4f, %.4f, want 0.2553, 0.3662", lo, hi)
	}
}

func TestCompareVerdicts(t *testing.T) {
	cases := []struct {
		name string
		t, h Arm
		want Verdict
	}{
		{"no goals", Arm{1000, 0}, Arm{1000, 0}, Undefined},
		{"too few visitors", Arm{99, 50}, Arm{500, 10}, TooSmall},
		{"too few conversions", Arm{1000, 4}, Arm{1000, 50}, TooSmall},
		{"too few non-conversions", Arm{200, 197}, Arm{200, 100}, TooSmall},
		{"helps: 12% vs 8%", Arm{2000, 240}, Arm{2000, 160}, Helps},
		{"hurts: 5% vs 8%", Arm{2000, 100}, Arm{2000, 160}, Hurts},
		{"no clear: 8.5% vs 8%", Arm{1000, 85}, Arm{1000, 80}, NoClear},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Compare(c.t, c.h).Verdict; got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// Hand-computed: 240/2000 = 12 %, 160/2000 = 8 %: +4 points, +50 %.
func TestCompareRelative(t *testing.T) {
	l := Compare(Arm{2000, 240}, Arm{2000, 160})
	if math.Abs(l.Absolute-0.04) > 1e-12 || math.Abs(l.Relative-0.5) > 1e-12 {
		t.Errorf("absolute %v relative %v, want 0.04 and 0.5", l.Absolute, l.Relative)
	}
	if math.Abs(l.RelLow-l.Low/0.08) > 1e-12 || math.Abs(l.RelHigh-l.High/0.08) > 1e-12 {
		t.Errorf("relative interval %v..%v, want the absolute one over 0.08", l.RelLow, l.RelHigh)
	}
	if z := Compare(Arm{100, 10}, Arm{100, 0}); !math.IsNaN(z.Relative) {
		t.Errorf("relative lift over a zero holdout rate = %v, want NaN", z.Relative)
	}
}
