package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/bench/report"
)

// Config bounds a run.
type Config struct {
	Sockets   int           // visitor WebSockets
	Messages  int           // messages per visitor
	Interval  time.Duration // mean time between a visitor's messages (each ½ to 1½ of it; the server allows 5 per second)
	KillAfter time.Duration // from the moment every socket has started to the SIGKILL
	Freeze    time.Duration // SIGSTOP this long before the SIGKILL, so messages are in flight; 0: none
	Accept    int           // conversations the agent accepts
	DupEvery  int           // every n-th visitor resends an acknowledged message after the restart; 0: none
	Dial      int           // sockets opening at once
	Timeout   time.Duration // the whole run; past it the run fails
	Server    string        // the lcwserver binary; "" builds ./cmd/lcwserver of Root
	Instances int           // server processes; 0 or 1: one on SQLite, more: on one PostgreSQL store
	Postgres  string        // that store's URL (required with Instances > 1)
	Root      string        // the module root, to build the server
	Progress  io.Writer     // progress lines; nil discards them
}

// Defaults is the full run of `make loadtest`.
func Defaults() Config {
	return Config{Sockets: 2000, Messages: 12, Interval: 2 * time.Second, KillAfter: 10 * time.Second,
		Accept: 40, DupEvery: 10, Dial: 100, Timeout: 110 * time.Second}
}

func (c Config) check() error {
	switch {
	case c.Sockets < 1 || c.Messages < 2 || c.Interval <= 0 || c.Dial < 1 || c.Timeout <= 0:
		return fmt.Errorf("loadtest: want sockets ≥ 1, messages ≥ 2, interval, dial and timeout > 0")
	case c.KillAfter <= 0 || c.KillAfter >= time.Duration(c.Messages-1)*c.Interval/2:
		return fmt.Errorf("loadtest: the kill (after %v) must come while messages flow (%d × %v)", c.KillAfter, c.Messages, c.Interval)
	case c.Server == "" && c.Root == "":
		return fmt.Errorf("loadtest: Config.Server or Config.Root is required")
	case c.Instances > 1 && c.Postgres == "":
		return fmt.Errorf("loadtest: %d instances need a PostgreSQL store (Config.Postgres)", c.Instances)
	}
	return nil
}

// stats is what the clients record, under run.mu.
type stats struct {
	messages, replies     []*message // acknowledged
	before, after         []float64  // ack latencies, ms
	resent, confirmed     int
	dupSent, dupRejected  int
	connected, resumedN   int
	failedConnects        int
	connectedAt, lastBack time.Time
	killAt                time.Time
	errors                []string
}

// run is one load test in progress.
type run struct {
	cfg         Config
	visitorURLs []string // visitor i uses visitorURLs[i % instances]
	mu          sync.Mutex
	s           stats
	allStarted  chan struct{}
	restarted   time.Duration      // kill → healthy
	want        map[string][]int64 // agent replies by conversation, set before delivered closes
	progress    io.Writer
}

func (r *run) count(fn func(*stats)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fn(&r.s)
}

func (r *run) errorf(format string, args ...any) {
	r.count(func(s *stats) {
		if len(s.errors) < 20 {
			s.errors = append(s.errors, fmt.Sprintf(format, args...))
		}
	})
}

// fail records a refused handshake (an error frame; a dropped
// connection is only retried) and closes l.
func (r *run) fail(l *link, f frame, what string) {
	if f.Type == "error" {
		r.errorf("%s: error frame %s", what, f.Code)
	}
	l.close()
}

func (r *run) started(*visitor) {
	r.count(func(s *stats) {
		s.connected++
		if s.connected == r.cfg.Sockets {
			s.connectedAt = time.Now()
			close(r.allStarted)
		}
	})
}

func (r *run) killed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.s.killAt.IsZero()
}

func (r *run) resumed() {
	r.count(func(s *stats) { s.resumedN++; s.lastBack = time.Now() })
}

func (r *run) logf(format string, args ...any) {
	if r.progress != nil {
		fmt.Fprintf(r.progress, "loadtest: "+format+"\n", args...)
	}
}

