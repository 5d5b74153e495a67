//go:build !js

package chat_test

// Failover: two server instances, each its own process, on one
// PostgreSQL database behind a round-robin reverse proxy; one is
// SIGKILLed mid-conversation, and the widget client and the agent's
// console reconnect through the proxy to the other and continue.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// childStoreEnv names the store of a child process that serves one
// instance (TestMain).
const childStoreEnv = "LCW_TEST_CHILD_STORE"

// childServer is one instance on the store at u: it prints its address
// and serves until killed.
func childServer(u string) int {
	st, err := store.OpenURL(context.Background(), u)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	h, err := server.New(server.Options{
		Site: fstest.MapFS{"index.html": {Data: []byte("x")}}, Dist: fstest.MapFS{"manifest.json": {Data: []byte("{}")}},
		Widgets: map[string]json.RawMessage{"demo": json.RawMessage(`{"appId":"demo"}`)},
		Store:   st,
		Chat:    srvchat.Options{StartsPerMinute: -1, SocketsPerAddress: -1},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	fmt.Printf("listening %s\n", ln.Addr())
	err = http.Serve(ln, h) // until SIGKILL
	fmt.Fprintln(os.Stderr, "child:", err)
	return 1
}

// child is a running instance process.
type child struct {
	cmd  *exec.Cmd
	addr string
}

func startChild(t *testing.T, u string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childStoreEnv+"="+u)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	c := &child{cmd: cmd}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, "the child's address")
	c.addr = strings.TrimSpace(strings.TrimPrefix(line, "listening "))
	return c
}

// kill SIGKILLs the instance and waits for it to be gone.
func (c *child) kill(t *testing.T) {
	require.NoError(t, c.cmd.Process.Signal(syscall.SIGKILL))
	c.cmd.Wait()
}

// proxy is a round-robin reverse proxy over the instances, WebSockets
// included; a backend that refuses the connection is skipped for the
// next. It records which backend each WebSocket went to.
type proxy struct {
	mu       sync.Mutex
	backends []string
	next     int
	sockets  map[string]string // request path → backend of its last upgrade
}

func (p *proxy) set(backends ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.backends = backends
}

func (p *proxy) socketOn(path string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sockets[path]
}

func (p *proxy) RoundTrip(r *http.Request) (*http.Response, error) {
	p.mu.Lock()
	backends := append([]string(nil), p.backends...)
	start := p.next
	p.next++
	p.mu.Unlock()
	var lastErr error
	for i := range backends {
		b := backends[(start+i)%len(backends)]
		out := r.Clone(r.Context())
		out.URL.Host = b
		resp, err := http.DefaultTransport.RoundTrip(out)
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			lastErr = err // nothing was sent: the next backend
			continue
		}
		if err == nil && resp.StatusCode == http.StatusSwitchingProtocols {
			p.mu.Lock()
			p.sockets[r.URL.Path] = b
			p.mu.Unlock()
		}
		return resp, err
	}
	return nil, lastErr
}

func (p *proxy) handler() http.Handler {
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL.Scheme = "http"
			r.Out.URL.Host = "backend" // RoundTrip picks it
			r.Out.Host = r.In.Host     // the instances see the proxy's host, as behind a real one
		},
		Transport: p,
	}
}

// rconsole is an agent's console that reconnects through the proxy, as
// the console page does, and resends its unacknowledged replies.
type rconsole struct {
	t              *testing.T
	base           string
	cookie, csrf   string
	ws             *websocket.Conn
	frames         chan map[string]any
	pending        map[string]map[string]any // cid → send frame, until acknowledged
	seen           map[string]bool           // visitor texts received
	reconnects     int
	conversationID string
}

func newRConsole(t *testing.T, base string) *rconsole {
	jar, csrf := signIn(t, base)
	u, _ := url.Parse(base)
	var cookie []string
	for _, ck := range jar.Cookies(u) {
		cookie = append(cookie, ck.Name+"="+ck.Value)
	}
	c := &rconsole{t: t, base: base, cookie: strings.Join(cookie, "; "), csrf: csrf,
		pending: map[string]map[string]any{}, seen: map[string]bool{}}
	c.connect()
	return c
}

// connect dials until it gets through (30 s), authenticates and resends
// what waits for an ack.
func (c *rconsole) connect() {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(c.base, "http")+"/agent/ws", &websocket.DialOptions{
			HTTPHeader: http.Header{"Origin": {c.base}, "Cookie": {c.cookie}}})
		cancel()
		if err == nil {
			c.ws = ws
			break
		}
		require.True(c.t, time.Now().Before(deadline), "the console could not reconnect: %v", err)
		time.Sleep(100 * time.Millisecond)
	}
	c.t.Cleanup(func() { c.ws.CloseNow() })
	frames := make(chan map[string]any, 256)
	c.frames = frames
	go func(ws *websocket.Conn) {
		defer close(frames)
		for {
			_, b, err := ws.Read(context.Background())
			if err != nil {
				return
			}
			var f map[string]any
			if json.Unmarshal(b, &f) == nil {
				frames <- f
			}
		}
	}(c.ws)
	c.write(map[string]any{"type": "auth", "csrf": c.csrf, "protocol": wire.AgentProtocol})
	for _, f := range c.pending {
		c.write(f)
	}
}

func (c *rconsole) write(f map[string]any) {
	b, _ := json.Marshal(f)
	c.ws.Write(context.Background(), websocket.MessageText, b) // a dead socket: the reader notices
}

