package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/metrics"
	"github.com/lcwasm/lcwasm/server/store"
)

// Server is the handler [New] returns: the server's routes, and the
// chat hub's lifecycle.
type Server struct {
	http.Handler
	hub     *chat.Hub
	broker  *chat.PGBroker // the server's own, closed by Shutdown; nil without
	keys    *chat.KeySets  // the keys URLs' fetches, closed by Shutdown
	metrics *metrics.Metrics
	ready   *readiness
	// counters are the funnel beacons' counters waiting for the store.
	counters *counterBuffer
}

// Drain makes GET /readyz answer 503 "draining" from now on, so a load
// balancer stops sending new visitors while the server still serves
// those it has; call it first on SIGTERM, then Shutdown after a delay.
func (s *Server) Drain() { s.ready.draining.Store(true) }

// Metrics are the server's figures (Options.Metrics, or its own).
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }

// snapshot reads the gauges of /metrics from the hub and the store.
func snapshot(hub *chat.Hub, st *store.Store, now func() time.Time) func(context.Context) (metrics.Snapshot, error) {
	return func(ctx context.Context) (metrics.Snapshot, error) {
		byState, err := st.CountByState(ctx)
		if err != nil {
			return metrics.Snapshot{}, err
		}
		h := hub.Stats()
		s := metrics.Snapshot{VisitorSockets: h.VisitorSockets, AgentSockets: h.AgentSockets,
			AgentsOnline: h.AgentsOnline, Queued: h.Queued, ByState: byState}
		if !h.OldestWaitingSince.IsZero() {
			s.OldestWait = max(now().Sub(h.OldestWaitingSince), 0)
		}
		return s, nil
	}
}

// Shutdown closes every chat connection with 1012 (service restart: the
// widget and the console reconnect) and waits for the chat's goroutines
// and handlers to end, or for ctx; then it writes the funnel counters
// still in memory (beacons that come later are written as they come).
// Call it on SIGTERM before closing the store; http.Server.Shutdown does
// not wait for WebSockets.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.hub.Shutdown(ctx)
	if s.counters != nil {
		if cerr := s.counters.close(ctx); err == nil {
			err = cerr
		}
	}
	if s.broker != nil {
		s.broker.Close()
	}
	if s.keys != nil {
		s.keys.Close()
	}
	return err
}

// mountChat registers the visitor channel, the availability endpoint and
// the agent console, and starts the hub's background work. The chat
// service reads each widget's published configuration from live, so what
// /admin publishes applies at once.
//
// On a PostgreSQL store (unless o.Chat has a Broker) the hub gets a
// LISTEN/NOTIFY broker on the store's database, so that several servers
// sharing it are one service; the broker is returned for Shutdown.
//
// A widget's key with a keys URL verifies with keys, the server's fetches.
func mountChat(mux *http.ServeMux, o Options, logger *slog.Logger, live *admin.Live, m *metrics.Metrics, keys *chat.KeySets) (*agent.Auth, *chat.Hub, *chat.PGBroker, error) {
	for id := range o.AuthKeys {
		if !live.Has(id) {
			return nil, nil, nil, fmt.Errorf("server: AuthKeys[%q]: no such widget", id)
		}
	}
	widget := func(id string) (chat.Widget, bool) {
		w, ok := live.Chat(id)
		if key, has := o.AuthKeys[id]; ok && has {
			w.Auth = &key
		}
		if w.Auth != nil && w.Auth.KeysURL != "" {
			key := *w.Auth
			key.Keys = keys
			w.Auth = &key
		}
		return w, ok
	}
	st := o.Store // set by New
	accounts := o.Agents
	if accounts == nil {
		accounts = agent.DemoAccounts()
	}
	auth, err := agent.New(accounts, st, logger)
	if err != nil {
		return nil, nil, nil, err
	}
	auth.SignInFailed = m.SignInFailed
	co := o.Chat
	co.Observer = m
	co.Store = st
	co.WidgetChanged = func(ctx context.Context, appID string) {
		if err := live.Reload(ctx, appID); err != nil {
			logger.Error("server: reloading a widget another instance changed", "widget", appID, "err", err)
		}
	}
	co.Widget = widget
	co.AgentName = auth.Name
	co.Session = auth.Session
	co.Supervisor = auth.IsSupervisor
	co.Logger = logger
	var broker *chat.PGBroker
	if u := st.PostgresURL(); u != "" && co.Broker == nil {
		if broker, err = chat.NewPGBroker(u, logger); err != nil {
			return nil, nil, nil, err
		}
		co.Broker = broker
	}
	hub := chat.New(co)
	go hub.Run(context.Background()) // ended by Server.Shutdown
	mux.HandleFunc("GET /api/v1/widgets/{appId}/chat", liftDeadlines(hub.ServeVisitor))
	mux.HandleFunc("GET /api/v1/widgets/{appId}/availability", hub.ServeAvailability)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/availability", servePreflight)
	mux.HandleFunc("GET /agent", auth.ServeConsole)
	mux.Handle("GET /agent/{$}", http.RedirectHandler("/agent", http.StatusMovedPermanently))
	mux.HandleFunc("POST /agent/login", auth.ServeLogin)
	mux.HandleFunc("POST /agent/logout", auth.ServeLogout)
	mux.HandleFunc("GET /agent/session", auth.ServeSession)
	mux.HandleFunc("GET /agent/ws", liftDeadlines(hub.ServeAgent))
	mux.Handle("GET /agent/static/", http.StripPrefix("/agent/static/", agent.Static()))
	return auth, hub, broker, nil
}
