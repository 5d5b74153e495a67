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
	// Canned are the site owner's canned responses for the widget's
	// chats ("cannedResponses", see ParseCanned).
	Canned []Canned
}

// Defaults of the hub's limits (see [Options]).
const (
	DefaultAbandonAfter    = 2 * time.Minute
	DefaultStartsPerMinute = 30
	DefaultConnsPerChat    = 20
	DefaultMessagesPerChat = 500
	// DefaultSocketsPerAddress is how many WebSockets (visitor and agent
	// channels together) one client address may hold open at once.
	DefaultSocketsPerAddress = 50
	defaultSweepEvery        = 5 * time.Second
	maxSweepEvery            = 5 * time.Second
	startLimiterIdle         = 2 * time.Minute
)

// Options configure a [Hub].
type Options struct {
	Store *store.Store
	// Widget looks up a widget by app id.
	Widget func(appID string) (Widget, bool)
	// AgentName returns the display name of an agent account.
	AgentName func(user string) string
	// Supervisor reports whether an agent may see every live
	// conversation and open any read-only; nil means nobody.
	Supervisor func(user string) bool
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
	// AbandonAfter is how long a queued conversation waits for its
	// visitor to come back once every connection of the visitor is gone
	// (after a restart: from the hub's start) before it is abandoned
	// (state "abandoned": out of the queue, kept for history); 0 means
	// [DefaultAbandonAfter].
	AbandonAfter time.Duration
	// StartsPerMinute is how many conversations one client address may
	// start within a minute (a bucket of that size refilled over a
	// minute); more get error "rate_limited" and close 4429. 0 means
	// [DefaultStartsPerMinute]; negative means no limit.
	StartsPerMinute int
	// ConnsPerChat is how many connections (tabs) one conversation's
	// visitor may have at once; one more gets error
	// "too_many_connections" and close 4430. 0 means
	// [DefaultConnsPerChat].
	ConnsPerChat int
	// MessagesPerChat is how many messages one conversation may hold; a
	// send beyond it gets error "limit" with its cid. 0 means
	// [DefaultMessagesPerChat].
	MessagesPerChat int
	// SocketsPerAddress is how many WebSockets (visitor and console
	// channels together) one client address may hold open at once; one
	// more is refused before the upgrade with HTTP 429, so one client
	// cannot take every file descriptor. 0 means
	// [DefaultSocketsPerAddress]; negative means no limit (behind a proxy
	// every visitor is one address).
	SocketsPerAddress int
	// Observer is told of messages, acks, store failures and refusals
	// (metrics); nil: nobody.
	Observer Observer
	// SweepEvery is how often abandoned conversations are looked for; 0
	// means AbandonAfter/4, at most 5 s. With a Broker it is also how
	// often the hub tells the other instances which visitors it holds.
	SweepEvery time.Duration
	// Broker connects the hubs of several instances sharing one store
	// (PostgreSQL: [NewPGBroker]); nil: this hub is the only one.
	Broker Broker
	// WidgetChanged, with a Broker, is told that another instance's
	// console changed widget appID's configuration (PublishWidget).
	WidgetChanged func(ctx context.Context, appID string)
	// MaxChatsPerAgent is how many active conversations one agent may
	// hold at once; an accept beyond it gets error "at_limit". 0 means
	// [DefaultMaxChatsPerAgent]; negative means no limit.
	MaxChatsPerAgent int
}

