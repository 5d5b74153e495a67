package chat

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// Subprotocol is the WebSocket subprotocol of the visitor channel.
const Subprotocol = wire.Subprotocol

// Widget is what the hub needs to know of a widget's configuration.
type Widget struct {
	// AllowedOrigins lists the page origins ("https://shop.example") that
	// may open the visitor channel; "*" allows any. Empty: the server's own
	// origin only.
	AllowedOrigins []string
	// Hours are the operating hours; nil means always open.
	Hours *Hours
	// Auth, when set, requires every start to carry a JWT it verifies
	// (else error auth_required / auth_invalid and close 4401).
	Auth *AuthKey
}

// Options configure a [Hub].
type Options struct {
	Store *store.Store
	// Widget looks up a widget by app id.
	Widget func(appID string) (Widget, bool)
	// AgentName returns the display name of an agent account.
	AgentName func(user string) string
	// Session returns the signed-in agent of a request and the session's
	// CSRF token.
	Session func(r *http.Request) (user, csrf string, ok bool)
	Logger  *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// PingInterval is how often connections are pinged, and how long a
	// pong may take; 0 means 30 s.
	PingInterval time.Duration
	// AuthTimeout is how long a console connection may take to send its
	// auth frame; 0 means 10 s.
	AuthTimeout time.Duration
}

// Hub relays a conversation's frames between its visitor's connections
// (every tab) and its agent's connections. All state lives in the store;
// the hub only knows who is connected.
type Hub struct {
	o         Options
	mu        sync.Mutex
	visitors  map[string]map[*conn]struct{} // by conversation id
	agents    map[*conn]string              // agent connection → user
	broadcast queueBroadcast
}

// New returns a hub.
func New(o Options) *Hub {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 30 * time.Second
	}
	if o.AuthTimeout <= 0 {
		o.AuthTimeout = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.AgentName == nil {
		o.AgentName = func(user string) string { return user }
	}
	return &Hub{o: o, visitors: map[string]map[*conn]struct{}{}, agents: map[*conn]string{}}
}

// AgentsOnline is the number of distinct agents with an open console.
func (h *Hub) AgentsOnline() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	users := map[string]bool{}
	for _, u := range h.agents {
		users[u] = true
	}
	return len(users)
}

func (h *Hub) joinVisitor(conv string, c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.visitors[conv] == nil {
		h.visitors[conv] = map[*conn]struct{}{}
	}
	h.visitors[conv][c] = struct{}{}
}

func (h *Hub) leaveVisitor(conv string, c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.visitors[conv], c)
	if len(h.visitors[conv]) == 0 {
		delete(h.visitors, conv)
		go h.presenceChanged(conv, false)
	}
}

// visitorOnline reports whether the visitor of conv has a connection.
func (h *Hub) visitorOnline(conv string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.visitors[conv]) > 0
}

type presenceFrame struct {
	Type          string `json:"type"`
	Conversation  string `json:"conversation"`
	VisitorOnline bool   `json:"visitorOnline"`
}

// presenceChanged tells the agents that a visitor came back or left: the
// queue for a waiting chat, a presence frame to the agent of an active one.
func (h *Hub) presenceChanged(id string, online bool) {
	ctx := context.Background()
	conv, err := h.o.Store.Get(ctx, id)
	if err != nil {
		return
	}
	switch conv.State {
	case store.Queued:
		h.queueChanged(ctx)
	case store.Active:
		h.toAgent(conv.Agent, presenceFrame{Type: "presence", Conversation: id, VisitorOnline: online}, nil)
	}
}

func (h *Hub) joinAgent(user string, c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.agents[c] = user
}

func (h *Hub) leaveAgent(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.agents, c)
}

// toVisitors sends v to every connection of a conversation's visitor
// except one.
func (h *Hub) toVisitors(conv string, v any, except *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.visitors[conv] {
		if c != except {
			c.send(v)
		}
	}
}

// attachVisitor binds c to conv and queues first (the resumed frame) in
// the same step, so no message frame can come before it; seen is the last
// seq first carried. Messages stored meanwhile follow through
// toVisitorsMessage, each once.
func (h *Hub) attachVisitor(conv string, c *conn, first any, seen int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.visitors[conv] == nil {
		h.visitors[conv] = map[*conn]struct{}{}
		go h.presenceChanged(conv, true)
	}
	h.visitors[conv][c] = struct{}{}
	c.send(first)
	c.seen = max(c.seen, seen)
}

// toVisitorsMessage sends a message to the visitor's connections that
// have not had it yet.
func (h *Hub) toVisitorsMessage(m store.Message, except *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.visitors[m.Conversation] {
		if c != except && m.Seq > c.seen {
			c.send(messageFrame(m, false))
			c.seen = m.Seq
		}
	}
}

// toAgent sends v to the connections of one agent ("" = every agent),
// except one.
func (h *Hub) toAgent(user string, v any, except *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c, u := range h.agents {
		if (user == "" || u == user) && c != except {
			c.send(v)
		}
	}
}

// storeError maps a store error to a protocol error code.
func storeError(err error) string {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "not_found"
	case errors.Is(err, store.ErrForbidden):
		return "forbidden"
	case errors.Is(err, store.ErrConflict):
		return "conflict"
	}
	return "internal"
}
