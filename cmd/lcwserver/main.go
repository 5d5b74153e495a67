// Command lcwserver runs the lcwasm reference server: the demo site, the
// dist/ bundle under /lcw/, the widget configuration API, the visitor chat
// channel and the agent console at /agent.
//
// Usage:
//
//	lcwserver [-addr 127.0.0.1:8080] [-dist dist] [-site .] [-widgets widgets.json]
//	          [-allow-origin http://127.0.0.1:9000]... [-data ./data | -store URL] [-agents agents.json]
//	          [-auth-keys keys.json] [-auth-keys-private] [-retain 90d] [-read-timeout 30s] [-write-timeout 30s]
//	          [-file-timeout 2m] [-idle-timeout 60s]
//	lcwserver hash-password < password.txt
//	lcwserver backup [-data ./data] FILE
//
// It serves the built-in demo widgets "lcw-demo" and "lcw-demo-off" and
// those of the -widgets file, which adds widgets or replaces built-in ones
// by id. Each -allow-origin (repeatable) lets pages on that origin chat
// with every widget, those made in /admin included, on top of each
// widget's allowedOrigins (never written into them). Conversations and agent sessions are kept in
// <data>/lcwasm.db (SQLite), so a restart loses nothing; -store
// postgres://… keeps them in PostgreSQL instead, which several instances
// may share (see docs/server.md). -agents names a
// JSON array [{"user", "name", "passwordHash", "role"}] (role "admin" opens
// the site console at /admin); without it there is one agent, "demo" with
// password "demo", an admin. Widgets live in the store: the built-in ones
// and the -widgets file seed it at each start, never replacing what /admin
// published. -auth-keys makes the listed widgets
// require a JWT from setAuthTokenProvider (see chat.ParseAuthKeys);
// -auth-keys-private lets keys URLs reach private and loopback addresses.
// -retain deletes conversations ended (or abandoned) longer ago than that,
// with their messages, checking every hour (0: keep everything). A store
// that fails its integrity check is refused at start. The timeouts bound
// one request: its body, its answer (files: -file-timeout) and a
// keep-alive connection's wait for the next (see server.Timeouts).
// hash-password reads a password from the first line of standard input and
// prints its bcrypt hash for that file; backup copies the SQLite store
// of -data into FILE while the server runs (VACUUM INTO). It stops gracefully on SIGINT or
// SIGTERM: /readyz answers 503 for -drain-delay (0), then it stops
// accepting, chat connections are closed with 1012 (service restart, so
// widgets and consoles reconnect) and the drain is bounded by
// -shutdown-timeout (10s). -metrics-addr, -log text|json and
// -trust-proxy are the operations flags (docs/deployment.md).
// -abandon-after (default 2m) is how long a queued chat whose visitor has
// no connection waits before it is abandoned; -starts-per-minute (30, -1
// for none) caps the chats one address starts a minute, and
// -messages-per-chat (500) the messages of one conversation, and
// -sockets-per-address (50, -1 for none) the WebSockets one address holds
// open (HTTP 429 beyond); -beacons-per-minute (60, -1 for none) the funnel
// beacons one address sends a minute (429 beyond); -offline-per-hour (5,
// -1 for none) the offline messages one address leaves on one widget an
// hour (429 beyond).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "hash-password":
		err = hashPassword(os.Stdin, os.Stdout)
	case len(os.Args) > 1 && os.Args[1] == "backup":
		err = backup(ctx, os.Args[2:], os.Stdout, os.Stderr)
	default:
		err = run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lcwserver:", err)
		os.Exit(1)
	}
}

