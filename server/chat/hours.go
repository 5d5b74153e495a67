package chat

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Hours are a widget's operating hours ("operatingHours" in its
// configuration).
type Hours struct {
	Zone    *time.Location
	Windows []Window
}

// Window is one opening window: on Days, from Open to Close (minutes
// after midnight in the zone, Close exclusive).
type Window struct {
	Days        [7]bool // by time.Weekday
	Open, Close int
}

var dayNames = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// ParseHours reads {"timeZone", "windows": [{"days", "open", "close"}]}.
func ParseHours(raw json.RawMessage) (*Hours, error) {
	var in struct {
		TimeZone string `json:"timeZone"`
		Windows  []struct {
			Days        []string `json:"days"`
			Open, Close string
		} `json:"windows"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("chat: operatingHours: %w", err)
	}
	zone, err := time.LoadLocation(in.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("chat: operatingHours: %w", err)
	}
	h := &Hours{Zone: zone}
	for i, w := range in.Windows {
		var win Window
		for _, d := range w.Days {
			day, ok := dayNames[strings.ToLower(d)]
			if !ok {
				return nil, fmt.Errorf("chat: operatingHours: windows[%d]: unknown day %q", i, d)
			}
			win.Days[day] = true
		}
		if win.Open, err = minutes(w.Open); err == nil {
			win.Close, err = minutes(w.Close)
		}
		if err != nil {
			return nil, fmt.Errorf("chat: operatingHours: windows[%d]: %w", i, err)
		}
		h.Windows = append(h.Windows, win)
	}
	return h, nil
}

func minutes(hhmm string) (int, error) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		if hhmm == "24:00" {
			return 24 * 60, nil
		}
		return 0, fmt.Errorf("time %q: want HH:MM", hhmm)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Open reports whether t falls in a window. Nil hours are always open.
func (h *Hours) Open(t time.Time) bool {
	if h == nil {
		return true
	}
	local := t.In(h.Zone)
	m := local.Hour()*60 + local.Minute()
	for _, w := range h.Windows {
		if w.Days[local.Weekday()] && m >= w.Open && m < w.Close {
			return true
		}
	}
	return false
}

// NextOpen is the first minute at or after t that is open, within eight
// days; false when there is none.
func (h *Hours) NextOpen(t time.Time) (time.Time, bool) {
	t = t.Truncate(time.Minute)
	for i := 0; i < 8*24*60; i++ {
		if h.Open(t) {
			return t, true
		}
		t = t.Add(time.Minute)
	}
	return time.Time{}, false
}
