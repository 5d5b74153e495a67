package server

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/server/store"
)

// DefaultBeaconFlush is how long the server adds beacons' counters up in
// memory before it writes them to the store, in one transaction a widget:
// at 1,000 beacons a second, one write a second instead of a thousand,
// so the chat's writes (the store has one connection) do not queue
// behind them. Shutdown writes what is left; a killed process loses at
// most this much.
const DefaultBeaconFlush = time.Second

// MaxBufferedCounters bounds the counters waiting in memory (while the
// store fails, say); past it a beacon is refused with 503.
const MaxBufferedCounters = 50000

var errBufferFull = errors.New("server: too many funnel counters waiting for the store")

// counterBuffer adds the counters of beacons up per widget and writes
// them every flush period. Its one timer is armed when the first counter
// comes in, so an idle server runs nothing; close writes the rest and
// makes later beacons write at once.
type counterBuffer struct {
	store  *store.Store
	logger *slog.Logger
	every  time.Duration // <0: no buffer, each beacon written at once

	flushing sync.Mutex // one flush at a time
	mu       sync.Mutex
	pending  map[string]*funnel.Batch // by app id
	n        int                      // counters in pending (an upper bound)
	timer    *time.Timer
	closed   bool
	failed   int // flushes in a row the store refused
}

// maxRetries is how many flushes in a row may fail before the buffer
// stops retrying on its own: the next beacon, or Shutdown, tries again
// (a store closed under a server that was never shut down is not retried
// forever).
const maxRetries = 60

func newCounterBuffer(st *store.Store, logger *slog.Logger, every time.Duration) *counterBuffer {
	if every == 0 {
		every = DefaultBeaconFlush
	}
	return &counterBuffer{store: st, logger: logger, every: every, pending: map[string]*funnel.Batch{}}
}

// add takes a beacon's counters for appID: into the buffer, or, without
// one (closed, or a negative period), straight into the store.
func (b *counterBuffer) add(ctx context.Context, appID string, entries []funnel.Entry) error {
	b.mu.Lock()
	b.failed = min(b.failed, maxRetries-1) // a beacon arms the timer again
	if b.closed || b.every < 0 {
		b.mu.Unlock()
		return b.store.AddCounters(ctx, appID, entries)
	}
	defer b.mu.Unlock()
	if b.n+len(entries) > MaxBufferedCounters {
		return errBufferFull
	}
	b.put(appID, entries)
	return nil
}

// put adds entries to pending and arms the timer; b.mu is held.
func (b *counterBuffer) put(appID string, entries []funnel.Entry) {
	batch := b.pending[appID]
	if batch == nil {
		batch = &funnel.Batch{}
		b.pending[appID] = batch
	}
	for _, e := range entries {
		batch.Add(e.Key, e.N)
	}
	b.n += len(entries)
	if b.timer == nil && !b.closed && b.failed < maxRetries {
		b.timer = time.AfterFunc(b.every, func() { b.flush(context.Background()) })
	}
}

// flush writes what is pending, a transaction a widget; what the store
// refused goes back into the buffer for the next flush.
func (b *counterBuffer) flush(ctx context.Context) error {
	b.flushing.Lock()
	defer b.flushing.Unlock()
	b.mu.Lock()
	take := b.pending
	b.pending, b.n, b.timer = map[string]*funnel.Batch{}, 0, nil
	b.mu.Unlock()
	var first error
	for app, batch := range take {
		entries := batch.Entries()
		if err := b.store.AddCounters(ctx, app, entries); err != nil {
			b.logger.Error("storing funnel counters", "app", app, "counters", len(entries), "err", err)
			if first == nil {
				b.mu.Lock()
				b.failed++
				b.mu.Unlock()
			}
			first = cmpErr(first, err)
			b.mu.Lock()
			b.put(app, entries)
			b.mu.Unlock()
		}
	}
	if first == nil {
		b.mu.Lock()
		b.failed = 0
		b.mu.Unlock()
	}
	return first
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// close writes what is pending; later beacons go straight to the store.
func (b *counterBuffer) close(ctx context.Context) error {
	b.mu.Lock()
	b.closed = true
	if b.timer != nil {
		b.timer.Stop()
	}
	b.mu.Unlock()
	return b.flush(ctx)
}
