package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
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
// the agent console, and starts the hub's background work.
func mountChat(mux *http.ServeMux, o Options, logger *slog.Logger) (*chat.Hub, error) {
	widgets, err := chatWidgets(o.Widgets, logger)
	if err != nil {
		return nil, err
	}
	for id, key := range o.AuthKeys {
		w, ok := widgets[id]
		if !ok {
			return nil, fmt.Errorf("server: AuthKeys[%q]: no such widget", id)
		}
		w.Auth = &key
		widgets[id] = w
	}
	st := o.Store
	if st == nil {
		if st, err = store.Open(":memory:"); err != nil {
			return nil, err
		}
	}
	accounts := o.Agents
	if accounts == nil {
		accounts = agent.DemoAccounts()
	}
	auth, err := agent.New(accounts, st, logger)
	if err != nil {
		return nil, err
	}
	co := o.Chat
	co.Store = st
	co.Widget = func(id string) (chat.Widget, bool) { w, ok := widgets[id]; return w, ok }
	co.AgentName = auth.Name
	co.Session = auth.Session
	co.Logger = logger
	hub := chat.New(co)
	go hub.Run(context.Background()) // ended by Server.Shutdown
	mux.HandleFunc("GET /api/v1/widgets/{appId}/chat", hub.ServeVisitor)
	mux.HandleFunc("GET /api/v1/widgets/{appId}/availability", hub.ServeAvailability)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/availability", servePreflight)
	mux.HandleFunc("GET /agent", auth.ServeConsole)
	mux.Handle("GET /agent/{$}", http.RedirectHandler("/agent", http.StatusMovedPermanently))
	mux.HandleFunc("POST /agent/login", auth.ServeLogin)
	mux.HandleFunc("POST /agent/logout", auth.ServeLogout)
	mux.HandleFunc("GET /agent/session", auth.ServeSession)
	mux.HandleFunc("GET /agent/ws", hub.ServeAgent)
	mux.Handle("GET /agent/static/", http.StripPrefix("/agent/static/", agent.Static()))
	return hub, nil
}

// chatWidgets reads each widget's "allowedOrigins" and "operatingHours".
// Malformed allowedOrigins fail; problems in operating hours are logged and
// decoded as the widget decodes them (a bad window is left out, an unknown
// zone counts as open), so the server and the widget agree.
func chatWidgets(in map[string]json.RawMessage, logger *slog.Logger) (map[string]chat.Widget, error) {
	out := make(map[string]chat.Widget, len(in))
	for id, raw := range in {
		var cfg struct {
			AllowedOrigins []string        `json:"allowedOrigins"`
			OperatingHours json.RawMessage `json:"operatingHours"`
		}
		if err := json.Unmarshal(raw, &cfg); err != nil {
			return nil, fmt.Errorf("server: widget %q: allowedOrigins: want an array of origins", id)
		}
		w := chat.Widget{AllowedOrigins: cfg.AllowedOrigins}
		if len(cfg.OperatingHours) > 0 && string(cfg.OperatingHours) != "null" {
			h, err := chat.ParseHours(cfg.OperatingHours)
			if err != nil {
				logger.Warn("server: operating hours: problems", "widget", id, "err", err)
			}
			w.Hours = h
		}
		out[id] = w
	}
	return out, nil
}