// Hub relays a conversation's frames between its visitor's connections
// (every tab) and its agent's connections. All state lives in the store;
// the hub only knows who is connected.
//
// Its background work (queue broadcasts, presence, abandoning queued
// chats whose visitor is gone) runs in [Hub.Run]; every connection's
// goroutines are the hub's, and [Hub.Shutdown] closes them all and waits.
type Hub struct {
	o  Options
	mu sync.Mutex
	// Guarded by mu.
	visitors map[string]map[*conn]struct{} // by conversation id
	agents   map[*conn]string              // agent connection → user
	supers   map[*conn]bool                // the agent connections of supervisors
	conns    map[*conn]struct{}            // every open connection
	left     map[string]time.Time          // conversation → when its visitor's last connection went
	presence map[string]bool               // presence changes not handled yet: conversation → online
	dirty    bool                          // the queue changed since the last broadcast
	closing  bool                          // Shutdown began: no new connections
	running  bool                          // Run started
	queue    queueSnapshot                 // the queue as last broadcast to agents
	sockets  map[string]int                // client address → open WebSockets
	// With a Broker: the conversations whose visitor another instance
	// holds (conversation → instance → when it last said so), and the
	// local presence changes to tell the others.
	remote        map[string]map[string]time.Time
	localPresence map[string]bool
	// With a Broker: the agents with a console on another instance
	// (instance → user → status and when it last said so), and what this
	// instance last told the others of its own (user → status).
	remoteAgents map[string]map[string]remoteAgent
	toldAgents   map[string]string
	agentOrigins map[string]bool // the instances heard from (EventAgents)

	origin string            // this hub's id among the instances
	status map[string]string // agent → the status they chose (every agent seen)
	// rosterDirty: an agent's status or load changed since the last
	// roster frame.
	rosterDirty bool
	// offlineDirty: an offline message was left or marked since the
	// last offlineWaiting frame (offline.go).
	offlineDirty bool

	wake    chan struct{} // Run has work: presence or a queue change (capacity 1)
	stop    chan struct{} // closed by Shutdown
	runDone chan struct{} // closed when Run returns
	wg      sync.WaitGroup
	once    sync.Once
	starts  startLimiter
}

// New returns a hub. Call [Hub.Run] to start its background work, and
// [Hub.Shutdown] to end it.
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
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	if o.Supervisor == nil {
		o.Supervisor = func(string) bool { return false }
	}
	if o.AgentName == nil {
		o.AgentName = func(user string) string { return user }
	}
	if o.AbandonAfter <= 0 {
		o.AbandonAfter = DefaultAbandonAfter
	}
	if o.StartsPerMinute == 0 {
		o.StartsPerMinute = DefaultStartsPerMinute
	}
	if o.ConnsPerChat <= 0 {
		o.ConnsPerChat = DefaultConnsPerChat
	}
	if o.MessagesPerChat <= 0 {
		o.MessagesPerChat = DefaultMessagesPerChat
	}
	if o.SocketsPerAddress == 0 {
		o.SocketsPerAddress = DefaultSocketsPerAddress
	}
	if o.MaxChatsPerAgent == 0 {
		o.MaxChatsPerAgent = DefaultMaxChatsPerAgent
	}
	if o.SweepEvery <= 0 {
		o.SweepEvery = min(o.AbandonAfter/4, maxSweepEvery)
	}
	return &Hub{o: o, visitors: map[string]map[*conn]struct{}{}, agents: map[*conn]string{},
		conns: map[*conn]struct{}{}, sockets: map[string]int{}, status: map[string]string{}, supers: map[*conn]bool{},
		left: map[string]time.Time{}, presence: map[string]bool{},
		remote: map[string]map[string]time.Time{}, localPresence: map[string]bool{},
		remoteAgents: map[string]map[string]remoteAgent{}, toldAgents: map[string]string{}, agentOrigins: map[string]bool{},
		origin: newOrigin(),
		wake:   make(chan struct{}, 1), stop: make(chan struct{}), runDone: make(chan struct{}),
		starts: startLimiter{perMinute: o.StartsPerMinute, m: map[string]*bucket{}}}
}

// enter registers a request handler with the hub, so Shutdown waits for
// it; false once Shutdown has begun. Every true is paired with h.wg.Done.
func (h *Hub) enter() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return false
	}
	h.wg.Add(1)
	return true
}

// admit counts a WebSocket from the request's client address, or answers
// 429 when the address holds SocketsPerAddress already. Every true is
// paired with h.release(r).
func (h *Hub) admit(w http.ResponseWriter, r *http.Request) bool {
	if h.o.SocketsPerAddress < 0 {
		return true
	}
	a := clientAddr(r)
	h.mu.Lock()
	full := h.sockets[a] >= h.o.SocketsPerAddress
	if !full {
		h.sockets[a]++
	}
	h.mu.Unlock()
	if full {
		h.o.Observer.Refused(LimitSockets)
		w.Header().Set("Retry-After", "60")
		http.Error(w, "server: too many connections from this address", http.StatusTooManyRequests)
		return false
	}
	return true
}

