package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
)

// mountChat registers the visitor channel, the availability endpoint and
// the agent console.
func mountChat(mux *http.ServeMux, o Options, logger *slog.Logger) error {
	widgets, err := chatWidgets(o.Widgets, logger)
	if err != nil {
		return err
	}
	for id, key := range o.AuthKeys {
		w, ok := widgets[id]
		if !ok {
			return fmt.Errorf("server: AuthKeys[%q]: no such widget", id)
		}
		w.Auth = &key
		widgets[id] = w
	}
	st := o.Store // set by New
	accounts := o.Agents
	if accounts == nil {
		accounts = agent.DemoAccounts()
	}
	auth, err := agent.New(accounts, st, logger)
	if err != nil {
		return err
	}
	hub := chat.New(chat.Options{
		Store:     st,
		Widget:    func(id string) (chat.Widget, bool) { w, ok := widgets[id]; return w, ok },
		AgentName: auth.Name,
		Session:   auth.Session,
		Logger:    logger,
	})
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
	return nil
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
