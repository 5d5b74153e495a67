package chat_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// env is a hub on an httptest server with a store file; agents are
// signed in by a cookie "agent=<user>" whose CSRF token is "csrf-<user>".
type env struct {
	t       *testing.T
	srv     *httptest.Server
	store   *store.Store
	hub     *chat.Hub
	path    string
	widgets map[string]chat.Widget
	ping    time.Duration
	// authTimeout is the hub's AuthTimeout (0: its default).
	authTimeout time.Duration
	revoked     sync.Map // agent users signed out: their sessions are gone
	// opts changes the hub's options before each (re)start.
	opts    func(*chat.Options)
	running chan error // Run's result
}

func newEnv(t *testing.T, path string, widgets map[string]chat.Widget) *env {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "chat.db")
	}
	if widgets == nil {
		widgets = map[string]chat.Widget{"w1": {AllowedOrigins: []string{"https://shop.example"}}}
	}
	e := &env{t: t, path: path, widgets: widgets}
	e.restart()
	t.Cleanup(e.stop)
	return e
}

// restart (re)starts the hub and its server on the env's store file.
func (e *env) restart() {
	e.stop()
	st, err := store.Open(e.path)
	require.NoError(e.t, err)
	e.store = st
	widgets := e.widgets
	o := chat.Options{
		PingInterval: e.ping,
		AuthTimeout:  e.authTimeout,
		Store:        st,
		Widget:       func(id string) (chat.Widget, bool) { w, ok := widgets[id]; return w, ok },
		AgentName:    func(u string) string { return strings.ToUpper(u[:1]) + u[1:] },
		Session: func(r *http.Request) (string, string, bool) {
			ck, err := r.Cookie("agent")
			if err != nil {
				return "", "", false
			}
			if _, out := e.revoked.Load(ck.Value); out {
				return "", "", false
			}
			return ck.Value, "csrf-" + ck.Value, true
		},
	}
	o.StartsPerMinute = -1   // tests start many chats from 127.0.0.1
	o.SocketsPerAddress = -1 // and open many sockets from it
	if e.opts != nil {
		e.opts(&o)
	}
	hub := chat.New(o)
	e.hub = hub
	e.running = make(chan error, 1)
	go func() { e.running <- hub.Run(context.Background()) }()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/widgets/{appId}/chat", hub.ServeVisitor)
	mux.HandleFunc("GET /api/v1/widgets/{appId}/availability", hub.ServeAvailability)
	mux.HandleFunc("GET /agent/ws", hub.ServeAgent)
	e.srv = httptest.NewServer(mux)
}

// stop shuts the server and closes the store (a restart when a new env
// opens the same path).
func (e *env) stop() {
	if e.srv != nil {
		defer func() { e.srv = nil }()
		// Clients that do not read never finish their close handshake:
		// past the bound they are dropped (TestShutdownIsBounded).
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if err := e.hub.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
			require.NoError(e.t, err)
		}
		cancel()
		require.NoError(e.t, <-e.running)
		e.srv.CloseClientConnections()
		e.srv.Close()
		e.store.Close()
		e.srv = nil
	}
}

type client struct {
	t  *testing.T
	ws *websocket.Conn
	// queue is an agent's queue as its frames so far tell it: the last
	// whole queue with the deltas since applied; queueFrames counts them.
	queue       []frame
	queueFrames int
}

// applyQueue keeps c.queue up to date with a queue or queueDelta frame.
func (c *client) applyQueue(f frame) {
	item := func(v any) frame { return frame(v.(map[string]any)) }
	switch {
	case f["type"] == "queue" && f["items"] != nil:
		c.queue = nil
		for _, it := range f["items"].([]any) {
			c.queue = append(c.queue, item(it))
		}
	case f["type"] == "queueDelta":
		gone := map[any]bool{}
		for _, id := range f["removed"].([]any) {
			gone[id] = true
		}
		updated := map[any]frame{}
		for _, it := range f["updated"].([]any) {
			updated[item(it)["conversation"]] = item(it)
		}
		var next []frame
		for _, it := range c.queue {
			if gone[it["conversation"]] {
				continue
			}
			if u, ok := updated[it["conversation"]]; ok {
				it = u
			}
			next = append(next, it)
		}
		for _, it := range f["added"].([]any) {
			next = append(next, item(it))
		}
		c.queue = next
	default:
		return
	}
	c.queueFrames++
}

