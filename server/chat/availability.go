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
	AverageWaitTime  int64   `json:"averageWaitTime"`
	NextOpen         *string `json:"nextOpen"`
}

// ServeAvailability answers GET /api/v1/widgets/{appId}/availability:
// an agent is available when one has the console open and the widget is
// within its operating hours; the queue is available within the hours.
// nextOpen is the next opening (RFC 3339) while closed, else null.
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
	a := availability{IsAgentAvailable: open && h.AgentsOnline() > 0, IsQueueAvailable: open,
		AverageWaitTime: h.averageWait(r.Context())}
	if !open {
		if next, ok := nextOpen(widget.Hours, now); ok {
			s := next.UTC().Format(time.RFC3339)
			a.NextOpen = &s
		}
	}
	json.NewEncoder(w).Encode(a)
}
