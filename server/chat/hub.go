package chat

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/server/store"
)

// Subprotocol is the WebSocket subprotocol of the visitor channel.
const Subprotocol = "lcwasm.v1"

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
}

// Hub relays a conversation's frames between its visitor's connections
// (every tab) and its agent's connections. All state lives in the store;
// the hub only knows who is connected.
type Hub struct {
	o        Options
	mu       sync.Mutex
	visitors map[string]map[*conn]struct{} // by conversation id
	agents   map[*conn]string              // agent connection → user
}

// New returns a hub.
func New(o Options) *Hub {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 30 * time.Second
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

// queueItem is one waiting conversation in an agent's queue.
type queueItem struct {
	Conversation   string `json:"conversation"`
	AppID          string `json:"appId"`
	VisitorName    string `json:"visitorName"`
	WaitingSinceMs int64  `json:"waitingSinceMs"`
	Proactive      bool   `json:"proactive"`
	Source         string `json:"source"`
	RuleID         string `json:"ruleId"`
	PageURL        string `json:"pageUrl"`
	VisitorOnline  bool   `json:"visitorOnline"`
}

type agentQueueFrame struct {
	Type  string      `json:"type"`
	Items []queueItem `json:"items"`
}

// queue is the agents' queue frame.
func (h *Hub) queue(ctx context.Context) (agentQueueFrame, []store.Conversation, error) {
	queued, err := h.o.Store.ByState(ctx, store.Queued)
	if err != nil {
		return agentQueueFrame{}, nil, err
	}
	f := agentQueueFrame{Type: "queue", Items: make([]queueItem, 0, len(queued))}
	for _, c := range queued {
		vc := parseContext(c.Context)
		f.Items = append(f.Items, queueItem{Conversation: c.ID, AppID: c.AppID, VisitorName: vc.visitorName(),
			WaitingSinceMs: c.Created.UnixMilli(), Proactive: vc.Proactive, Source: vc.Source,
			RuleID: vc.RuleID, PageURL: vc.PageURL, VisitorOnline: h.visitorOnline(c.ID)})
	}
	return f, queued, nil
}

// queueChanged tells every agent the new queue and every waiting visitor
// their position.
func (h *Hub) queueChanged(ctx context.Context) {
	f, queued, err := h.queue(ctx)
	if err != nil {
		h.o.Logger.Error("chat: queue", "err", err)
		return
	}
	h.toAgent("", f, nil)
	wait := h.averageWait(ctx)
	for i, c := range queued {
		h.toVisitors(c.ID, queueFrame{Type: "queue", Position: i + 1, AverageWaitMs: wait}, nil)
	}
}

func (h *Hub) averageWait(ctx context.Context) int64 {
	d, err := h.o.Store.AverageWait(ctx, 20)
	if err != nil {
		return 0
	}
	return d.Milliseconds()
}

// position is a queued conversation's place in the queue (1 = next), 0
// when it is not queued.
func (h *Hub) position(ctx context.Context, id string) int {
	queued, err := h.o.Store.ByState(ctx, store.Queued)
	if err != nil {
		return 0
	}
	for i, c := range queued {
		if c.ID == id {
			return i + 1
		}
	}
	return 0
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
