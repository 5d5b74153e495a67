package rules

import (
	"strings"

	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

func decodeTimeFrame(d *decoder, arg any, path string, _ int) node {
	m := d.object(arg, path, "zone", "days", "hours", "dates")
	if m == nil {
		return nil
	}
	if !hasAny(m, []string{"days", "hours", "dates"}) {
		d.fail(path, "want days, hours or dates")
		return nil
	}
	f := &timeFrame{}
	if zone, ok := d.str(m, "zone", path); ok {
		if _, err := d.zones().Wall(instant.Unix(0, 0), zone); err != nil || zone == "" {
			d.fail(path, "unknown zone "+strconvlite.Quote(zone))
		}
		f.zone = zone
	}
	if v, ok := m["days"]; ok {
		f.days = d.days(v, field(path, "days"))
	}
	if v, ok := m["hours"]; ok {
		f.hours = d.hours(v, field(path, "hours"))
	}
	if v, ok := m["dates"]; ok {
		d.dates(f, v, field(path, "dates"))
	}
	return f
}

// days reads ["mon", "wed-fri", ...]; ranges may wrap ("fri-mon").
func (d *decoder) days(v any, path string) uint8 {
	var set uint8
	for i, s := range d.strings(v, path) {
		a, b, isRange := strings.Cut(s, "-")
		from, ok1 := hours.ParseDay(a)
		to, ok2 := from, ok1
		if isRange {
			to, ok2 = hours.ParseDay(b)
		}
		if !ok1 || !ok2 {
			d.fail(index(path, i), "want a day (sun, mon, ... sat) or a range such as mon-fri")
			continue
		}
		for k := from; ; k = (k + 1) % 7 {
			set |= 1 << k
			if k == to {
				break
			}
		}
	}
	if set == 0x7f {
		return 0
	}
	return set
}

// hours reads ["09:00-12:00", "22:00-06:00"]: from included, to excluded;
// a range whose end is before its start runs past midnight.
func (d *decoder) hours(v any, path string) []window {
	var ws []window
	for i, s := range d.strings(v, path) {
		a, b, _ := strings.Cut(s, "-")
		from, ok1 := hours.ParseClock(a)
		to, ok2 := hours.ParseClock(b)
		if !ok1 || !ok2 || from == to || from == 1440 {
			d.fail(index(path, i), "want a range of times such as 09:00-17:30")
			continue
		}
		if to < from {
			ws = append(ws, window{0, to}, window{from, 1440})
		} else {
			ws = append(ws, window{from, to})
		}
	}
	return mergeWindows(ws)
}

// mergeWindows sorts windows and joins those that overlap or touch; a
// whole day becomes nil.
func mergeWindows(ws []window) []window {
	for i := 1; i < len(ws); i++ { // insertion sort: a handful of windows
		for j := i; j > 0 && ws[j].from < ws[j-1].from; j-- {
			ws[j], ws[j-1] = ws[j-1], ws[j]
		}
	}
	var out []window
	for _, w := range ws {
		if n := len(out); n > 0 && w.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, w.to)
			continue
		}
		out = append(out, w)
	}
	if len(out) == 1 && out[0] == (window{0, 1440}) {
		return nil
	}
	return out
}

// dates reads {"from": "2026-12-01", "to": "2026-12-24"}, both included,
// either optional.
func (d *decoder) dates(f *timeFrame, v any, path string) {
	m := d.object(v, path, "from", "to")
	if m == nil {
		return
	}
	if len(m) == 0 {
		d.fail(path, "want from or to")
	}
	if s, ok := d.str(m, "from", path); ok {
		f.from, f.hasFrm = d.date(s, field(path, "from"))
	}
	if s, ok := d.str(m, "to", path); ok {
		f.to, f.hasTo = d.date(s, field(path, "to"))
	}
	if f.hasFrm && f.hasTo && f.from > f.to {
		d.fail(path, "want from <= to")
	}
}

// date parses "YYYY-MM-DD" into days since 1970-01-01.
func (d *decoder) date(s, path string) (int64, bool) {
	parts := strings.Split(s, "-")
	if len(parts) == 3 && len(parts[0]) == 4 && len(parts[1]) == 2 && len(parts[2]) == 2 {
		y, ok1 := strconvlite.Atoi(parts[0])
		m, ok2 := strconvlite.Atoi(parts[1])
		dd, ok3 := strconvlite.Atoi(parts[2])
		t := instant.Date(y, instant.Month(m), dd, 0, 0, 0, 0)
		if ok1 && ok2 && ok3 && m >= 1 && m <= 12 && dd >= 1 && dd <= instant.DaysIn(instant.Month(m), y) && y >= 1970 && y <= 2200 {
			return floorDiv(t.Unix(), daySeconds), true
		}
	}
	d.fail(path, "want a date such as 2026-12-24, from 1970 to 2200")
	return 0, false
}

// zones is the decoder's Zones, UTC only when none is given.
func (d *decoder) zones() Zones {
	if d.Zones == nil {
		return hours.UTCOnly{}
	}
	return d.Zones
}
