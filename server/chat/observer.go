package chat

import "time"

// Observer is told what the hub does, for metrics (package
// server/metrics implements it). Its methods are called from the
// connections' goroutines and must neither block nor call the hub.
type Observer interface {
	// MessageStored: a new message (not a resend) was committed, from
	// wire.FromVisitor or wire.FromAgent.
	MessageStored(from string)
	// Acked: a send from that side was acknowledged d after its frame
	// arrived.
	Acked(from string, d time.Duration)
	// StoreFailed: a store call of the hub failed for a reason other
	// than the conversation's state (not found, forbidden, conflict).
	StoreFailed()
	// Refused: a per-address limit refused a WebSocket (LimitSockets,
	// HTTP 429) or a start (LimitStarts, close 4429).
	Refused(limit string)
}

// The limits [Observer.Refused] names.
const (
	LimitSockets = "sockets_per_address"
	LimitStarts  = "starts_per_minute"
)

// nopObserver is the Observer of a hub without one.
type nopObserver struct{}

func (nopObserver) MessageStored(string)        {}
func (nopObserver) Acked(string, time.Duration) {}
func (nopObserver) StoreFailed()                {}
func (nopObserver) Refused(string)              {}

// Stats is a snapshot of the hub, read when metrics are scraped.
type Stats struct {
	// VisitorSockets and AgentSockets are the open WebSockets of each
	// channel.
	VisitorSockets, AgentSockets int
	// AgentsOnline is the number of distinct agents with a console open.
	AgentsOnline int
	// Queued is the length of the queue as last broadcast to agents, and
	// OldestWaitingSince when its first conversation began waiting (zero
	// when the queue is empty).
	Queued             int
	OldestWaitingSince time.Time
}

// Stats returns a snapshot of the hub's connections and queue.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	var s Stats
	for c := range h.conns {
		if c.agent {
			s.AgentSockets++
		} else {
			s.VisitorSockets++
		}
	}
	users := map[string]bool{}
	for _, u := range h.agents {
		users[u] = true
	}
	s.AgentsOnline = len(users)
	s.Queued = len(h.queue.items)
	for _, it := range h.queue.items {
		if at := time.UnixMilli(it.WaitingSinceMs); s.OldestWaitingSince.IsZero() || at.Before(s.OldestWaitingSince) {
			s.OldestWaitingSince = at
		}
	}
	return s
}