// Run runs the load test: the server process on a fresh data directory,
// cfg.Sockets visitors and one agent, the SIGKILL and restart, then the
// check of the store. An error means it could not run; a run that broke
// a promise returns its figures with OK() false.
func Run(ctx context.Context, cfg Config) (report.Restart, error) {
	res := report.Restart{Sockets: cfg.Sockets}
	if err := cfg.check(); err != nil {
		return res, err
	}
	if err := raiseFiles(uint64(cfg.Sockets) + fileMargin); err != nil {
		return res, err
	}
	dir, err := os.MkdirTemp("", "lcwload-")
	if err != nil {
		return res, fmt.Errorf("loadtest: %w", err)
	}
	defer os.RemoveAll(dir)
	r := &run{cfg: cfg, allStarted: make(chan struct{}), progress: cfg.Progress}
	if cfg.Server == "" {
		r.logf("building ./cmd/lcwserver")
		if cfg.Server, err = BuildServer(ctx, cfg.Root, dir); err != nil {
			return res, err
		}
	}
	n := max(1, cfg.Instances)
	res.Instances = n
	procs := make([]*process, n)
	for i := range procs {
		pdir := filepath.Join(dir, fmt.Sprint("instance", i))
		if procs[i], err = newProcess(cfg.Server, pdir, cfg.Postgres); err != nil {
			return res, err
		}
		p := procs[i]
		defer p.log.Close()
		if err := p.start(ctx); err != nil {
			return res, err
		}
		defer p.kill()
		r.visitorURLs = append(r.visitorURLs, "ws://"+p.addr+"/api/v1/widgets/load/chat")
	}
	if n > 1 {
		res.KilledSockets = (cfg.Sockets + n - 1) / n // visitors 0, n, 2n… are on procs[0], the one killed
	}

	begin := time.Now()
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	agents, visitors, err := r.flow(ctx, procs)
	res.Seconds = time.Since(begin).Seconds()
	if err != nil {
		return res, err
	}
	for _, p := range procs {
		p.stop()
	}
	r.fill(&res, begin, agents, visitors)
	driver, source := "sqlite", "file:"+url.PathEscape(procs[0].dbPath())+"?mode=ro"
	if cfg.Postgres != "" {
		driver, source = "pgx", cfg.Postgres
	}
	if err := verify(driver, source, r.s.messages, r.s.replies, pendingOf(visitors, agents), &res); err != nil {
		return res, err
	}
	if ctx.Err() != nil {
		res.Errors = append(res.Errors, fmt.Sprintf("the run did not finish within %v", cfg.Timeout))
	}
	return res, nil
}

// flow runs the clients (an agent console on each instance), the kill of
// the first instance and its restart, and waits for the messages and the
// agents' replies to be delivered.
func (r *run) flow(ctx context.Context, procs []*process) ([]*agent, []*visitor, error) {
	cfg := r.cfg
	p := procs[0]
	var agents []*agent
	stopAgent := make(chan struct{})
	var agentsDone sync.WaitGroup
	for i, ap := range procs {
		share := cfg.Accept / len(procs)
		if i < cfg.Accept%len(procs) {
			share++
		}
		ag := &agent{r: r, base: "http://" + ap.addr, accept: share, cidPrefix: "a",
			asked: map[string]bool{}, mine: map[string]bool{}, tried: map[string]bool{}, lost: map[string]bool{}}
		if len(procs) > 1 {
			ag.cidPrefix = fmt.Sprintf("a%d.", i)
		}
		if err := ag.signIn(ctx); err != nil {
			return agents, nil, err
		}
		if !ag.connect(ctx) {
			return agents, nil, fmt.Errorf("loadtest: the agent console on %s did not connect", ap.addr)
		}
		agents = append(agents, ag)
		agentsDone.Go(func() { ag.work(ctx, stopAgent) })
	}

	var addrs []string
	for _, ap := range procs {
		addrs = append(addrs, ap.addr)
	}
	r.logf("%d visitor sockets on %s", cfg.Sockets, strings.Join(addrs, " and "))
	visitors := make([]*visitor, cfg.Sockets)
	dials := make(chan struct{}, cfg.Dial)
	var chatting, draining sync.WaitGroup
	// After their messages, visitors keep their connections (their clients
	// reconnect as needed) until every visitor's messages and the agent's
	// replies are delivered, then wait for the agent's replies to their
	// conversation.
	delivered := make(chan struct{})
	for i := range visitors {
		v := newVisitor(r, i, dials)
		visitors[i] = v
		chatting.Add(1)
		draining.Add(1)
		go func() {
			defer draining.Done()
			ok := v.start(ctx)
			if ok {
				v.chat(ctx)
			}
			chatting.Done()
			if !ok {
				return
			}
			select {
			case <-delivered:
				v.drain(ctx, r.want[v.conv])
			case <-ctx.Done():
			}
		}()
	}
	// Every client stops before the figures are read.
	defer stopAll(visitors)
	start := time.Now()
	select {
	case <-r.allStarted:
	case <-ctx.Done():
		var n int
		r.count(func(s *stats) { n = s.connected })
		return agents, visitors, fmt.Errorf("loadtest: %d of %d sockets started within the time limit", n, cfg.Sockets)
	}
	r.logf("all %d started in %.1f s; messages flow, SIGKILL in %v", cfg.Sockets, time.Since(start).Seconds(), cfg.KillAfter)
	select {
	case <-time.After(cfg.KillAfter):
	case <-ctx.Done():
	}
	if cfg.Freeze > 0 {
		p.freeze(cfg.Freeze)
	}
	killAt := time.Now()
	r.count(func(s *stats) { s.killAt = killAt })
	p.kill()
	if err := p.start(ctx); err != nil {
		return agents, visitors, err
	}
	r.restarted = time.Since(killAt)
	r.logf("killed and restarted %s in %.2f s", p.addr, r.restarted.Seconds())
	chatting.Wait()
	close(stopAgent)
	agentsDone.Wait()
	r.count(func(s *stats) { r.logf("%d failed connection attempts", s.failedConnects) })
	r.logf("messages delivered; checking the agent's replies reached their visitors")
	r.want = map[string][]int64{}
	r.count(func(s *stats) {
		for _, m := range s.replies {
			r.want[m.conv] = append(r.want[m.conv], m.seq)
		}
	})
	close(delivered) // after r.want is set
	draining.Wait()
	stopAll(visitors)
	for _, ag := range agents {
		if ag.l != nil {
			ag.l.close()
		}
	}
	return agents, visitors, nil
}

