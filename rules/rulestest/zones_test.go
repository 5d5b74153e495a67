package rulestest

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/lcwasm/lcwasm/rules"
)

func TestSystemZones(t *testing.T) {
	if err := TestZones(&rules.SystemZones{}); err != nil {
		t.Error(err)
	}
}

// offByOne is a broken Zones that forgets daylight saving time.
type offByOne struct{ rules.SystemZones }

func (z *offByOne) Wall(t time.Time, zone string) (rules.Wall, error) {
	if zone == "Europe/Paris" {
		zone = "Etc/GMT-1"
	}
	return z.SystemZones.Wall(t, zone)
}

func TestZonesCatchesAMistake(t *testing.T) {
	if err := TestZones(&offByOne{}); err == nil {
		t.Error("TestZones accepted a zone database without daylight saving time")
	}
}