// config is the parsed command line.
type config struct {
	addr, dist, site, widgets, data, agents, authKeys string
	storeURL                                          string
	allowOrigins                                      []string
	retain                                            days
	timeouts                                          server.Timeouts
	abandonAfter                                      time.Duration
	startsPerMinute, messagesPerChat, socketsPerAddr  int
	ops                                               opsConfig
	beaconsPerMinute                                  int
	offlinePerHour                                    int
	maxChatsPerAgent                                  int
	authKeysPrivate                                   bool
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fl := flag.NewFlagSet("lcwserver", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen address")
	fl.StringVar(&c.dist, "dist", "dist", "build output directory, served under /lcw/")
	fl.StringVar(&c.site, "site", ".", "site directory holding index.html")
	fl.StringVar(&c.widgets, "widgets", "", "JSON file {appId: config}: widgets added to the built-in demo widgets (an id of theirs replaces that one)")
	fl.Func("allow-origin", "a page origin (http://127.0.0.1:9000) allowed to chat with every widget, those made in /admin included; repeatable", func(o string) error {
		c.allowOrigins = append(c.allowOrigins, o)
		return server.CheckOrigin(o) // refused before anything starts
	})
	fl.StringVar(&c.data, "data", "data", "data directory holding the chat store lcwasm.db (the default -store)")
	fl.StringVar(&c.storeURL, "store", "", "the store: sqlite:DIR (default sqlite:<-data>) or postgres://user:pass@host/db (several instances may share it)")
	fl.StringVar(&c.agents, "agents", "", `JSON file [{"user","name","passwordHash","role"}] (role "admin": the site console /admin); default: admin demo/demo`)
	fl.DurationVar(&c.abandonAfter, "abandon-after", chat.DefaultAbandonAfter,
		"how long a queued chat waits for its visitor to come back before it is abandoned")
	fl.IntVar(&c.startsPerMinute, "starts-per-minute", chat.DefaultStartsPerMinute,
		"chats one client address may start a minute (close 4429 beyond); -1: no limit (behind a proxy, give -trust-proxy)")
	fl.IntVar(&c.messagesPerChat, "messages-per-chat", chat.DefaultMessagesPerChat, "messages one conversation may hold")
	fl.IntVar(&c.maxChatsPerAgent, "max-chats-per-agent", chat.DefaultMaxChatsPerAgent, "active chats one agent may hold at once; -1: no limit")
	fl.IntVar(&c.socketsPerAddr, "sockets-per-address", chat.DefaultSocketsPerAddress,
		"WebSockets (chat and console) one client address may hold open (HTTP 429 beyond); -1: no limit (behind a proxy, give -trust-proxy)")
	fl.IntVar(&c.beaconsPerMinute, "beacons-per-minute", server.BeaconsPerMinute,
		"funnel beacons one client address may send a minute (HTTP 429 beyond); -1: no limit (behind a proxy, give -trust-proxy)")
	fl.IntVar(&c.offlinePerHour, "offline-per-hour", server.OfflinePerHour,
		"offline messages one client address may leave on one widget an hour, across the instances on a PostgreSQL store (HTTP 429 beyond); -1: no limit (behind a proxy, give -trust-proxy)")
	fl.StringVar(&c.authKeys, "auth-keys", "", `JSON file {appId: {"alg":"HS256","secret":"<base64>"} or {"alg":"RS256"|"ES256","publicKey":"<PEM>"}}: visitors of those widgets must send a JWT; {"alg":"RS256"|"ES256","keysUrl":"https://…"} verifies with the keys of a JWKS or PEM URL`)
	fl.BoolVar(&c.authKeysPrivate, "auth-keys-private", false, "let keys URLs (authKey.keysUrl) reach loopback, private and link-local addresses (refused by default: the URL is typed in /admin)")
	c.retain = days(defaultRetain)
	fl.Var(&c.retain, "retain", "delete conversations ended longer ago than this, with their messages (e.g. 90d, 36h; 0: keep all)")
	d := server.DefaultTimeouts
	fl.DurationVar(&c.timeouts.Read, "read-timeout", d.Read, "longest time to read a request's body")
	fl.DurationVar(&c.timeouts.Write, "write-timeout", d.Write, "longest time to write an answer other than a file")
	fl.DurationVar(&c.timeouts.File, "file-timeout", d.File, "longest time to write a file (site, bundle, console files)")
	fl.DurationVar(&c.timeouts.Idle, "idle-timeout", d.Idle, "longest wait of a keep-alive connection for its next request")
	c.ops.flags(fl)
	return c, fl.Parse(args)
}

// defaultRetain is -retain's default; retainEvery the time between purges.
const (
	defaultRetain = 90 * 24 * time.Hour
	retainEvery   = time.Hour
)

// days is a duration flag that also takes whole days, "90d".
type days time.Duration

func (d *days) String() string {
	if *d > 0 && time.Duration(*d)%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", time.Duration(*d)/(24*time.Hour))
	}
	return time.Duration(*d).String()
}