// stopAll stops the visitors' clients, at once: each waits for its
// connection's closing handshake.
func stopAll(visitors []*visitor) {
	var wg sync.WaitGroup
	for _, v := range visitors {
		if v != nil {
			wg.Go(v.cr.Stop)
		}
	}
	wg.Wait()
}

// fill computes the figures the clients recorded.
func (r *run) fill(res *report.Restart, begin time.Time, agents []*agent, visitors []*visitor) {
	s := &r.s
	res.Connected = s.connected
	if !s.connectedAt.IsZero() {
		res.ConnectSeconds = s.connectedAt.Sub(begin).Seconds()
	}
	for _, v := range visitors {
		res.Sent += v.created
	}
	res.Acked = len(s.messages)
	res.Resent, res.Confirmed = s.resent, s.confirmed
	res.DupSent, res.DupRejected = s.dupSent, s.dupRejected
	res.Reconnected = s.resumedN
	res.RestartSeconds = r.restarted.Seconds()
	if !s.lastBack.IsZero() {
		res.ReconnectSeconds = s.lastBack.Sub(s.killAt).Seconds()
	}
	res.AckBefore, res.AckAfter = latency(s.before), latency(s.after)
	res.AgentReplies, res.Agents = len(s.replies), len(agents)
	for _, ag := range agents {
		res.AgentAccepted += len(ag.mine)
		res.AgentReconnects += ag.reconnects
		res.AgentTaken += ag.taken
	}
	byConv := map[string]*visitor{}
	for _, v := range visitors {
		byConv[v.conv] = v
	}
	for _, m := range s.replies {
		if v := byConv[m.conv]; v != nil && v.seen[m.seq] {
			res.AgentRepliesSeen++
		}
	}
	res.Errors = append(res.Errors, s.errors...)
}

func latency(ms []float64) report.Latency {
	if len(ms) == 0 {
		return report.Latency{}
	}
	slices.Sort(ms)
	return report.Latency{N: len(ms), P50: report.Percentile(ms, 50), P99: report.Percentile(ms, 99)}
}

// pendingOf lists the messages still unacknowledged at the end.
func pendingOf(visitors []*visitor, agents []*agent) []*message {
	var out []*message
	for _, v := range visitors {
		if v.pending != nil {
			out = append(out, v.pending)
		}
	}
	for _, ag := range agents {
		out = append(out, ag.pending...)
	}
	return out
}
