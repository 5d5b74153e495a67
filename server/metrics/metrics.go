package metrics

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Snapshot is what the gauges show, read at each scrape.
type Snapshot struct {
	VisitorSockets, AgentSockets int
	AgentsOnline                 int
	Queued                       int
	OldestWait                   time.Duration
	// ByState counts the conversations in the store by state.
	ByState map[string]int
}

// snapshotTimeout bounds one scrape's reading of the snapshot.
const snapshotTimeout = 5 * time.Second

// AckBuckets are the bounds of lcwasm_send_ack_seconds: a store commit
// takes about a millisecond here, a slow disk hundreds.
var AckBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

// Metrics holds the server's figures. The zero value is not usable;
// call [New].
type Metrics struct {
	reg         *prometheus.Registry
	messages    *prometheus.CounterVec
	ack         *prometheus.HistogramVec
	beacons     *prometheus.CounterVec
	storeErrors prometheus.Counter
	refusals    *prometheus.CounterVec
	signIns     *prometheus.CounterVec
	keyFetches  *prometheus.CounterVec
	scrapeErrs  prometheus.Counter

	mu   sync.Mutex
	snap func(context.Context) (Snapshot, error)
}

// New returns the metrics, with the Go runtime's and the process's
// collectors registered. Until [Metrics.Watch] is called the gauges
// read zero.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.messages = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lcwasm_messages_stored_total",
		Help: "Chat messages committed to the store (resends not counted), by sender."}, []string{"from"})
	m.ack = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "lcwasm_send_ack_seconds",
		Help:    "Time from a send frame's arrival to its ack, by sender.",
		Buckets: AckBuckets}, []string{"from"})
	m.beacons = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lcwasm_beacons_total",
		Help: "Funnel beacons received, by result (accepted, refused)."}, []string{"result"})
	m.storeErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "lcwasm_store_errors_total",
		Help: "Store calls that failed (disk full or read-only, database errors)."})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lcwasm_limit_refusals_total",
		Help: "Sockets, chat starts and offline messages refused by a per-address limit."}, []string{"limit"})
	m.signIns = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lcwasm_signin_failures_total",
		Help: "Refused agent sign-ins, by reason."}, []string{"reason"})
	m.keyFetches = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "lcwasm_auth_keys_fetches_total",
		Help: "Fetches of the widgets' keys URLs (authKey.keysUrl), by result (ok, error)."}, []string{"result"})
	m.scrapeErrs = prometheus.NewCounter(prometheus.CounterOpts{Name: "lcwasm_scrape_errors_total",
		Help: "Scrapes whose snapshot of the hub and store failed (the gauges then read zero)."})
	m.reg.MustRegister(m.messages, m.ack, m.beacons, m.storeErrors, m.refusals, m.signIns, m.keyFetches, m.scrapeErrs,
		snapshotCollector{m}, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Watch sets the function the gauges are read from at each scrape.
func (m *Metrics) Watch(snap func(context.Context) (Snapshot, error)) {
	m.mu.Lock()
	m.snap = snap
	m.mu.Unlock()
}

// Handler serves the metrics in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is where the metrics are registered (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// MessageStored counts a committed message (chat.Observer).
func (m *Metrics) MessageStored(from string) { m.messages.WithLabelValues(from).Inc() }

// Acked observes a send's time to its ack (chat.Observer).
func (m *Metrics) Acked(from string, d time.Duration) {
	m.ack.WithLabelValues(from).Observe(d.Seconds())
}

// StoreFailed counts a failed store call (chat.Observer).
func (m *Metrics) StoreFailed() { m.storeErrors.Inc() }

// Refused counts a refusal by a per-address limit (chat.Observer).
func (m *Metrics) Refused(limit string) { m.refusals.WithLabelValues(limit).Inc() }

// Beacon counts a funnel beacon, accepted (stored) or refused.
func (m *Metrics) Beacon(accepted bool) {
	result := "refused"
	if accepted {
		result = "accepted"
	}
	m.beacons.WithLabelValues(result).Inc()
}

// AuthKeysFetched counts a fetch of a widget's keys URL: "ok" or
// "error" (the log says why).
func (m *Metrics) AuthKeysFetched(result string) { m.keyFetches.WithLabelValues(result).Inc() }

// SignInFailed counts a refused agent sign-in: "wrong_password" or
// "rate_limited".
func (m *Metrics) SignInFailed(reason string) { m.signIns.WithLabelValues(reason).Inc() }
