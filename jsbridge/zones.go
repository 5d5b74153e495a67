//go:build js && wasm

package jsbridge

import (
	"errors"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// Zones is hours.Zones (the one the widget's operating hours and the
// rules' time frames read) over the browser's Intl.DateTimeFormat, so the
// wasm carries no time zone database (time/tzdata would add ~450 KB).
type Zones struct{ formats map[string]safejs.Value }

// Wall returns the wall clock of zone at t.
func (z *Zones) Wall(t instant.Time, zone string) (hours.Wall, error) {
	if zone == "UTC" { // Go knows UTC: no Intl, no ICU start-up
		return hours.WallOf(t), nil
	}
	var w hours.Wall
	f, err := z.format(zone)
	if err != nil {
		return w, errors.New("jsbridge: time zone " + strconvlite.Quote(zone) + ": " + err.Error())
	}
	date, err := newObject("Date", float64(t.UnixMilli()))
	if err != nil {
		return w, err
	}
	parts, err := f.Call("formatToParts", date)
	if err != nil {
		return w, err
	}
	n, _ := parts.Length()
	for i := range n {
		p, _ := parts.Index(i)
		num, _ := strconvlite.Atoi(str(get(p, "value")))
		switch str(get(p, "type")) {
		case "year":
			w.Year = num
		case "month":
			w.Month = instant.Month(num)
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
	return w, nil
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
		"timeZone": zone, "year": "numeric", "month": "numeric", "day": "numeric",
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
