package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/metrics"
	"github.com/lcwasm/lcwasm/server/store"
)

// ContentSecurityPolicy is sent with the HTML pages of the site: nothing
// inline, nothing from elsewhere, WebAssembly allowed, and Trusted Types
// enforced with no policy allowed, so no string can reach an HTML or
// script sink (the widget and the demo use none); images also from blob:
// URLs (the widget's thumbnails of attachments, fetched with the
// conversation's token).
const ContentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; connect-src 'self'; img-src 'self' blob:; require-trusted-types-for 'script'; trusted-types 'none'"

// Options configure the handler returned by [New].
type Options struct {
	// Site holds index.html and the other top-level files of the demo site.
	Site fs.FS
	// Dist is the build output, served under /lcw/.
	Dist fs.FS
	// Widgets holds the configuration of each widget by app id. Every value
	// must be a JSON object; it is served verbatim.
	Widgets map[string]json.RawMessage
	// Extra mounts more file trees: a prefix such as "/e2e/" maps to a
	// file system served as plain static files, never cached.
	Extra map[string]fs.FS
	// Logger receives one record per request. Nil discards them.
	Logger *slog.Logger
	// Store keeps conversations, messages and agent sessions. Nil: a
	// private in-memory store, lost when the process ends.
	Store *store.Store
	// Agents are the agent console's accounts. Nil: agent.DemoAccounts()
	// (user "demo", password "demo").
	Agents []agent.Account
	// AllowOrigins are page origins ("*" or scheme://host[:port]) that may
	// chat with every widget, seeded or made in the console, in addition
	// to each configuration's allowedOrigins (lcwserver -allow-origin).
	// They are never written into a stored configuration.
	AllowOrigins []string
	// AuthKeys verify the JWT (setAuthTokenProvider) of each widget that
	// requires signed-in visitors, by app id; see chat.ParseAuthKeys.
	AuthKeys map[string]chat.AuthKey
	// AuthKeysFetch is how keys URLs (authKey.keysUrl) are fetched; the
	// zero value is https to public addresses only (lcwserver
	// -auth-keys-private allows private ones).
	AuthKeysFetch chat.KeysFetch
	// Timeouts bound each request (zero fields: DefaultTimeouts); serve
	// the handler with an http.Server from [HTTPServer] with the same.
	Timeouts Timeouts
	// ConfigMaxAge is the Cache-Control max-age of the configuration
	// endpoint: how long a browser may reuse a widget's configuration
	// before asking again (with its ETag). 0: DefaultConfigMaxAge;
	// negative: always ask again.
	ConfigMaxAge time.Duration
	// Chat sets the chat hub's limits (AbandonAfter, StartsPerMinute,
	// ConnsPerChat, MessagesPerChat, PingInterval…); its Store, Widget,
	// AgentName, Session and Logger are the server's own.
	Chat chat.Options
	// Metrics receives the server's figures, served at GET /metrics to
	// loopback clients that came through no proxy. Nil: a private
	// set, reachable through [Server.Metrics].
	Metrics *metrics.Metrics
	// MetricsElsewhere leaves /metrics out of the handler: serve
	// Server.Metrics().Handler() on a listener of your own (lcwserver
	// -metrics-addr).
	MetricsElsewhere bool
	// TrustProxy lists the networks of the reverse proxies in front
	// (ParseTrustedProxies): from those peers X-Forwarded-For names the
	// client, whose address the per-address limits then count, and
	// X-Forwarded-Proto says whether it came over TLS. From any other
	// peer the headers are removed. Nil: every peer is the client.
	TrustProxy []netip.Prefix
	// BeaconsPerMinute caps the funnel beacons of one client address a
	// minute (429 past it). 0: BeaconsPerMinute (60); negative: no cap
	// (a load test, whose clients are all 127.0.0.1).
	BeaconsPerMinute int
	// OfflinePerHour caps the offline messages one client address may
	// leave on one widget an hour (429 "rate" past it, with
	// Retry-After), counted in the store when it is PostgreSQL so that
	// every instance on it holds one limit. 0: OfflinePerHour (5);
	// negative: no cap.
	OfflinePerHour int
	// BeaconFlush is how long beacons' counters are added up in memory
	// before they are written to the store. 0: DefaultBeaconFlush (1 s);
	// negative: each beacon is written as it comes.
	BeaconFlush time.Duration
}

