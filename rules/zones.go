package rules

import (
	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// Zones reads wall clocks in IANA time zones (package hours' interface,
// the one the widget's operating hours use too). The browser implements it
// with Intl.DateTimeFormat (formatToParts with timeZone and hourCycle
// "h23"), so the wasm does not link Go's zone database; native programs can
// use systemzones.Zones (internal/hours/systemzones).
type Zones = hours.Zones

// Wall is a wall-clock reading in a time zone, to the second.
type Wall = hours.Wall

// zoneWall caches, for one zone, the wall clock of the evaluation instant
// (at == 0) or the instant a wall time maps to (at > 0, the wall time).
type zoneWall struct {
	zone string
	at   int64
	w    int64
	t    instant.Time
	ok   bool
}

// wallNow returns the wall clock of c.now in zone, in wall seconds.
func (c *ctx) wallNow(zone string) (int64, bool) {
	for _, z := range c.walls {
		if z.zone == zone && z.at == 0 {
			return z.w, z.ok
		}
	}
	w, ok := c.wall(c.now, zone)
	c.walls = append(c.walls, zoneWall{zone: zone, w: w, ok: ok})
	return w, ok
}

// instantOf is instant, remembered: rules often share boundaries, and
// in the browser each wall-clock reading costs an Intl call.
func (c *ctx) instantOf(zone string, wnow, target int64) instant.Time {
	for _, z := range c.walls {
		if z.zone == zone && z.at == target {
			return z.t
		}
	}
	t := c.instant(zone, wnow, target)
	if len(c.walls) < 32 {
		c.walls = append(c.walls, zoneWall{zone: zone, at: target, t: t})
	}
	return t
}

func (c *ctx) wall(t instant.Time, zone string) (int64, bool) {
	w, err := c.zones.Wall(t, zone)
	return w.Seconds(), err == nil
}

// instant finds the first instant after c.now whose wall clock in zone
// reaches target, given that c.now reads wnow. It assumes the zone's offset,
// corrects it once for a transition on the way, and bisects when target falls
// in a skipped hour.
func (c *ctx) instant(zone string, wnow, target int64) instant.Time {
	if target-wnow > maxJump {
		return 0 // beyond instant.Duration; no timer is armed that far anyway
	}
	base := c.now.Truncate(instant.Second)
	t0 := base.Add(instant.Duration(target-wnow) * instant.Second)
	w0, ok := c.wall(t0, zone)
	if !ok || w0 == target {
		return c.after(t0)
	}
	t1 := t0.Add(instant.Duration(target-w0) * instant.Second)
	w1, ok := c.wall(t1, zone)
	if !ok || w1 == target {
		return c.after(t1)
	}
	lo, hi := t0, t1
	if w0 >= target && w1 < target {
		lo, hi = t1, t0
	} else if !(w0 < target && w1 >= target) {
		return c.after(earliest(t0, t1))
	}
	for hi.Sub(lo) > instant.Second {
		mid := lo.Add(hi.Sub(lo) / 2).Truncate(instant.Second)
		if w, ok := c.wall(mid, zone); ok && w >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return c.after(hi)
}

// maxJump bounds wall-clock arithmetic to what instant.Duration holds.
const maxJump = 250 * 366 * daySeconds

// after keeps a computed deadline strictly after now, so that the browser
// never arms a timer in the past because of an odd zone.
func (c *ctx) after(t instant.Time) instant.Time {
	if !t.After(c.now) {
		return c.now.Add(instant.Second)
	}
	return t
}
