//go:build js && wasm

package jsbridge_test

import (
	"testing"
	"time"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/rules/rulestest"
)

func TestZonesWall(t *testing.T) {
	// 2026-11-21 08:30 UTC is a Saturday.
	at := instant.Date(2026, 11, 21, 8, 30, 0, 0)
	tests := []struct {
		zone   string
		day    instant.Weekday
		minute int
	}{
		{"UTC", instant.Saturday, 8*60 + 30},
		{"Asia/Tokyo", instant.Saturday, 17*60 + 30},
		{"America/Los_Angeles", instant.Saturday, 0*60 + 30},
		{"Pacific/Pago_Pago", instant.Friday, 21*60 + 30},
	}
	var z jsbridge.Zones
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			w, err := z.Wall(at, tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			day, minute := w.Weekday(), w.Hour*60+w.Minute
			if day != tt.day || minute != tt.minute {
				t.Errorf("Local(%s) = %v %d, want %v %d", tt.zone, day, minute, tt.day, tt.minute)
			}
		})
	}
	if _, err := z.Wall(at, "Mars/Olympus_Mons"); err == nil {
		t.Error("an unknown zone must be an error")
	}
}

func TestTimerFiresOnceAndCanBeCancelled(t *testing.T) {
	fired := make(chan string, 4)
	a := jsbridge.NewTimer(func() { fired <- "a" })
	b := jsbridge.NewTimer(func() { fired <- "b" })
	a.WakeAt(jsbridge.Now().Add(30 * instant.Millisecond))
	b.WakeAt(jsbridge.Now().Add(10 * instant.Millisecond))
	b.WakeAt(instant.Time(0)) // cancelled before it fires
	select {
	case got := <-fired:
		if got != "a" {
			t.Fatalf("timer %s fired, want a", got)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("timer a never fired")
	}
	select {
	case got := <-fired:
		t.Fatalf("timer %s fired again or after cancel", got)
	case <-time.After(100 * time.Millisecond):
	}
}

// TestZonesConformance runs the rules package's conformance check (DST
// changes, odd offsets) against the Intl-backed zones.
func TestZonesConformance(t *testing.T) {
	if err := rulestest.TestZones(&jsbridge.Zones{}); err != nil {
		t.Fatal(err)
	}
}