// New returns the server's handler. It fails when Site or Dist is missing, a
// widget configuration is not a JSON object, or an Extra prefix is not of the
// form "/name/" or collides with a route of its own.
func New(o Options) (*Server, error) {
	if o.Site == nil || o.Dist == nil {
		return nil, fmt.Errorf("server: Options.Site and Options.Dist are required")
	}
	if _, err := newWidgetConfigs(o.Widgets); err != nil {
		return nil, err
	}
	for _, origin := range o.AllowOrigins {
		if err := CheckOrigin(origin); err != nil {
			return nil, err
		}
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if o.Store == nil {
		st, err := store.Open(":memory:")
		if err != nil {
			return nil, err
		}
		o.Store = st
	}
	// The widgets live in the store: the built-in ones and the -widgets
	// file seed it; the site owner's console (/admin) publishes versions.
	live, err := admin.NewLive(context.Background(), o.Store, o.Widgets, logger, time.Now())
	if err != nil {
		return nil, err
	}
	live.AllowEverywhere(o.AllowOrigins)
	widgets := widgetConfigs{live: live, maxAge: o.ConfigMaxAge}
	mux := http.NewServeMux()
	site := siteHandler{fsys: o.Site}
	mux.HandleFunc("GET /{$}", site.serveIndex)
	mux.HandleFunc("GET /index.html", site.serveIndex)
	mux.Handle("GET /", site)
	mux.Handle("GET /lcw/", http.StripPrefix("/lcw/", distHandler{fsys: o.Dist}))
	mux.HandleFunc("GET /api/v1/widgets/{appId}/config", widgets.serveConfig)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/config", servePreflight)
	m := o.Metrics
	if m == nil {
		m = metrics.New()
	}
	perMinute := o.BeaconsPerMinute
	if perMinute == 0 {
		perMinute = BeaconsPerMinute
	}
	buffer := newCounterBuffer(o.Store, logger, o.BeaconFlush)
	mux.HandleFunc("POST /api/v1/widgets/{appId}/beacon",
		(&beacons{live: live, buffer: buffer, logger: logger, now: time.Now,
			perMinute: addressWindow{every: time.Minute, limit: perMinute}, observe: m.Beacon}).serve)
	mux.HandleFunc("GET /healthz", serveHealth)
	ready := &readiness{store: o.Store, logger: logger, now: time.Now}
	mux.Handle("GET /readyz", ready)
	keys := chat.NewKeySets(o.AuthKeysFetch, logger, m.AuthKeysFetched)
	auth, hub, broker, err := mountChat(mux, o, logger, live, m, keys)
	if err != nil {
		keys.Close()
		return nil, err
	}
	live.OnChange(hub.PublishWidget)
	m.Watch(snapshot(hub, o.Store, time.Now))
	if !o.MetricsElsewhere {
		mux.Handle("GET /metrics", loopbackOnly(m.Handler()))
	}
	mountVisitorDesk(mux, &visitorDesk{live: live, store: o.Store, auth: auth, hub: hub, logger: logger, now: time.Now,
		offline: newOfflineLimit(o.OfflinePerHour, o.Store, logger), refused: m.Refused})
	mountHistory(mux, &historyDesk{store: o.Store, auth: auth, logger: logger})
	console := admin.New(auth, o.Store, live, logger)
	console.CheckKeysWith(keys.Check)
	console.Register(mux)
	if err := mountExtra(mux, o.Extra); err != nil {
		srv := &Server{hub: hub, broker: broker, keys: keys}
		srv.Shutdown(context.Background())
		return nil, err
	}
	return &Server{Handler: forwardedFor(o.TrustProxy, deadlines(o.Timeouts, logRequests(logger, securityHeaders(mux)))), hub: hub, broker: broker, keys: keys, metrics: m, ready: ready, counters: buffer}, nil
}

// mountExtra registers each Extra file system under its prefix.
func mountExtra(mux *http.ServeMux, extra map[string]fs.FS) error {
	for prefix, fsys := range extra {
		if err := checkPrefix(prefix); err != nil {
			return err
		}
		if fsys == nil {
			return fmt.Errorf("server: Extra[%q] is nil", prefix)
		}
		mux.Handle("GET "+prefix, http.StripPrefix(prefix, extraHandler{fsys: fsys}))
	}
	return nil
}

func checkPrefix(prefix string) error {
	if len(prefix) < 3 || !strings.HasPrefix(prefix, "/") || !strings.HasSuffix(prefix, "/") ||
		strings.ContainsAny(prefix, "{}") {
		return fmt.Errorf("server: Extra prefix %q must look like \"/name/\"", prefix)
	}
	for _, own := range []string{"/lcw/", "/api/", "/healthz/", "/readyz/", "/index.html/", "/agent/", "/admin/"} {
		if strings.HasPrefix(prefix, own) {
			return fmt.Errorf("server: Extra prefix %q collides with %s", prefix, own)
		}
	}
	return nil
}
