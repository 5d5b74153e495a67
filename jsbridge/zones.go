//go:build js && wasm

package jsbridge

import (
	"errors"
	"strconv"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/rules"
)

// Zones is widget.Zones and rules.Zones over the browser's Intl.DateTimeFormat, so the wasm
// carries no time zone database (time/tzdata would add ~450 KB).
type Zones struct{ formats map[string]safejs.Value }

var weekdayNames = map[string]time.Weekday{
	"Sun": time.Sunday, "Mon": time.Monday, "Tue": time.Tuesday, "Wed": time.Wednesday,
	"Thu": time.Thursday, "Fri": time.Friday, "Sat": time.Saturday,
}

// Local returns the weekday and minute after midnight of t in zone
// (widget.Zones).
func (z *Zones) Local(t time.Time, zone string) (time.Weekday, int, error) {
	w, day, err := z.read(t, zone)
	return day, w.Hour*60 + w.Minute, err
}

// Wall returns the wall clock of zone at t (rules.Zones).
func (z *Zones) Wall(t time.Time, zone string) (rules.Wall, error) {
	w, _, err := z.read(t, zone)
	return w, err
}

func (z *Zones) read(t time.Time, zone string) (rules.Wall, time.Weekday, error) {
	if zone == "UTC" { // Go knows UTC: no Intl, no ICU start-up
		u := t.UTC()
		return rules.Wall{Year: u.Year(), Month: u.Month(), Day: u.Day(),
			Hour: u.Hour(), Minute: u.Minute(), Second: u.Second()}, u.Weekday(), nil
	}
	var w rules.Wall
	f, err := z.format(zone)
	if err != nil {
		return w, 0, errors.New("jsbridge: time zone " + strconv.Quote(zone) + ": " + err.Error())
	}
	date, err := newObject("Date", float64(t.UnixMilli()))
	if err != nil {
		return w, 0, err
	}
	parts, err := f.Call("formatToParts", date)
	if err != nil {
		return w, 0, err
	}
	var day time.Weekday
	n, _ := parts.Length()
	for i := range n {
		p, _ := parts.Index(i)
		val := str(get(p, "value"))
		num, _ := strconv.Atoi(val)
		switch str(get(p, "type")) {
		case "weekday":
			day = weekdayNames[val]
		case "year":
			w.Year = num
		case "month":
			w.Month = time.Month(num)
		case "day":
			w.Day = num
		case "hour":
			w.Hour = num % 24
		case "minute":
			w.Minute = num
		case "second":
			w.Second = num
		}
	}
	return w, day, nil
}

// noIntl says once that the browser's Intl.DateTimeFormat is missing or
// broken, and what the widget does without it.
func noIntl(err error) {
	Console{}.WarnOnce("Intl", "lcwasm: Intl.DateTimeFormat does not work in this browser ("+ErrorText(err)+
		"), so only UTC times can be read: time frames in the visitor's own zone use UTC, and operating hours in another zone count as open")
}

func (z *Zones) format(zone string) (safejs.Value, error) {
	if f, ok := z.formats[zone]; ok {
		return f, nil
	}
	f, err := get(global, "Intl", "DateTimeFormat").New("en-US", map[string]any{
		"timeZone": zone, "weekday": "short", "year": "numeric", "month": "numeric", "day": "numeric",
		"hour": "numeric", "minute": "numeric", "second": "numeric", "hourCycle": "h23",
	})
	if err != nil {
		// A zone Intl does not know is the configuration's fault; Intl
		// failing on UTC as well is the browser's.
		if _, broken := get(global, "Intl", "DateTimeFormat").New("en-US", map[string]any{"timeZone": "UTC"}); broken != nil {
			noIntl(broken)
		}
		return f, err
	}
	if z.formats == nil {
		z.formats = map[string]safejs.Value{}
	}
	z.formats[zone] = f
	return f, nil
}
