package admin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
	sum := sha256.Sum256([]byte(w.Config))
	e := entry{config: []byte(w.Config), etag: `"` + hex.EncodeToString(sum[:12]) + `"`, disabled: w.Disabled}
	var cfg struct {
		AllowedOrigins []string        `json:"allowedOrigins"`
		OperatingHours json.RawMessage `json:"operatingHours"`
		Canned         json.RawMessage `json:"cannedResponses"`
	}
	if err := json.Unmarshal(e.config, &cfg); err != nil {
		return entry{}, fmt.Errorf("server: widget %q: allowedOrigins: want an array of origins", w.AppID)
	}
	e.chat.AllowedOrigins = cfg.AllowedOrigins
	if len(cfg.Canned) > 0 && string(cfg.Canned) != "null" {
		// The good ones apply; Validate refuses a publish with a bad one.
		list, errs := chat.ParseCanned(cfg.Canned)
		if len(errs) > 0 {
			logger.Warn("server: canned responses: problems", "widget", w.AppID, "err", errors.Join(errs...))
		}
		e.chat.Canned = list
		// They are the agents': the widget's public configuration does
		// not carry them.
		var all map[string]json.RawMessage
		if json.Unmarshal(e.config, &all) == nil {
			delete(all, "cannedResponses")
			if b, err := json.Marshal(all); err == nil {
				e.config = b
				sum := sha256.Sum256(b)
				e.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
			}
		}
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
	return e, nil
}

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

// Chat returns what the chat service needs of an enabled widget.
func (l *Live) Chat(appID string) (chat.Widget, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.m[appID]
	if !ok || e.disabled {
		return chat.Widget{}, false
	}
	return e.chat, true
}

// Has reports whether appID is a widget, enabled or not.
func (l *Live) Has(appID string) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	_, ok := l.m[appID]
	return ok
}