func (d *days) Set(s string) error {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		v, err := strconv.Atoi(n)
		if err != nil || v < 0 {
			return fmt.Errorf("want whole days such as 90d, or a duration such as 36h")
		}
		*d = days(time.Duration(v) * 24 * time.Hour)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("want whole days such as 90d, or a duration such as 36h")
	}
	*d = days(v)
	return nil
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger, err := c.ops.newLogger(stderr)
	if err != nil {
		return err
	}
	o, err := loadOptions(c, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	st, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	o.Store = st
	o.Timeouts = c.timeouts
	o.MetricsElsewhere, o.TrustProxy = c.ops.metricsAddr != "", c.ops.trustProxy
	h, err := server.New(o)
	if err != nil {
		return err
	}
	stopMetrics, err := c.ops.serveMetrics(h.Metrics().Handler(), logger)
	if err != nil {
		h.Shutdown(context.Background())
		return err
	}
	defer stopMetrics()
	if c.retain > 0 {
		retainCtx, stopRetain := context.WithCancel(ctx)
		retained := make(chan struct{})
		defer func() { stopRetain(); <-retained }()
		go func() {
			defer close(retained)
			st.RunRetention(retainCtx, store.Retention{Keep: time.Duration(c.retain), Every: retainEvery, Now: time.Now,
				Report: func(n int, err error) {
					if err != nil {
						logger.Error("store: retention", "err", err)
					} else if n > 0 {
						logger.Info("store: retention deleted old conversations", "count", n, "older_than", c.retain.String())
					}
				}})
		}()
	}
	url := siteURL(ln.Addr())
	fmt.Fprintf(stdout, "lcwasm demo: %s\n", url)
	if o.Agents == nil {
		fmt.Fprintf(stdout, "agent console: %sagent (user demo, password demo)\n", url)
	} else {
		fmt.Fprintf(stdout, "agent console: %sagent\n", url)
	}
	fmt.Fprintf(stdout, "site console: %sadmin (accounts with the admin role)\n", url)
	if len(c.allowOrigins) > 0 {
		fmt.Fprintf(stdout, "pages on %s may chat with every widget\n", strings.Join(c.allowOrigins, ", "))
	}
	return serve(ctx, ln, h, server.HTTPServer(h, c.timeouts, slog.NewLogLogger(logger.Handler(), slog.LevelWarn)), logger, c.ops)
}

// loadOptions reads the widget and agent files; nothing is created yet.
func loadOptions(c config, logger *slog.Logger) (server.Options, error) {
	o := server.Options{Site: os.DirFS(c.site), Dist: os.DirFS(c.dist), Widgets: server.DemoWidgets(), Logger: logger,
		Chat: chat.Options{AbandonAfter: c.abandonAfter, StartsPerMinute: c.startsPerMinute, MessagesPerChat: c.messagesPerChat,
			SocketsPerAddress: c.socketsPerAddr, MaxChatsPerAgent: c.maxChatsPerAgent}, BeaconsPerMinute: c.beaconsPerMinute,
		OfflinePerHour: c.offlinePerHour}
	if c.widgets != "" {
		data, err := os.ReadFile(c.widgets)
		if err != nil {
			return o, err
		}
		own, err := server.ParseWidgets(data)
		if err != nil {
			return o, err
		}
		o.Widgets = server.MergeWidgets(o.Widgets, own)
	}
	o.AllowOrigins = c.allowOrigins
	o.AuthKeysFetch.AllowPrivate = c.authKeysPrivate
	if c.agents != "" {
		data, err := os.ReadFile(c.agents)
		if err != nil {
			return o, err
		}
		if o.Agents, err = agent.ParseAccounts(data); err != nil {
			return o, err
		}
	}
	if c.authKeys != "" {
		data, err := os.ReadFile(c.authKeys)
		if err != nil {
			return o, err
		}
		if o.AuthKeys, err = chat.ParseAuthKeys(data); err != nil {
			return o, err
		}
	}
	if _, err := fs.Stat(o.Dist, "lcw.js"); err != nil {
		logger.Warn("no lcw.js in the dist directory; run `make build` first", "dist", c.dist)
	}
	return o, nil
}

// openStore opens -store, or the SQLite store in -data.
func openStore(ctx context.Context, c config) (*store.Store, error) {
	u := c.storeURL
	if u == "" {
		u = "sqlite:" + c.data
	}
	return store.OpenURL(ctx, u)
}

// hashPassword prints the bcrypt hash of the first line of in.
func hashPassword(in io.Reader, out io.Writer) error {
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	h, err := agent.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, h)
	return err
}

// siteURL is the URL to open for a listener address; unspecified hosts
// (":8080", "0.0.0.0") are reached on the loopback address.
func siteURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

func serve(ctx context.Context, ln net.Listener, h *server.Server, srv *http.Server, logger *slog.Logger, ops opsConfig) error {
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	h.Drain() // /readyz: 503
	if ops.drainDelay > 0 {
		logger.Info("draining: /readyz answers 503", "for", ops.drainDelay)
		select {
		case err := <-done:
			return err
		case <-time.After(ops.drainDelay):
		}
	}
	logger.Info("shutting down", "timeout", ops.shutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), ops.shutdownTimeout)
	defer cancel()
	// The listener first (no new connections), then the chat's
	// WebSockets, which http.Server does not track, together with the
	// requests in flight.
	chatDone := make(chan error, 1)
	go func() { chatDone <- h.Shutdown(shutdownCtx) }()
	err := srv.Shutdown(shutdownCtx)
	if cerr := <-chatDone; cerr != nil {
		logger.Warn("chat connections dropped at the drain timeout", "err", cerr)
	}
	if err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