// release uncounts a WebSocket admit counted.
func (h *Hub) release(r *http.Request) {
	if h.o.SocketsPerAddress < 0 {
		return
	}
	a := clientAddr(r)
	h.mu.Lock()
	if h.sockets[a]--; h.sockets[a] <= 0 {
		delete(h.sockets, a)
	}
	h.mu.Unlock()
}

// spawn runs fn in a goroutine Shutdown waits for. The caller is inside
// an enter (the wait group's count is not zero).
func (h *Hub) spawn(fn func()) {
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		fn()
	}()
}

// signal tells Run there is work; it never blocks.
func (h *Hub) signal() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Run does the hub's background work until ctx is done or Shutdown is
// called: queue broadcasts (paced by queueEvery), presence frames, and
// abandoning queued conversations whose visitor is gone. At its start,
// every queued conversation counts as left by its visitor now (the
// visitors of a restarted server have AbandonAfter to come back), and the
// first broadcast goes out. It returns nil after Shutdown, else ctx's
// error (nil at once when Shutdown came first).
func (h *Hub) Run(ctx context.Context) error {
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		return nil
	}
	if h.running {
		h.mu.Unlock()
		return errors.New("chat: Run called twice")
	}
	h.running = true
	h.dirty = true
	h.mu.Unlock()
	defer close(h.runDone)
	if h.o.Broker != nil {
		brokerCtx, stopBroker := context.WithCancel(ctx)
		brokerDone := make(chan struct{})
		go func() { defer close(brokerDone); h.runBroker(brokerCtx) }()
		defer func() { stopBroker(); <-brokerDone }()
	}
	started := h.o.Now()
	sweep := time.NewTicker(h.o.SweepEvery)
	defer sweep.Stop()
	pace := time.NewTimer(0) // the next broadcast may go out when it fires
	defer pace.Stop()
	ready := false // pace has fired: a broadcast may go out at once
	h.signal()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-h.stop:
			return nil
		case <-sweep.C:
			h.heartbeat()
			h.abandonGone(ctx, started)
			continue
		case <-pace.C:
			ready = true
		case <-h.wake:
		}
		h.flushPresence(ctx)
		h.sendRoster(ctx)
		h.sendOfflineWaiting(ctx)
		h.mu.Lock()
		due := ready && h.dirty
		if due {
			h.dirty = false
		}
		h.mu.Unlock()
		if due {
			h.sendQueue(ctx)
			ready = false
			pace.Reset(queueEvery)
		}
	}
}

