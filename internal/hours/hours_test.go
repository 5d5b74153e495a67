package hours_test

import (
	"encoding/json"
	"testing"

	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/hours/hourstest"
	"github.com/lcwasm/lcwasm/internal/hours/systemzones"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/jstree"
)

func decode(t *testing.T, src string) (*hours.Hours, []error) {
	t.Helper()
	var tree any
	if err := json.Unmarshal([]byte(src), &tree); err != nil {
		t.Fatal(err)
	}
	var errs []error
	return hours.Decode(jstree.Root("test", "operatingHours", tree, &errs)), errs
}

func TestSharedCases(t *testing.T) {
	z := &systemzones.Zones{}
	for _, c := range hourstest.Cases {
		t.Run(c.Name, func(t *testing.T) {
			h, errs := decode(t, c.Hours)
			open, err := h.Open(c.At, z)
			if open != c.Open {
				t.Errorf("Open(%v) = %v, want %v", c.At, open, c.Open)
			}
			if problem := len(errs) > 0 || err != nil; problem != c.Problem {
				t.Errorf("problem = %v (%v, %v), want %v", problem, errs, err, c.Problem)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	_, errs := decode(t, `{"timeZone": 3, "windows": [{"days": ["mon", "funday"], "open": "25:00", "close": "10:00", "x": 1}], "y": true}`)
	want := map[string]bool{
		"test: operatingHours.timeZone: want a string, got number":                                           true,
		"test: operatingHours.y: unknown field":                                                              true,
		"test: operatingHours.windows[0].x: unknown field":                                                   true,
		"test: operatingHours.windows[0].days[1]: want a day: sun, mon, tue, wed, thu, fri, sat, got string": true,
		`test: operatingHours.windows[0].open: want a time "HH:MM", got "25:00"`:                             true,
	}
	for _, e := range errs {
		if !want[e.Error()] {
			t.Errorf("unexpected %q", e)
		}
		delete(want, e.Error())
	}
	for e := range want {
		t.Errorf("missing %q", e)
	}
}

func TestParseClock(t *testing.T) {
	for s, want := range map[string]int{"00:00": 0, "9:05": 545, " 17:30 ": 1050, "24:00": 1440} {
		if got, ok := hours.ParseClock(s); !ok || got != want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "9", "9am", "24:01", "12:60", "-1:00", "+1:00", "123:00", "1:5"} {
		if _, ok := hours.ParseClock(s); ok {
			t.Errorf("ParseClock(%q) accepted", s)
		}
	}
}

func TestParseDay(t *testing.T) {
	for i, n := range hours.DayNames {
		if d, ok := hours.ParseDay(n); !ok || d != instant.Weekday(i) {
			t.Errorf("ParseDay(%q) = %v, %v", n, d, ok)
		}
	}
	if d, ok := hours.ParseDay("Sat"); !ok || d != instant.Saturday {
		t.Errorf("ParseDay(Sat) = %v, %v", d, ok)
	}
	if _, ok := hours.ParseDay("funday"); ok {
		t.Error("ParseDay(funday) accepted")
	}
}

func TestNextOpen(t *testing.T) {
	h, _ := decode(t, `{"timeZone": "Europe/London", "windows": [{"days": ["mon"], "open": "22:00", "close": "02:00"}]}`)
	z := &systemzones.Zones{}
	sat := instant.Date(2026, 11, 21, 12, 0, 30, 0)
	next, ok := h.NextOpen(sat, z)
	if want := instant.Date(2026, 11, 23, 22, 0, 0, 0); !ok || !next.Equal(want) {
		t.Errorf("NextOpen = %v, %v; want %v", next, ok, want)
	}
	if _, ok := (&hours.Hours{Zone: "UTC"}).NextOpen(sat, z); ok {
		t.Error("hours without windows opened")
	}
	if _, ok := (&hours.Hours{Zone: "Mars/Base"}).NextOpen(sat, z); ok {
		t.Error("an unknown zone opened")
	}
}

func TestWall(t *testing.T) {
	at := instant.Date(2026, 11, 21, 8, 30, 15, 0) // a Saturday
	w, err := (&systemzones.Zones{}).Wall(at, "Asia/Tokyo")
	if err != nil || w != (hours.Wall{2026, instant.November, 21, 17, 30, 15}) || w.Weekday() != instant.Saturday {
		t.Errorf("Wall = %+v, %v", w, err)
	}
	for _, zone := range []string{"", "Local", "Mars/Base"} {
		if _, err := (&systemzones.Zones{}).Wall(at, zone); err == nil {
			t.Errorf("zone %q accepted", zone)
		}
	}
	if w, err := (hours.UTCOnly{}).Wall(at, "UTC"); err != nil || w.Seconds() != at.Unix() {
		t.Errorf("UTCOnly = %+v, %v", w, err)
	}
	if _, err := (hours.UTCOnly{}).Wall(at, "Europe/Paris"); err == nil {
		t.Error("UTCOnly read Paris")
	}
}
