package admin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// Live is what the server serves of the stored widgets: each published,
// enabled configuration with its ETag, and what the chat service needs of
// it. It is loaded at start and reloaded on every change made in the
// console, so readers never wait on the store.
type Live struct {
	st     *store.Store
	logger *slog.Logger
	mu     sync.RWMutex
	m      map[string]entry
	every  []string // origins allowed for every widget (-allow-origin)
	// onChange is told of each widget the console changed here (OnChange).
	onChange func(appID string)
}

type entry struct {
	config   []byte
	etag     string
	chat     chat.Widget
	disabled bool
}

// NewLive seeds the store with seed (the built-in widgets and the -widgets
// file; see store.SeedWidget: what the console published is kept) and
// loads every widget.
func NewLive(ctx context.Context, st *store.Store, seed map[string]json.RawMessage, logger *slog.Logger, now time.Time) (*Live, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	for id, cfg := range seed {
		if _, err := st.SeedWidget(ctx, id, string(cfg), now); err != nil {
			return nil, fmt.Errorf("admin: seeding widget %q: %w", id, err)
		}
	}
	l := &Live{st: st, logger: logger, m: map[string]entry{}}
	list, err := st.Widgets(ctx)
	if err != nil {
		return nil, err
	}
	for _, w := range list {
		e, err := newEntry(w, logger)
		if err != nil {
			return nil, err
		}
		l.m[w.AppID] = e
	}
	return l, nil
}

func newEntry(w store.Widget, logger *slog.Logger) (entry, error) {
	var cfg struct {
		AllowedOrigins []string        `json:"allowedOrigins"`
		OperatingHours json.RawMessage `json:"operatingHours"`
		AuthKey        json.RawMessage `json:"authKey"`
		Canned         json.RawMessage `json:"cannedResponses"`
	}
	if err := json.Unmarshal([]byte(w.Config), &cfg); err != nil {
		return entry{}, fmt.Errorf("server: widget %q: allowedOrigins: want an array of origins", w.AppID)
	}
	served, err := servedConfig(w.Config)
	if err != nil {
		return entry{}, fmt.Errorf("server: widget %q: %w", w.AppID, err)
	}
	sum := sha256.Sum256(served)
	e := entry{config: served, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, disabled: w.Disabled}
	e.chat.AllowedOrigins = cfg.AllowedOrigins
	if len(cfg.Canned) > 0 && string(cfg.Canned) != "null" {
		// The good ones apply; Validate refuses a publish with a bad one.
		list, errs := chat.ParseCanned(cfg.Canned)
		if len(errs) > 0 {
			logger.Warn("server: canned responses: problems", "widget", w.AppID, "err", errors.Join(errs...))
		}
		// They are the agents': servedConfig leaves them out.
		e.chat.Canned = list
	}
	if len(cfg.OperatingHours) > 0 && string(cfg.OperatingHours) != "null" {
		// Problems are decoded as the widget decodes them (a bad window
		// is left out, an unknown zone counts as open), so both agree.
		h, err := chat.ParseHours(cfg.OperatingHours)
		if err != nil {
			logger.Warn("server: operating hours: problems", "widget", w.AppID, "err", err)
		}
		e.chat.Hours = h
	}
	if cfg.AuthKey != nil {
		var v any
		json.Unmarshal(cfg.AuthKey, &v)
		key, err := parseAuthKey(v)
		if err != nil {
			// Published configurations were validated; a seeded one may
			// not be. Refuse every chat rather than let anyone in.
			logger.Error("server: authKey: every chat is refused until it is fixed", "widget", w.AppID, "err", err)
			key = chat.AuthKey{Alg: "RS256"} // no key: every token fails
		}
		e.chat.Auth = &key
	}
	return e, nil
}

// servedConfig is what the configuration endpoint serves of a stored
// configuration: all of it but the server-only fields (serverOnlyFields).
func servedConfig(config string) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(config), &m); err != nil {
		return nil, err
	}
	strip := false
	for _, k := range serverOnlyFields {
		_, has := m[k]
		strip = strip || has
		delete(m, k)
	}
	if !strip {
		return []byte(config), nil
	}
	return json.Marshal(m)
}

// OnChange sets fn to be told of each widget the console changes on this
// instance, after it is reloaded here: the server tells the instances
// sharing the store, which call Reload.
func (l *Live) OnChange(fn func(appID string)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.onChange = fn
}

// changed tells OnChange's function that appID changed.
func (l *Live) changed(appID string) {
	l.mu.RLock()
	fn := l.onChange
	l.mu.RUnlock()
	if fn != nil {
		fn(appID)
	}
}

// Reload reads appID again from the store: another instance's console
// changed it.
func (l *Live) Reload(ctx context.Context, appID string) error { return l.reload(ctx, appID) }

// reload reads appID again from the store.
func (l *Live) reload(ctx context.Context, appID string) error {
	w, err := l.st.Widget(ctx, appID)
	if err != nil {
		return err
	}
	e, err := newEntry(w, l.logger)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.m[appID] = e
	l.mu.Unlock()
	return nil
}

// Config returns the published configuration of an enabled widget and its
// ETag.
func (l *Live) Config(appID string) (config []byte, etag string, ok bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.m[appID]
	if !ok || e.disabled {
		return nil, "", false
	}
	return e.config, e.etag, true
}

// Chat returns what the chat service needs of an enabled widget: its
// allowed origins are the configuration's and the server's (AllowEverywhere).
func (l *Live) Chat(appID string) (chat.Widget, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.m[appID]
	if !ok || e.disabled {
		return chat.Widget{}, false
	}
	w := e.chat
	if len(l.every) > 0 {
		w.AllowedOrigins = append(slices.Clip(w.AllowedOrigins), l.every...)
	}
	return w, true
}

// AllowEverywhere lets pages on origins chat with every widget, those the
// console creates and publishes included, whatever their configuration
// says (lcwserver -allow-origin). It is the server's policy, never written
// into a configuration: without the flag, the next start forgets it.
func (l *Live) AllowEverywhere(origins []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.every = slices.Clone(origins)
}

// Everywhere returns the origins of AllowEverywhere.
func (l *Live) Everywhere() []string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return slices.Clone(l.every)
}

// Has reports whether appID is a widget, enabled or not.
func (l *Live) Has(appID string) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	_, ok := l.m[appID]
	return ok
}
