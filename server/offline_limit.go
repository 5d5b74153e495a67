package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/server/store"
)

// offlineLimit is the per-address cap of offline messages: at most
// limit a key (a widget and a client address, agent.AddrKey) in each UTC
// hour. One instance counts in memory (an addressWindow); on a
// PostgreSQL store the count is the store's (offline_counts, one
// statement a message), so that every instance behind a load balancer
// holds one limit, not one each.
type offlineLimit struct {
	limit  int            // messages a key may leave an hour; <0: any number
	local  *addressWindow // the count of one instance; nil when shared
	st     *store.Store   // the shared count's
	logger *slog.Logger
	mu     sync.Mutex
	hour   time.Time // the hour made counts in
	made   int       // rows this instance made in the store that hour
}

// newOfflineLimit caps each key at perHour messages an hour (0:
// OfflinePerHour; negative: no cap), counted in st when it is
// PostgreSQL; logger (nil: none) hears of the store's failures.
func newOfflineLimit(perHour int, st *store.Store, logger *slog.Logger) *offlineLimit {
	if perHour == 0 {
		perHour = OfflinePerHour
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	l := &offlineLimit{limit: perHour, st: st, logger: logger}
	if st == nil || st.PostgresURL() == "" {
		l.local = &addressWindow{every: time.Hour, limit: perHour}
	}
	return l
}

// admit counts a message left on appID from the client address key
// addr at now. Over the limit it says no, and how long until the hour
// ends (Retry-After). A store that fails lets the message through: the
// message itself then meets the store.
func (l *offlineLimit) admit(ctx context.Context, appID, addr string, now time.Time) (ok bool, retry time.Duration) {
	switch {
	case l.limit < 0:
		return true, 0
	case l.local != nil:
		return l.local.admit(appID+" "+addr, now)
	}
	hour := now.Truncate(time.Hour)
	n, err := l.count(ctx, appID, addr, now, hour)
	if err != nil {
		l.logger.Warn("server: counting an offline message in the store", "err", err)
		return true, 0
	}
	if n > l.limit {
		return false, hour.Add(time.Hour).Sub(now)
	}
	return true, 0
}

// count counts the message in the store and returns the key's messages
// this hour. Past maxWindowKeys rows made by this instance in the hour,
// a key with no row yet is let through uncounted (0), as addressWindow
// does, so that a client with many addresses cannot fill the disk.
func (l *offlineLimit) count(ctx context.Context, appID, addr string, now, hour time.Time) (int, error) {
	l.mu.Lock()
	if !hour.Equal(l.hour) {
		l.hour, l.made = hour, 0
	}
	full := l.made >= maxWindowKeys
	l.mu.Unlock()
	if full {
		return l.st.CountOfflineKnown(ctx, appID, addr, now)
	}
	n, err := l.st.CountOffline(ctx, appID, addr, now)
	if err == nil && n == 1 {
		l.mu.Lock()
		if hour.Equal(l.hour) {
			l.made++
		}
		l.mu.Unlock()
	}
	return n, err
}
