package rules

import "github.com/lcwasm/lcwasm/internal/instant"

const daySeconds = 86400

// timeFrame holds on chosen days of the week, hours of the day and dates,
// read on the wall clock of a time zone. Days and hours are checked on the
// same local date: an overnight range "22:00-06:00" covers both ends of
// each listed day.
type timeFrame struct {
	zone   string   // "" = the visitor's zone, else UTC
	days   uint8    // bit per instant.Weekday; 0 = every day
	hours  []window // minutes of the day [from, to), sorted, disjoint, apart; nil = all day
	from   int64    // first local date, in days since 1970-01-01
	to     int64    // last local date, included
	hasFrm bool
	hasTo  bool
}

// window is a range of minutes of the day, [from, to).
type window struct{ from, to int }

func (f *timeFrame) eval(c *ctx) (bool, instant.Time) {
	zone := f.zone
	if zone == "" {
		zone = c.v.TimeZone
	}
	if zone == "" {
		zone = "UTC"
	}
	w, ok := c.wallNow(zone)
	if !ok {
		return false, 0
	}
	next, ok := f.next(w)
	if !ok {
		return f.at(w), 0
	}
	return f.at(w), c.instantOf(zone, w, next)
}

func (f *timeFrame) at(w int64) bool {
	for p := range 3 {
		if ok, _, _ := f.part(p, w); !ok {
			return false
		}
	}
	return true
}

// next returns the first wall time after w at which the frame changes.
// While it holds, that is the first change of any part. While it does not,
// it cannot hold before each failing part has changed; jump there and look.
func (f *timeFrame) next(w int64) (int64, bool) {
	holds := f.at(w)
	for range 64 {
		var t int64
		found := false
		for p := range 3 {
			ok, flip, flips := f.part(p, w)
			if holds || !ok {
				if !flips && !holds {
					return 0, false
				}
				if flips && (!found || holds && flip < t || !holds && flip > t) {
					t, found = flip, true
				}
			}
		}
		if !found || holds || f.at(t) {
			return t, found
		}
		w = t
	}
	return w, true
}

// part reports whether part p (days, hours, dates) holds at wall time w,
// and when it next changes.
func (f *timeFrame) part(p int, w int64) (holds bool, flip int64, flips bool) {
	day := floorDiv(w, daySeconds)
	switch p {
	case 0:
		return f.dayPart(day)
	case 1:
		return f.hourPart(day, w)
	}
	return f.datePart(day)
}

func (f *timeFrame) dayPart(day int64) (bool, int64, bool) {
	if f.days == 0 {
		return true, 0, false
	}
	holds := f.days&(1<<weekday(day)) != 0
	for k := int64(1); k <= 7; k++ {
		if (f.days&(1<<weekday(day+k)) != 0) != holds {
			return holds, (day + k) * daySeconds, true
		}
	}
	return holds, 0, false
}

func (f *timeFrame) hourPart(day, w int64) (bool, int64, bool) {
	if f.hours == nil {
		return true, 0, false
	}
	holds := f.inHours(int(w-day*daySeconds) / 60)
	for d := day; d <= day+1; d++ {
		for _, h := range f.hours {
			for _, b := range [2]int{h.from, h.to} {
				t := d*daySeconds + int64(b)*60
				if t > w && f.inHours(b%1440) != holds {
					return holds, t, true
				}
			}
		}
	}
	return holds, 0, false
}

func (f *timeFrame) inHours(minute int) bool {
	for _, h := range f.hours {
		if h.from <= minute && minute < h.to {
			return true
		}
	}
	return false
}

func (f *timeFrame) datePart(day int64) (bool, int64, bool) {
	switch {
	case f.hasFrm && day < f.from:
		return false, f.from * daySeconds, true
	case f.hasTo && day > f.to:
		return false, 0, false
	case f.hasTo:
		return true, (f.to + 1) * daySeconds, true
	}
	return true, 0, false
}

// weekday of a day counted from 1970-01-01, a Thursday.
func weekday(day int64) instant.Weekday {
	return instant.Weekday((day%7 + 7 + 4) % 7)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
