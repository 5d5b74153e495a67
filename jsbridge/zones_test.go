//go:build js && wasm

package jsbridge_test

import (
	"testing"
	"time"

	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/rules/rulestest"
)

func TestZonesWall(t *testing.T) {
	// 2026-11-21 08:30 UTC is a Saturday.
	at := time.Date(2026, 11, 21, 8, 30, 0, 0, time.UTC)
	tests := []struct {
		zone   string
		day    time.Weekday
		minute int
	}{
		{"UTC", time.Saturday, 8*60 + 30},
		{"Asia/Tokyo", time.Saturday, 17*60 + 30},
		{"America/Los_Angeles", time.Saturday, 0*60 + 30},
		{"Pacific/Pago_Pago", time.Friday, 21*60 + 30},
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
	a.WakeAt(time.Now().Add(30 * time.Millisecond))
	b.WakeAt(time.Now().Add(10 * time.Millisecond))
	b.WakeAt(time.Time{}) // cancelled before it fires
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
