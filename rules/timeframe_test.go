package rules

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// utc gives the offset from t0 of a UTC instant, for condCase.at and next.
func utc(y int, m instant.Month, d, h, min int) instant.Duration {
	return instant.Date(y, m, d, h, min, 0, 0).Sub(t0)
}

func TestTimeFrame(t *testing.T) {
	h := instant.Hour
	paris := func(more string) string { return `{"timeFrame": {"zone": "Europe/Paris", ` + more + `}}` }
	runConds(t, []condCase{
		// t0 is Monday 2026-03-02 10:00 UTC, 11:00 in Paris.
		{name: "inside hours", cond: paris(`"hours": ["09:00-17:00"]`), want: true, next: 6 * h},
		{name: "before hours", cond: paris(`"hours": ["12:00-13:00"]`), want: false, next: 1 * h},
		{name: "two ranges", cond: paris(`"hours": ["08:00-09:00", "10:30-11:30"]`), want: true, next: 30 * instant.Minute},
		{name: "weekend", cond: paris(`"days": ["sat", "sun"]`), want: false, next: utc(2026, 3, 6, 23, 0)},
		{name: "a day ends at local midnight", cond: paris(`"days": ["mon"]`), want: true, next: 13 * h},
		{name: "friday evening waits for monday", cond: paris(`"days": ["mon-fri"], "hours": ["09:00-17:00"]`),
			at: utc(2026, 3, 6, 17, 0), want: false, next: utc(2026, 3, 9, 8, 0)},
		{name: "wrapping day range", cond: paris(`"days": ["fri-mon"]`), want: true, next: 13 * h},
		{name: "date window ahead", cond: paris(`"dates": {"from": "2026-12-01", "to": "2026-12-24"}`),
			want: false, next: utc(2026, 11, 30, 23, 0)},
		{name: "date window ends", cond: paris(`"dates": {"from": "2026-03-01", "to": "2026-03-02"}`),
			want: true, next: 13 * h},
		{name: "date window passed", cond: paris(`"dates": {"to": "2026-03-01"}`), want: false},
		{name: "open-ended window", cond: paris(`"dates": {"from": "2026-01-01"}`), want: true},
		{name: "window, days and hours", cond: paris(`"dates": {"from": "2026-12-01"}, "days": ["sat"], "hours": ["10:00-12:00"]`),
			want: false, next: utc(2026, 12, 5, 9, 0)},
		{name: "overnight before", cond: `{"timeFrame": {"zone": "UTC", "hours": ["22:00-06:00"]}}`, want: false, next: 12 * h},
		{name: "overnight inside", cond: `{"timeFrame": {"zone": "UTC", "hours": ["22:00-06:00"]}}`,
			at: 13 * h, want: true, next: 20 * h},
		{name: "whole day is no limit", cond: `{"timeFrame": {"zone": "UTC", "hours": ["00:00-12:00", "12:00-24:00"]}}`, want: true},
		{name: "visitor's zone by default", cond: `{"timeFrame": {"hours": ["11:00-12:00"]}}`, want: true, next: 1 * h},
		{name: "UTC without any zone", cond: `{"timeFrame": {"hours": ["11:00-12:00"]}}`,
			visit: func(v *Visit) { v.TimeZone = "" }, want: false, next: 1 * h},
		{name: "unknown visitor zone", cond: `{"timeFrame": {"hours": ["11:00-12:00"]}}`,
			visit: func(v *Visit) { v.TimeZone = "Mars/Olympus" }, want: false},
		{name: "sub-second now", cond: `{"timeFrame": {"zone": "UTC", "hours": ["10:00-10:01"]}}`,
			at: 500 * instant.Millisecond, want: true, next: instant.Minute},
	})
}

func TestTimeFrameDST(t *testing.T) {
	runConds(t, []condCase{
		// Paris springs forward on 2026-03-29 at 01:00 UTC (02:00 CET -> 03:00 CEST).
		{name: "opening after spring forward", cond: `{"timeFrame": {"zone": "Europe/Paris", "hours": ["09:00-17:00"]}}`,
			at: utc(2026, 3, 28, 18, 0), want: false, next: utc(2026, 3, 29, 7, 0)},
		{name: "opening inside the skipped hour", cond: `{"timeFrame": {"zone": "Europe/Paris", "hours": ["02:30-04:00"]}}`,
			at: utc(2026, 3, 29, 0, 0), want: false, next: utc(2026, 3, 29, 1, 0)},
		// Paris falls back on 2026-10-25 at 01:00 UTC (03:00 CEST -> 02:00 CET).
		{name: "opening after fall back", cond: `{"timeFrame": {"zone": "Europe/Paris", "hours": ["09:00-17:00"]}}`,
			at: utc(2026, 10, 24, 20, 0), want: false, next: utc(2026, 10, 25, 8, 0)},
		{name: "date starts after fall back", cond: `{"timeFrame": {"zone": "Europe/Paris", "dates": {"from": "2026-11-01"}}}`,
			at: utc(2026, 10, 20, 0, 0), want: false, next: utc(2026, 10, 31, 23, 0)},
		// New York springs forward on 2026-03-08 at 07:00 UTC.
		{name: "new york", cond: `{"timeFrame": {"zone": "America/New_York", "days": ["mon-fri"], "hours": ["09:00-17:00"]}}`,
			at: utc(2026, 3, 6, 23, 0), want: false, next: utc(2026, 3, 9, 13, 0)},
	})
}

// TestTimeFrameNextIsExact checks the promise behind Next on a grid of
// instants: the value is constant from now until just before Next, and
// differs at Next.
func TestTimeFrameNextIsExact(t *testing.T) {
	conds := []string{
		`{"timeFrame": {"zone": "Europe/Paris", "days": ["mon-fri"], "hours": ["09:00-12:00", "13:30-18:00"]}}`,
		`{"timeFrame": {"zone": "America/New_York", "hours": ["22:00-02:00"], "days": ["sat"]}}`,
		`{"timeFrame": {"zone": "Australia/Lord_Howe", "hours": ["01:45-02:15"]}}`,
		`{"timeFrame": {"zone": "Asia/Kolkata", "dates": {"from": "2026-03-10", "to": "2026-03-12"}, "hours": ["00:00-00:30"]}}`,
	}
	for _, cond := range conds {
		for now := t0.Add(-24 * instant.Hour); now.Before(t0.Add(40 * 24 * instant.Hour)); now = now.Add(7*instant.Hour + 13*instant.Minute) {
			v := baseVisit()
			got, next := evalCond(t, cond, v, now)
			if next.IsZero() {
				continue
			}
			for k := 1; k <= 8; k++ {
				mid := now.Add(next.Sub(now) * instant.Duration(k) / 9)
				if v, _ := evalCond(t, cond, v, mid); v != got {
					t.Fatalf("%s at %v: holds %v until %v, but %v at %v", cond, now, got, next, v, mid)
				}
			}
			before, _ := evalCond(t, cond, v, next.Add(-instant.Second))
			after, _ := evalCond(t, cond, v, next)
			if before != got || after == got {
				t.Fatalf("%s at %v: holds %v, next %v; a second before %v, at next %v", cond, now, got, next, before, after)
			}
		}
	}
}
