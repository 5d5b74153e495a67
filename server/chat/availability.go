package chat

import (
	"encoding/json"
	"net/http"
	"time"
)

type availability struct {
	IsAgentAvailable bool    `json:"isAgentAvailable"`
	IsQueueAvailable bool    `json:"isQueueAvailable"`
	PositionInQueue  int     `json:"positionInQueue"`
	AverageWaitTime  float64 `json:"averageWaitTime"`   // minutes, as Microsoft's
	AverageWaitMs    int64   `json:"averageWaitTimeMs"` // the same in milliseconds
	NextOpen         *string `json:"nextOpen"`

	// Microsoft's names (getAgentAvailability's documented return value):
	// the widget's one queue, and the operating hours as UTC times, with
	// unknownTime where Microsoft returns 01-01-0001.
	QueueID    string `json:"queueId"`
	StartNext  string `json:"StartTimeOfNextOperatingHour"` // closed: the next opening
	EndNext    string `json:"EndTimeOfNextOperatingHour"`   // closed: when that opening ends
	Transition string `json:"nexttransitiontime"`           // closed: the next opening; open: the next closing
}

// unknownTime is Microsoft's value for an operating-hours time that does
// not apply (during operating hours) or is not known (beyond hoursAhead).
const unknownTime = "01-01-0001"

// hoursAhead is how far ahead the operating-hours times are looked for.
const hoursAhead = 8 * 24 * time.Hour

// operatingTimes fills Microsoft's operating-hours fields of a for the
// widget's hours at now.
func (a *availability) operatingTimes(h *Hours, now time.Time) {
	a.StartNext, a.EndNext, a.Transition = unknownTime, unknownTime, unknownTime
	if a.IsQueueAvailable {
		if end, ok := firstMinute(h, now, false); ok {
			a.Transition = utc(end)
		}
		return
	}
	start, ok := firstMinute(h, now, true)
	if !ok {
		return
	}
	a.StartNext, a.Transition = utc(start), utc(start)
	if end, ok := firstMinute(h, start, false); ok {
		a.EndNext = utc(end)
	}
}

// firstMinute is the first minute at or after t that is open (or, with
// open false, closed), within hoursAhead; false when there is none (nil
// hours never close).
func firstMinute(h *Hours, t time.Time, open bool) (time.Time, bool) {
	if h == nil {
		return time.Time{}, open
	}
	t = t.Truncate(time.Minute)
	for end := t.Add(hoursAhead); t.Before(end); t = t.Add(time.Minute) {
		if openAt(h, t) == open {
			return t, true
		}
	}
	return time.Time{}, false
}

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ServeAvailability answers GET /api/v1/widgets/{appId}/availability:
// an agent is available when one has the console open with the status
// Available and the widget is within its operating hours; the queue is available within the hours.
// nextOpen is the next opening (RFC 3339) while closed, else null. The
// answer carries Microsoft's fields too (see availability).
func (h *Hub) ServeAvailability(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json")
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Cache-Control", "no-store")
	widget, ok := h.o.Widget(r.PathValue("appId"))
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"error": "server: unknown widget " + r.PathValue("appId")})
		return
	}
	now := h.o.Now()
	open := openAt(widget.Hours, now)
	wait := h.averageWait(r.Context())
	a := availability{IsAgentAvailable: open && h.AgentsAvailable() > 0, IsQueueAvailable: open,
		AverageWaitMs: wait, AverageWaitTime: float64(wait/6000) / 10, QueueID: r.PathValue("appId")}
	a.operatingTimes(widget.Hours, now)
	if !open {
		if next, ok := nextOpen(widget.Hours, now); ok {
			s := next.UTC().Format(time.RFC3339)
			a.NextOpen = &s
		}
	}
	json.NewEncoder(w).Encode(a)
}
