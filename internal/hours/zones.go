package hours

import (
	"errors"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// Zones reads wall clocks in IANA time zones: the one zones interface of
// the module. The browser implements it with Intl.DateTimeFormat
// (jsbridge.Zones), so the wasm does not link Go's zone database; native
// programs use systemzones.Zones.
type Zones interface {
	// Wall returns the wall clock in zone ("Europe/Paris") at instant t,
	// or an error when zone is unknown.
	Wall(t instant.Time, zone string) (Wall, error)
}

// Wall is a wall-clock reading in a time zone, to the second.
type Wall struct {
	Year   int
	Month  instant.Month
	Day    int
	Hour   int // 0-23
	Minute int
	Second int
}

// WallOf reads t on the UTC clock.
func WallOf(t instant.Time) Wall {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return Wall{y, mo, d, h, mi, s}
}

// Seconds counts the seconds from 1970-01-01 00:00:00 to w on the same wall
// clock, so that wall arithmetic is plain subtraction.
func (w Wall) Seconds() int64 {
	return instant.Date(w.Year, w.Month, w.Day, w.Hour, w.Minute, w.Second, 0).Unix()
}

// Weekday is the day of the week of w's date.
func (w Wall) Weekday() instant.Weekday {
	return instant.Date(w.Year, w.Month, w.Day, 0, 0, 0, 0).Weekday()
}

// UTCOnly knows "UTC" and nothing else, and links no zone database.
type UTCOnly struct{}

// Wall implements Zones.
func (UTCOnly) Wall(t instant.Time, zone string) (Wall, error) {
	if zone != "UTC" {
		return Wall{}, errors.New("unknown time zone " + zone + " (no Zones given)")
	}
	return WallOf(t), nil
}
