package server

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
)

// mountChat registers the visitor channel, the availability endpoint and
// the agent console. The chat service reads each widget's published
// configuration from live, so what /admin publishes applies at once.
func mountChat(mux *http.ServeMux, o Options, logger *slog.Logger, live *admin.Live) (*agent.Auth, error) {
	for id := range o.AuthKeys {
		if !live.Has(id) {
			return nil, fmt.Errorf("server: AuthKeys[%q]: no such widget", id)
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
		return nil, err
	}
	hub := chat.New(chat.Options{
		Store:     st,
		Widget:    widget,
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
	return auth, nil
}