// waitQueue reads frames (queue frames, notifications, typing and
// presence only) until the agent's queue satisfies ok.
func (c *client) waitQueue(ok func(items []frame) bool) {
	c.t.Helper()
	for !ok(c.queue) {
		f, err := c.next(20 * time.Second) // thousands of items, under -race
		require.NoError(c.t, err, "waiting for the queue")
		require.Contains(c.t, []string{"queue", "queueDelta", "notify", "typing", "presence", "agents", "canned", wire.OfflineWaiting}, f["type"], "waiting for the queue, got %v", f)
	}
}

func (e *env) dial(path string, opts *websocket.DialOptions) (*client, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+path, opts)
	if err != nil {
		return nil, resp, err
	}
	ws.SetReadLimit(64 << 20) // an agent's whole queue can be large
	c := &client{t: e.t, ws: ws}
	e.t.Cleanup(func() { ws.CloseNow() })
	return c, resp, nil
}

// visitor opens the visitor channel of widget w1.
func (e *env) visitor() *client {
	e.t.Helper()
	c, _, err := e.dial("/api/v1/widgets/w1/chat", &websocket.DialOptions{Subprotocols: []string{chat.Subprotocol}})
	require.NoError(e.t, err)
	return c
}

// agent opens the console channel of a signed-in agent and authenticates.
func (e *env) agent(user string) *client {
	e.t.Helper()
	c, _, err := e.dial("/agent/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {"agent=" + user}}})
	require.NoError(e.t, err)
	c.send(map[string]any{"type": "auth", "csrf": "csrf-" + user, "protocol": wire.AgentProtocol})
	c.expect("hello")
	c.expect("queue")
	return c
}

type frame map[string]any

func (c *client) send(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	require.NoError(c.t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(c.t, c.ws.Write(ctx, websocket.MessageText, b))
}

// next reads one frame within the timeout; nil when none came.
func (c *client) next(timeout time.Duration) (frame, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, b, err := c.ws.Read(ctx)
	if err != nil {
		return nil, err
	}
	var f frame
	require.NoError(c.t, json.Unmarshal(b, &f))
	c.applyQueue(f)
	return f, nil
}

// expect reads frames until one of type typ, skipping queue updates and
// notifications only.
func (c *client) expect(typ string, skip ...string) frame {
	c.t.Helper()
	for {
		f, err := c.next(5 * time.Second)
		require.NoError(c.t, err, "waiting for %q", typ)
		if f["type"] == typ {
			return f
		}
		require.Contains(c.t, append([]string{"queue", "queueDelta", "notify", "typing", "presence", "agents", "canned", wire.OfflineWaiting}, skip...), f["type"],
			"waiting for %q, got %v", typ, f)
	}
}

// closed waits for the server to close the connection and returns the code.
func (c *client) closed() websocket.StatusCode {
	c.t.Helper()
	for {
		_, err := c.next(5 * time.Second)
		if err != nil {
			return websocket.CloseStatus(err)
		}
	}
}

// quiet asserts that no frame but queue updates arrives for a while.
func (c *client) quiet(d time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		f, err := c.next(time.Until(deadline))
		if err != nil {
			return
		}
		require.Contains(c.t, []string{"queue", "queueDelta", "notify", "agents", "canned", wire.OfflineWaiting}, f["type"], "unexpected frame %v", f)
	}
}

// start starts a conversation and returns its id and token.
func (c *client) start(visitorID string, ctx any) (conv, token string) {
	c.t.Helper()
	c.send(frame{"type": "start", "cid": "start-" + visitorID, "visitor": frame{"id": visitorID}, "context": ctx})
	f := c.expect("started")
	return f["conversation"].(string), f["token"].(string)
}

func dialOpts() *websocket.DialOptions {
	return &websocket.DialOptions{Subprotocols: []string{chat.Subprotocol}}
}
