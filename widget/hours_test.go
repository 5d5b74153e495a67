package widget_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/hours/hourstest"
	"github.com/lcwasm/lcwasm/internal/hours/systemzones"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

func TestOperatingHoursOpen(t *testing.T) {
	hours := func(t *testing.T, window string) *widget.OperatingHours {
		t.Helper()
		var cfg widget.Config
		errs := widget.DecodeConfig(&cfg, tree(t, `{"operatingHours": {"timeZone": "Asia/Tokyo", "windows": [`+window+`]}}`))
		require.Empty(t, errs)
		return cfg.Hours
	}
	const (
		nineToFive = `{"days": ["mon"], "open": "09:00", "close": "17:00"}`
		overnight  = `{"days": ["fri"], "open": "22:00", "close": "02:00"}`
		allDay     = `{"days": ["sun"], "open": "00:00", "close": "24:00"}`
		evening    = `{"days": ["wed"], "open": "18:00", "close": "24:00"}`
	)
	at := func(h, m int) int { return h*60 + m }
	tests := []struct {
		name   string
		window string
		day    instant.Weekday
		minute int
		open   bool
	}{
		{"before opening", nineToFive, instant.Monday, at(8, 59), false},
		{"at opening", nineToFive, instant.Monday, at(9, 0), true},
		{"last minute", nineToFive, instant.Monday, at(16, 59), true},
		{"at closing", nineToFive, instant.Monday, at(17, 0), false},
		{"other day", nineToFive, instant.Tuesday, at(10, 0), false},
		{"overnight before", overnight, instant.Friday, at(21, 59), false},
		{"overnight start", overnight, instant.Friday, at(22, 0), true},
		{"overnight before midnight", overnight, instant.Friday, at(23, 59), true},
		{"overnight after midnight", overnight, instant.Saturday, at(1, 59), true},
		{"overnight end", overnight, instant.Saturday, at(2, 0), false},
		{"overnight early on its own day", overnight, instant.Friday, at(1, 0), false},
		{"overnight late next day", overnight, instant.Saturday, at(23, 0), false},
		{"all day from midnight", allDay, instant.Sunday, at(0, 0), true},
		{"all day to midnight", allDay, instant.Sunday, at(23, 59), true},
		{"all day, not the next", allDay, instant.Monday, at(0, 0), false},
		{"all day, not the day before", allDay, instant.Saturday, at(23, 59), false},
		{"until 24:00", evening, instant.Wednesday, at(23, 59), true},
		{"24:00 closes at midnight", evening, instant.Thursday, at(0, 0), false},
		{"24:00 window before it opens", evening, instant.Wednesday, at(17, 59), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hours(t, tt.window)
			open, err := h.Open(t0, &fakeZones{day: tt.day, minute: tt.minute})
			require.NoError(t, err)
			assert.Equal(t, tt.open, open)
		})
	}

	t.Run("no windows: always closed", func(t *testing.T) {
		open, err := (&widget.OperatingHours{}).Open(t0, &fakeZones{})
		require.NoError(t, err)
		assert.False(t, open)
	})
	t.Run("no operating hours: always open", func(t *testing.T) {
		var h *widget.OperatingHours
		open, err := h.Open(t0, nil)
		require.NoError(t, err)
		assert.True(t, open)
	})
	t.Run("unknown zone: open, with the error", func(t *testing.T) {
		open, err := hours(t, nineToFive).Open(t0, &fakeZones{err: errors.New(`unknown time zone "Asia/Tokyo"`)})
		assert.Error(t, err)
		assert.True(t, open)
	})
}

// recordingZones remembers what it was asked.
type recordingZones struct {
	at   instant.Time
	zone string
}

func (z *recordingZones) Wall(t instant.Time, zone string) (hours.Wall, error) {
	z.at, z.zone = t, zone
	return hours.Wall{Year: 2023, Month: instant.January, Day: 2}, nil
}

func TestOperatingHoursAsksTheZone(t *testing.T) {
	z := &recordingZones{}
	h := &widget.OperatingHours{Zone: "America/New_York"}
	_, _ = h.Open(t0, z)
	assert.Equal(t, t0, z.at)
	assert.Equal(t, "America/New_York", z.zone)
}

// TestSharedHoursCases runs the operating-hours table the server's
// getAgentAvailability runs too (internal/hours/hourstest): the widget,
// configured with the case's operatingHours and its clock at the case's
// instant, opens the out-of-hours pane exactly when the server would say
// no agent answers.
func TestSharedHoursCases(t *testing.T) {
	for _, c := range hourstest.Cases {
		t.Run(c.Name, func(t *testing.T) {
			cfg := enabled()
			errs := widget.DecodeConfig(&cfg, tree(t, `{"operatingHours": `+c.Hours+`}`))
			doc, log := domtest.New(), &fakeLog{}
			v := widget.NewDOMView(doc)
			w := widget.New(cfg, widget.Deps{Clock: &fakeClock{now: c.At}, Timer: &fakeTimer{}, View: v,
				Events: &fakeEvents{}, Log: log, Opener: &fakeOpener{}, Zones: &systemzones.Zones{}})
			v.Bind(w)
			w.StartChat(widget.ChatOptions{})
			assert.Equal(t, !c.Open, w.Phase() == widget.OutOfHours, "out of hours at %v (phase %v)", c.At, w.Phase())
			problem := len(errs) > 0 || len(log.with("error")) > 0
			assert.Equal(t, c.Problem, problem, "problems: %v %v", errs, log.lines)
		})
	}
}
