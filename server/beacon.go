package server

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/lcwasm/lcwasm/server/chat"
)

// BeaconsPerMinute is how many funnel beacons one client address may send
// a minute by default (Options.BeaconsPerMinute); more are refused with
// 429. A page sends at most two a minute
// (every 30 s) and one as it goes away.
const BeaconsPerMinute = 60

// beacons serves POST /api/v1/widgets/{appId}/beacon: the widget's
// aggregate funnel counters (package funnel), added to the store's daily
// totals. Answers: 204 stored; 400 not the documented body; 403 the
// page's Origin is not in the widget's allowedOrigins (chat.OriginAllowed,
// as for a chat), or the widget's reporting is off; 404 unknown widget; 413 over funnel.MaxBody
// bytes; 415 neither text/plain nor application/json; 429 over
// BeaconsPerMinute from this address; 503 the store failed, or over
// MaxBufferedCounters wait for it. The counters are added up in memory
// and written every Options.BeaconFlush (counterBuffer).
type beacons struct {
	live      *admin.Live
	buffer    *counterBuffer
	logger    *slog.Logger
	now       func() time.Time
	perMinute addressWindow // beacons an address may send a minute
	// observe is told whether each beacon was accepted (204) or refused.
	observe func(accepted bool)
}

func (b *beacons) serve(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	b.answer(rec, r)
	b.observe(rec.status == http.StatusNoContent)
}

func (b *beacons) answer(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	id := r.PathValue("appId")
	now := b.now()
	if ok, retry := b.perMinute.admit(clientAddr(r), now); !ok {
		w.Header().Set("Retry-After", retryAfter(retry))
		http.Error(w, "server: too many beacons from this address; at most "+strconv.Itoa(b.perMinute.limit)+" a minute",
			http.StatusTooManyRequests)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "text/plain" && mt != "application/json" {
		http.Error(w, "server: a beacon is text/plain or application/json", http.StatusUnsupportedMediaType)
		return
	}
	cfg, _, ok := b.live.Config(id)
	if !ok {
		http.Error(w, "server: unknown widget", http.StatusNotFound)
		return
	}
	if wc, _ := b.live.Chat(id); !chat.OriginAllowed(r, wc.AllowedOrigins) {
		http.Error(w, "server: this page's origin may not send the widget's counters; add it to the widget's allowedOrigins",
			http.StatusForbidden)
		return
	}
	if !reporting(cfg) {
		http.Error(w, "server: reporting is off for this widget", http.StatusForbidden)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, funnel.MaxBody+1))
	switch {
	case err != nil:
		http.Error(w, "server: reading the beacon: "+err.Error(), http.StatusBadRequest)
		return
	case len(body) > funnel.MaxBody:
		http.Error(w, "server: a beacon is at most 32768 bytes", http.StatusRequestEntityTooLarge)
		return
	}
	var tree any
	if err := json.Unmarshal(body, &tree); err != nil {
		http.Error(w, "server: the beacon is not JSON", http.StatusBadRequest)
		return
	}
	entries, err := funnel.Decode(tree, instant.From(now))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := b.buffer.add(r.Context(), id, entries); err != nil {
		msg := "server: the counters could not be stored"
		if errors.Is(err, errBufferFull) {
			msg = err.Error()
		}
		b.logger.Error("storing funnel counters", "app", id, "err", err)
		http.Error(w, msg, http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// reporting reads a configuration's "reporting" switch (on unless false).
func reporting(cfg []byte) bool {
	var c struct {
		Reporting *bool `json:"reporting"`
	}
	return json.Unmarshal(cfg, &c) != nil || c.Reporting == nil || *c.Reporting
}

// clientAddr is the address beacons are counted by: the connection's
// remote IP (behind a proxy every visitor is one address).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
