package chat

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/hours/systemzones"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/jstree"
)

// Hours are a widget's operating hours ("operatingHours" in its
// configuration): package hours' type, the one the widget decides its
// out-of-hours pane with, so getAgentAvailability and the widget agree.
type Hours = hours.Hours

// zones reads the operating hours' zones from the system's zone database.
var zones = &systemzones.Zones{}

// ParseHours reads {"timeZone", "windows": [{"days", "open", "close"}],
// "message"} with the widget's decoder: a window with a bad day or time is
// left out and reported, the others apply; a zone the server does not know
// is reported and counts as open, as in the widget. The error joins every
// problem; the hours are nil only when raw is not JSON (always open).
func ParseHours(raw json.RawMessage) (*Hours, error) {
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, errors.New("chat: operatingHours: " + err.Error())
	}
	var errs []error
	h := hours.Decode(jstree.Root("chat", "operatingHours", tree, &errs))
	if h != nil {
		if _, err := zones.Wall(instant.Unix(0, 0), h.Zone); err != nil {
			errs = append(errs, errors.New("chat: operatingHours.timeZone: "+err.Error()+"; counted as open"))
		}
	}
	return h, errors.Join(errs...)
}

// openAt reports whether h is open at t (nil hours and unknown zones are).
func openAt(h *Hours, t time.Time) bool {
	open, _ := h.Open(instant.From(t), zones)
	return open
}

// nextOpen is the first open minute at or after t, within eight days.
func nextOpen(h *Hours, t time.Time) (time.Time, bool) {
	at, ok := h.NextOpen(instant.From(t), zones)
	return time.Unix(0, at.UnixNano()), ok
}