// Shutdown stops new connections (an upgrade answers 503), closes every
// open one with 1012 (service restart: the widget and the console
// reconnect, to this server once it is back or to another), stops Run,
// and waits until every goroutine of the hub and every handler has
// returned, or ctx is done: then the connections are dropped without
// their close handshake and ctx's error returned (a connection whose
// peer does not answer its close ends within the WebSocket library's 5 s
// bound).
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.closing = true
	running := h.running
	conns := make([]*conn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	h.once.Do(func() { close(h.stop) })
	for _, c := range conns {
		c.close(StatusServiceRestart, "service restart: reconnect")
	}
	done := make(chan struct{})
	go func() {
		h.wg.Wait()
		if running {
			<-h.runDone
		}
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		// CloseNow waits for a close handshake under way (the library
		// bounds it to 5 s), so it runs on its own.
		for _, c := range conns {
			go c.ws.CloseNow()
		}
		return ctx.Err()
	}
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

func (h *Hub) joinLocked(conv string, c *conn) bool {
	if len(h.visitors[conv]) >= h.o.ConnsPerChat {
		return false
	}
	if h.visitors[conv] == nil {
		h.visitors[conv] = map[*conn]struct{}{}
		delete(h.left, conv)
		h.presence[conv] = true
		h.localPresence[conv] = true
		h.signal()
	}
	h.visitors[conv][c] = struct{}{}
	return true
}

func (h *Hub) leaveVisitor(conv string, c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.visitors[conv][c]; !ok {
		return
	}
	delete(h.visitors[conv], c)
	if len(h.visitors[conv]) == 0 {
		delete(h.visitors, conv)
		h.left[conv] = h.o.Now()
		h.presence[conv] = false
		h.localPresence[conv] = false
		h.signal()
	}
}

// visitorOnline reports whether the visitor of conv has a connection
// (on any instance).
func (h *Hub) visitorOnline(conv string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.onlineLocked(conv, h.o.Now())
}

type presenceFrame struct {
	Type          string `json:"type"`
	Conversation  string `json:"conversation"`
	VisitorOnline bool   `json:"visitorOnline"`
}

// flushPresence tells the agents of the visitors who came back or left:
// the queue for a waiting chat, a presence frame to the agent of an
// active one. Run calls it.
func (h *Hub) flushPresence(ctx context.Context) {
	h.mu.Lock()
	changes := h.presence
	if len(changes) == 0 {
		h.mu.Unlock()
		return
	}
	h.presence = map[string]bool{}
	local := h.localPresence
	h.localPresence = map[string]bool{}
	now := h.o.Now()
	for id := range changes {
		changes[id] = h.onlineLocked(id, now) // here or on another instance
	}
	h.mu.Unlock()
	for id, online := range local {
		h.publish(Event{Kind: EventPresence, Conversation: id, Online: online})
	}
	for id, online := range changes {
		conv, err := h.o.Store.Get(ctx, id)
		if err != nil {
			continue
		}
		switch conv.State {
		case store.Queued:
			h.queueChanged()
		case store.Active:
			h.toAgent(conv.Agent, presenceFrame{Type: wire.Presence, Conversation: id, VisitorOnline: online}, nil)
		}
	}
}

func (h *Hub) leaveAgent(c *conn) {
	h.mu.Lock()
	delete(h.agents, c)
	delete(h.supers, c)
	h.mu.Unlock()
	h.rosterChanged()
}

// toVisitors sends v to every connection of a conversation's visitor
// except one.
func (h *Hub) toVisitors(conv string, v any, except *conn) {
	b := encode(v)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.visitors[conv] {
		if c != except {
			c.sendBytes(b)
		}
	}
}

// attachVisitor binds c to conv and queues first (the resumed frame) in
// the same step, so no message frame can come before it; seen is the last
// seq first carried. Messages stored meanwhile follow through
// toVisitorsMessage, each once. False when conv has ConnsPerChat
// connections already.
func (h *Hub) attachVisitor(conv string, c *conn, first any, seen int64) bool {
	b := encode(first)
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.joinLocked(conv, c) {
		return false
	}
	c.sendBytes(b)
	c.seen = max(c.seen, seen)
	return true
}

// toVisitorsMessage sends a message to the visitor's connections that
// have not had it yet.
func (h *Hub) toVisitorsMessage(m store.Message, except *conn) {
	b := encode(messageFrame(m, false))
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.visitors[m.Conversation] {
		if c != except && m.Seq > c.seen {
			c.sendBytes(b)
			c.seen = m.Seq
		}
	}
}

// toVisitorMessage sends m to one visitor connection, unless it has it.
func (h *Hub) toVisitorMessage(c *conn, m store.Message) {
	b := encode(messageFrame(m, false))
	h.mu.Lock()
	defer h.mu.Unlock()
	if m.Seq > c.seen {
		c.sendBytes(b)
		c.seen = m.Seq
	}
}

// toAgent sends v to the connections of one agent ("" = every agent),
// except one.
func (h *Hub) toAgent(user string, v any, except *conn) {
	b := encode(v)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c, u := range h.agents {
		if (user == "" || u == user) && c != except {
			c.sendBytes(b)
		}
	}
}

// toAgentAndWatchers sends v to the connections of user ("" = none)
// except one, and to the supervisors' consoles watching conversation
// conv.
func (h *Hub) toAgentAndWatchers(user, conv string, v any, except *conn) {
	b := encode(v)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c, u := range h.agents {
		if c != except && ((user != "" && u == user) || c.watching == conv) {
			c.sendBytes(b)
		}
	}
}

// storeError maps a store error to a protocol error code, telling the
// observer of a failure that is not the conversation's state.
func (h *Hub) storeError(err error) string {
	code := storeCode(err)
	if code == wire.ErrUnavailable || code == wire.ErrInternal {
		h.o.Observer.StoreFailed()
	}
	return code
}

func storeCode(err error) string {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return wire.ErrNotFound
	case errors.Is(err, store.ErrForbidden):
		return wire.ErrForbidden
	case errors.Is(err, store.ErrConflict):
		return wire.ErrConflict
	case errors.Is(err, store.ErrUnwritable):
		return wire.ErrUnavailable
	}
	return wire.ErrInternal
}
