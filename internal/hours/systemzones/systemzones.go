package systemzones

import (
	"errors"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// Zones is hours.Zones over time.LoadLocation, caching each zone.
type Zones struct {
	mu   sync.Mutex
	locs map[string]*time.Location
}

// Wall implements Zones.
func (z *Zones) Wall(t instant.Time, zone string) (hours.Wall, error) {
	loc, err := z.location(zone)
	if err != nil {
		return hours.Wall{}, err
	}
	lt := time.Unix(0, t.UnixNano()).In(loc)
	y, mo, d := lt.Date()
	h, mi, s := lt.Clock()
	return hours.Wall{Year: y, Month: instant.Month(mo), Day: d, Hour: h, Minute: mi, Second: s}, nil
}

func (z *Zones) location(zone string) (*time.Location, error) {
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
