//go:build js && wasm

package jsbridge

import (
	"errors"
	"strconv"
	"time"

	"github.com/hack-pad/safejs"
)

// Zones is widget.Zones over the browser's Intl.DateTimeFormat, so the wasm
// carries no time zone database (time/tzdata would add ~450 KB).
type Zones struct{ formats map[string]safejs.Value }

var weekdayNames = map[string]time.Weekday{
	"Sun": time.Sunday, "Mon": time.Monday, "Tue": time.Tuesday, "Wed": time.Wednesday,
	"Thu": time.Thursday, "Fri": time.Friday, "Sat": time.Saturday,
}

// Local returns the weekday and minute after midnight of t in zone.
func (z *Zones) Local(t time.Time, zone string) (time.Weekday, int, error) {
	f, err := z.format(zone)
	if err != nil {
		return 0, 0, errors.New("jsbridge: time zone " + strconv.Quote(zone) + ": " + err.Error())
	}
	date, err := newObject("Date", float64(t.UnixMilli()))
	if err != nil {
		return 0, 0, err
	}
	parts, err := f.Call("formatToParts", date)
	if err != nil {
		return 0, 0, err
	}
	var day time.Weekday
	var hour, minute int
	n, _ := parts.Length()
	for i := range n {
		p, _ := parts.Index(i)
		val := str(get(p, "value"))
		switch str(get(p, "type")) {
		case "weekday":
			day = weekdayNames[val]
		case "hour":
			hour, _ = strconv.Atoi(val)
		case "minute":
			minute, _ = strconv.Atoi(val)
		}
	}
	return day, hour%24*60 + minute, nil
}

func (z *Zones) format(zone string) (safejs.Value, error) {
	if f, ok := z.formats[zone]; ok {
		return f, nil
	}
	f, err := get(global, "Intl", "DateTimeFormat").New("en-US", map[string]any{
		"timeZone": zone, "weekday": "short", "hour": "numeric", "minute": "numeric", "hourCycle": "h23",
	})
	if err != nil {
		return f, err
	}
	if z.formats == nil {
		z.formats = map[string]safejs.Value{}
	}
	z.formats[zone] = f
	return f, nil
}
