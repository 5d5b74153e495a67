package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
)

// Server is the handler [New] returns: the server's routes, and the
// chat hub's lifecycle.
type Server struct {
	http.Handler
	hub *chat.Hub
}

// Shutdown closes every chat connection with 1012 (service restart: the
// widget and the console reconnect) and waits for the chat's goroutines
// and handlers to end, or for ctx. Call it on SIGTERM before closing the
// store; http.Server.Shutdown does not wait for WebSockets.
func (s *Server) Shutdown(ctx context.Context) error { return s.hub.Shutdown(ctx) }

// mountChat registers the visitor channel, the availability endpoint and
// the agent console, and starts the hub's background work. The chat
// service reads each widget's published configuration from live, so what
// /admin publishes applies at once.
func mountChat(mux *http.ServeMux, o Options, logger *slog.Logger, live *admin.Live) (*agent.Auth, *chat.Hub, error) {
	for id := range o.AuthKeys {
		if !live.Has(id) {
			return nil, nil, fmt.Errorf("server: AuthKeys[%q]: no such widget", id)
		}
	}
	widget := func(id string) (chat.Widget, bool) {
		w, ok := live.Chat(id)
		if key, has := o.AuthKeys[id]; ok && has {
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
		return nil, nil, err
	}
	co := o.Chat
	co.Store = st
	co.Widget = widget
	co.AgentName = auth.Name
	co.Session = auth.Session
	co.Supervisor = auth.IsSupervisor
	co.Logger = logger
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
	return auth, hub, nil
}
