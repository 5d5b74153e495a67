package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lcwasm/lcwasm/server/store"
)

// Readiness checks behind GET /readyz, each re-run at most this often
// (an answer in between repeats the last result): the test write,
// cheap, every probeEvery; the store's quick_check, which reads the
// whole file, every checkEvery.
const (
	probeEvery = time.Second
	checkEvery = 5 * time.Minute
)

func serveHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "ok")
}

// errDraining is /readyz's answer once the server is draining.
var errDraining = errors.New("server: draining: shutting down")

// readiness answers GET /readyz: 200 "ok" when the store takes writes
// and passes its integrity check, else 503 with the reason; 503
// "draining" once [Server.Drain] was called.
type readiness struct {
	draining atomic.Bool
	store    *store.Store
	logger   *slog.Logger
	now      func() time.Time

	mu                 sync.Mutex
	probed, checked    time.Time
	probeErr, checkErr error
}

func (rd *readiness) err(ctx context.Context) error {
	if rd.draining.Load() {
		return errDraining
	}
	rd.mu.Lock()
	defer rd.mu.Unlock()
	now := rd.now()
	if rd.probed.IsZero() || now.Sub(rd.probed) >= probeEvery {
		rd.probed, rd.probeErr = now, rd.store.Ready(ctx, now)
	}
	if rd.checked.IsZero() || now.Sub(rd.checked) >= checkEvery {
		rd.checked, rd.checkErr = now, rd.store.Check(ctx)
	}
	if rd.probeErr != nil {
		return rd.probeErr
	}
	return rd.checkErr
}

func (rd *readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := rd.err(r.Context()); err != nil {
		if err != errDraining {
			rd.logger.Error("server: not ready", "err", err)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, err)
		return
	}
	fmt.Fprint(w, "ok")
}