// send sends a reply, kept until acknowledged.
func (c *rconsole) send(cid, text string) {
	f := map[string]any{"type": "send", "conversation": c.conversationID, "cid": cid, "text": text}
	c.pending[cid] = f
	c.write(f)
}

// until reads frames (reconnecting when the socket drops) until ok.
func (c *rconsole) until(what string, ok func() bool, each func(map[string]any)) {
	c.t.Helper()
	deadline := time.After(45 * time.Second)
	for !ok() {
		select {
		case f, open := <-c.frames:
			if !open {
				c.reconnects++
				c.connect()
				continue
			}
			switch f["type"] {
			case "ack":
				delete(c.pending, f["cid"].(string))
			case "message":
				if f["from"] == "visitor" {
					c.seen[f["text"].(string)] = true
				}
			case "conversation":
				for _, m := range f["messages"].([]any) {
					if m := m.(map[string]any); m["from"] == "visitor" {
						c.seen[m["text"].(string)] = true
					}
				}
			}
			if each != nil {
				each(f)
			}
		case <-deadline:
			c.t.Fatalf("console: waiting for %s; pending %v", what, c.pending)
		}
	}
}

func TestFailoverLosesNothing(t *testing.T) {
	u := pgtest.DB(t)
	a, b := startChild(t, u), startChild(t, u)
	p := &proxy{sockets: map[string]string{}}
	p.set(a.addr, b.addr)
	front := httptest.NewServer(p.handler())
	defer front.Close()
	children := map[string]*child{a.addr: a, b.addr: b}

	agent := newRConsole(t, front.URL)
	const visitorPath = "/api/v1/widgets/demo/chat"
	visitor := newLiveTab(t, "ws"+strings.TrimPrefix(front.URL, "http")+visitorPath, front.URL, fakeStore{}, "v")
	require.NoError(t, visitor.c.Start(chat.Start{Source: "launcher", PageURL: front.URL + "/"}))
	visitor.until(t, "queued", func() bool { return visitor.c.Phase() == chat.Queued && visitor.c.Link() == chat.Online })
	conv := visitor.c.Conversation()
	agent.conversationID = conv

	accepted := false
	agent.until("the chat in the queue", func() bool { return accepted }, func(f map[string]any) {
		if inQueue(conv)(f) {
			agent.write(map[string]any{"type": "accept", "conversation": conv})
		}
		if f["type"] == "conversation" && f["conversation"] == conv {
			accepted = true
		}
	})
	visitor.until(t, "active", func() bool { return visitor.c.Phase() == chat.Active })

	sent := 0 // visitor messages
	replies := 0
	say := func(text string) {
		_, err := visitor.c.Send(text)
		require.NoError(t, err)
		sent++
	}
	reply := func(text string) {
		replies++
		agent.send(fmt.Sprint("r", replies), text)
	}
	agentGot := func(texts ...string) func() bool {
		return func() bool {
			for _, s := range texts {
				if !agent.seen[s] {
					return false
				}
			}
			return true
		}
	}
	visitorGot := func(n int) func() bool {
		return func() bool {
			k := 0
			for _, m := range visitor.c.Messages() {
				if m.From == "agent" {
					k++
				}
			}
			return k == n
		}
	}

	say("v1")
	reply("a1")
	visitor.until(t, "v1 acknowledged", visitor.sent(1))
	agent.until("v1 and a1's ack", func() bool { return agentGot("v1")() && len(agent.pending) == 0 }, nil)
	visitor.until(t, "a1", visitorGot(1))

	for round := range 2 {
		// Kill the instance of the visitor's socket first, then the one
		// of the agent's (by then, maybe both).
		path := visitorPath
		if round == 1 {
			path = "/agent/ws"
		}
		victim := p.socketOn(path)
		require.NotEmpty(t, victim)
		t.Logf("round %d: SIGKILL %s (the visitor on %s, the agent on %s)", round, victim, p.socketOn(visitorPath), p.socketOn("/agent/ws"))
		children[victim].kill(t)
		delete(children, victim)
		n := startChild(t, u) // its replacement joins the proxy
		children[n.addr] = n
		var live []string
		for addr := range children {
			live = append(live, addr)
		}
		p.set(live...)

		say(fmt.Sprint("v", 2+2*round))
		say(fmt.Sprint("v", 3+2*round))
		reply(fmt.Sprint("a", 2+round))
		visitor.until(t, "the visitor's messages acknowledged after the failover", visitor.sent(sent))
		agent.until("the agent's reply acknowledged, the visitor's received",
			func() bool {
				return len(agent.pending) == 0 && agentGot(fmt.Sprint("v", 2+2*round), fmt.Sprint("v", 3+2*round))()
			}, nil)
		visitor.until(t, "the agent's replies", visitorGot(replies))
	}
	assert.Positive(t, agent.reconnects, "the console reconnected")

	st, err := store.OpenURL(context.Background(), u)
	require.NoError(t, err)
	defer st.Close()
	msgs, err := st.Messages(context.Background(), conv, 0)
	require.NoError(t, err)
	var texts []string
	for _, m := range msgs {
		texts = append(texts, m.Text)
	}
	var want []string
	for i := 1; i <= sent; i++ {
		want = append(want, fmt.Sprint("v", i))
	}
	for i := 1; i <= replies; i++ {
		want = append(want, fmt.Sprint("a", i))
	}
	assert.ElementsMatch(t, want, texts, "every acknowledged message stored exactly once")
	var seen []string
	for _, m := range visitor.c.Messages() {
		seen = append(seen, m.From+":"+m.Text)
	}
	t.Logf("visitor's transcript: %v", seen)
}
