package rulestest

import (
	"testing"
	_ "time/tzdata"

	"github.com/lcwasm/lcwasm/internal/hours/systemzones"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

func TestSystemZones(t *testing.T) {
	if err := TestZones(&systemzones.Zones{}); err != nil {
		t.Error(err)
	}
}

// offByOne is a broken Zones that forgets daylight saving time.
type offByOne struct{ systemzones.Zones }

func (z *offByOne) Wall(t instant.Time, zone string) (rules.Wall, error) {
	if zone == "Europe/Paris" {
		zone = "Etc/GMT-1"
	}
	return z.Zones.Wall(t, zone)
}

func TestZonesCatchesAMistake(t *testing.T) {
	if err := TestZones(&offByOne{}); err == nil {
		t.Error("TestZones accepted a zone database without daylight saving time")
	}
}
