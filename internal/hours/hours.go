package hours

import (
	"strings"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/jstree"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// DayNames are the accepted day names, indexed by instant.Weekday: the one
// weekday table of the module.
var DayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// DayList is DayNames for messages: "sun, mon, tue, wed, thu, fri, sat".
const DayList = "sun, mon, tue, wed, thu, fri, sat"

// ParseDay reads a day name, in any case.
func ParseDay(s string) (instant.Weekday, bool) {
	for i, n := range DayNames {
		if strings.EqualFold(s, n) {
			return instant.Weekday(i), true
		}
	}
	return 0, false
}

// ParseClock reads "HH:MM" or "H:MM" (00:00 to 24:00, spaces around
// allowed) as minutes after midnight, 0 to 1440.
func ParseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, ok1 := strconvlite.Atoi(h)
	mm, ok2 := strconvlite.Atoi(m)
	if !ok || !ok1 || !ok2 || len(m) != 2 || len(h) > 2 || strings.Trim(h+m, "0123456789") != "" {
		return 0, false
	}
	n := hh*60 + mm
	return n, mm < 60 && n <= 1440
}

// Window is one opening window: on Days, from Open to Close in minutes
// after local midnight (0 to 1439); Close <= Open runs past midnight.
type Window struct {
	Days        [7]bool // by instant.Weekday
	Open, Close int
}

// Covers reports whether the window holds at minute of day.
func (w Window) Covers(day instant.Weekday, minute int) bool {
	if w.Close > w.Open {
		return w.Days[day] && minute >= w.Open && minute < w.Close
	}
	// Overnight: the part before midnight belongs to day, the rest to the
	// day before.
	yesterday := (day + 6) % 7
	return (w.Days[day] && minute >= w.Open) || (w.Days[yesterday] && minute < w.Close)
}

// Hours are a widget's operating hours ("operatingHours" in its
// configuration): when agents answer, in one IANA time zone.
type Hours struct {
	Zone    string // "UTC" when the configuration names none
	Windows []Window
	Message string // shown outside the windows; "" when none is given
}

// Open reports whether t falls in a window. Nil hours are always open; a
// zone that cannot be read counts as open and is the error.
func (h *Hours) Open(t instant.Time, z Zones) (bool, error) {
	if h == nil {
		return true, nil
	}
	w, err := z.Wall(t, h.Zone)
	if err != nil {
		return true, err
	}
	return h.at(w), nil
}

func (h *Hours) at(w Wall) bool {
	day, minute := w.Weekday(), w.Hour*60+w.Minute
	for _, win := range h.Windows {
		if win.Covers(day, minute) {
			return true
		}
	}
	return false
}

// NextOpen is the first minute at or after t that is open, within eight
// days; false when there is none (or the zone cannot be read).
func (h *Hours) NextOpen(t instant.Time, z Zones) (instant.Time, bool) {
	t = t.Truncate(instant.Minute)
	for range 8 * 24 * 60 {
		w, err := z.Wall(t, h.Zone)
		if err != nil {
			return 0, false
		}
		if h.at(w) {
			return t, true
		}
		t = t.Add(instant.Minute)
	}
	return 0, false
}

// Decode reads operating hours, {"timeZone", "windows": [{"days", "open",
// "close"}], "message"}, at c; absent is nil (always open). Problems are
// reported on c; a bad window is left out.
func Decode(c jstree.Cursor) *Hours {
	if !c.Object("timeZone", "windows", "message") {
		return nil
	}
	h := &Hours{Zone: c.Get("timeZone").Str("UTC"), Message: c.Get("message").Str("")}
	list := c.Get("windows")
	for i := range list.List() {
		if w, ok := decodeWindow(list.Index(i)); ok {
			h.Windows = append(h.Windows, w)
		}
	}
	return h
}

func decodeWindow(c jstree.Cursor) (Window, bool) {
	var w Window
	if jstree.Absent(c.V) {
		c.Fail("an object")
		return w, false
	}
	if !c.Object("days", "open", "close") {
		return w, false
	}
	n := c.Problems()
	days := c.Get("days")
	for i := range days.List() {
		d := days.Index(i)
		day, ok := ParseDay(d.Str(""))
		if !ok {
			d.Fail("a day: " + DayList)
			continue
		}
		w.Days[day] = true
	}
	w.Open = clock(c.Get("open")) % (24 * 60)
	w.Close = clock(c.Get("close")) % (24 * 60)
	return w, c.Problems() == n
}

func clock(c jstree.Cursor) int {
	s := c.Str("")
	m, ok := ParseClock(s)
	if !ok {
		c.Report(`want a time "HH:MM", got ` + strconvlite.Quote(s))
	}
	return m
}
