package hours

import (
	"errors"
	"sync"
	"time"
)

// Zones reads wall clocks in IANA time zones: the one zones interface of
// the module. The browser implements it with Intl.DateTimeFormat
// (jsbridge.Zones), so the wasm does not link Go's zone database; native
// programs use SystemZones.
type Zones interface {
	// Wall returns the wall clock in zone ("Europe/Paris") at instant t,
	// or an error when zone is unknown.
	Wall(t time.Time, zone string) (Wall, error)
}

// Wall is a wall-clock reading in a time zone, to the second.
type Wall struct {
	Year   int
	Month  time.Month
	Day    int
	Hour   int // 0-23
	Minute int
	Second int
}

// WallOf reads t on its own location's clock.
func WallOf(t time.Time) Wall {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return Wall{y, mo, d, h, mi, s}
}

// Seconds counts the seconds from 1970-01-01 00:00:00 to w on the same wall
// clock, so that wall arithmetic is plain subtraction.
func (w Wall) Seconds() int64 {
	return time.Date(w.Year, w.Month, w.Day, w.Hour, w.Minute, w.Second, 0, time.UTC).Unix()
}

// Weekday is the day of the week of w's date.
func (w Wall) Weekday() time.Weekday {
	return time.Date(w.Year, w.Month, w.Day, 0, 0, 0, 0, time.UTC).Weekday()
}

// UTCOnly knows "UTC" and nothing else, and links no zone database.
type UTCOnly struct{}

// Wall implements Zones.
func (UTCOnly) Wall(t time.Time, zone string) (Wall, error) {
	if zone != "UTC" {
		return Wall{}, errors.New("unknown time zone " + zone + " (no Zones given)")
	}
	return WallOf(t.UTC()), nil
}

// SystemZones reads zones with time.LoadLocation, caching each: for native
// programs and tests. Under js/wasm there is no zone database unless the
// program embeds one; supply a browser-backed Zones there instead.
type SystemZones struct {
	mu   sync.Mutex
	locs map[string]*time.Location
}

// Wall implements Zones.
func (z *SystemZones) Wall(t time.Time, zone string) (Wall, error) {
	loc, err := z.location(zone)
	if err != nil {
		return Wall{}, err
	}
	return WallOf(t.In(loc)), nil
}

func (z *SystemZones) location(zone string) (*time.Location, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if loc, ok := z.locs[zone]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "Local" {
		return nil, errors.New("unknown time zone " + zone)
	}
	if z.locs == nil {
		z.locs = map[string]*time.Location{}
	}
	z.locs[zone] = loc
	return loc, nil
}
