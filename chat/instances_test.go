//go:build !js

package chat_test

// Two server instances on one PostgreSQL database are one service: the
// visitor's widget client on instance A, the agent's console on
// instance B. Runs on the host only, as integration_test.go.

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
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
	"github.com/lcwasm/lcwasm/server/store"
)

// TestMain runs the tests, or, in a child process of the failover test
// (failover_test.go), one server instance.
func TestMain(m *testing.M) {
	if u := os.Getenv(childStoreEnv); u != "" {
		os.Exit(childServer(u))
	}
	pgtest.Main(m)
}

// instance is one lcwserver (server.New on httptest) on the store at u.
func instance(t *testing.T, u string, opts ...func(*server.Options)) *httptest.Server {
	t.Helper()
	st, err := store.OpenURL(context.Background(), u)
	require.NoError(t, err)
	o := server.Options{
		Site: fstest.MapFS{"index.html": {Data: []byte("x")}}, Dist: fstest.MapFS{"manifest.json": {Data: []byte("{}")}},
		Widgets: map[string]json.RawMessage{"demo": json.RawMessage(`{"appId":"demo"}`)},
		Store:   st,
	}
	for _, opt := range opts {
		opt(&o)
	}
	h, err := server.New(o)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		h.Shutdown(context.Background())
		st.Close()
	})
	return srv
}

// console is an agent's console channel, read on a goroutine.
type console struct {
	t      *testing.T
	ws     *websocket.Conn
	frames chan map[string]any
}

// signIn signs demo/demo in on srv and returns the session's cookie jar
// and CSRF token.
func signIn(t *testing.T, base string) (http.CookieJar, string) {
	t.Helper()
	return signInAs(t, base, "demo", "demo")
}

// signInAs is signIn as user with password.
func signInAs(t *testing.T, base, user, password string) (http.CookieJar, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/agent/login", url.Values{"user": {user}, "password": {password}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, err = c.Get(base + "/agent/session")
	require.NoError(t, err)
	defer resp.Body.Close()
	var sess struct{ CSRF string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&sess))
	require.NotEmpty(t, sess.CSRF)
	return jar, sess.CSRF
}

// openConsole opens the console channel on srv with a session made on
// signedOn (sessions live in the store, so any instance knows them).
func openConsole(t *testing.T, srv, signedOn *httptest.Server) *console {
	t.Helper()
	return openConsoleAs(t, srv, signedOn, "demo", "demo")
}

// openConsoleAs is openConsole signed in as user with password.
func openConsoleAs(t *testing.T, srv, signedOn *httptest.Server, user, password string) *console {
	t.Helper()
	jar, csrf := signInAs(t, signedOn.URL, user, password)
	u, _ := url.Parse(signedOn.URL)
	var cookie []string
	for _, ck := range jar.Cookies(u) {
		cookie = append(cookie, ck.Name+"="+ck.Value)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/agent/ws", &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": {srv.URL}, "Cookie": {strings.Join(cookie, "; ")}}})
	require.NoError(t, err)
	t.Cleanup(func() { ws.CloseNow() })
	c := &console{t: t, ws: ws, frames: make(chan map[string]any, 256)}
	go func() {
		defer close(c.frames)
		for {
			_, b, err := ws.Read(context.Background())
			if err != nil {
				return
			}
			var f map[string]any
			if json.Unmarshal(b, &f) == nil {
				c.frames <- f
			}
		}
	}()
	c.send(map[string]any{"type": "auth", "csrf": csrf, "protocol": wire.AgentProtocol})
	c.expect("hello", func(map[string]any) bool { return true })
	// The queue as last broadcast follows hello once the hub has joined the
	// console; a chat started before then is in it, not in a queueDelta.
	c.expect("queue", func(map[string]any) bool { return true })
	return c
}

func (c *console) send(f map[string]any) {
	c.t.Helper()
	b, _ := json.Marshal(f)
	require.NoError(c.t, c.ws.Write(context.Background(), websocket.MessageText, b))
}

// expectEach reads frames until it has seen, for each type of want, one
// for which its function holds, in any order: frames from two instances
// (a notify and the queue's broadcast) race each other.
func (c *console) expectEach(want map[string]func(map[string]any) bool) {
	c.t.Helper()
	deadline := time.After(30 * time.Second) // generous: a loaded machine
	for len(want) > 0 {
		select {
		case f, open := <-c.frames:
			require.True(c.t, open, "the console's connection closed waiting for %v", want)
			typ, _ := f["type"].(string)
			if ok := want[typ]; ok != nil && ok(f) {
				delete(want, typ)
			}
		case <-deadline:
			c.t.Fatalf("frames still missing after 30 s: %v", want)
		}
	}
}

// expect reads frames until one of type typ for which ok holds.
func (c *console) expect(typ string, ok func(map[string]any) bool) map[string]any {
	c.t.Helper()
	deadline := time.After(30 * time.Second) // generous: a loaded machine
	for {
		select {
		case f, open := <-c.frames:
			require.True(c.t, open, "the console's connection closed waiting for %s", typ)
			if f["type"] == typ && ok(f) {
				return f
			}
		case <-deadline:
			c.t.Fatalf("no %s frame within 30 s", typ)
		}
	}
}

// inQueue reports whether a queue or queueDelta frame lists conv as
// waiting (added).
func inQueue(conv string) func(map[string]any) bool {
	return func(f map[string]any) bool {
		items, _ := f["items"].([]any)
		if added, ok := f["added"].([]any); ok {
			items = added
		}
		for _, it := range items {
			if it.(map[string]any)["conversation"] == conv {
				return true
			}
		}
		return false
	}
}

func TestVisitorOnOneInstanceAgentOnAnother(t *testing.T) {
	u := pgtest.DB(t)
	a, b := instance(t, u), instance(t, u)
	agentB := openConsole(t, b, a) // signed in on A, console on B
	agentA := openConsole(t, a, b) // a second console, on A

	visitor := newLiveTab(t, "ws"+strings.TrimPrefix(a.URL, "http")+"/api/v1/widgets/demo/chat", a.URL, fakeStore{}, "v")
	require.NoError(t, visitor.c.Start(chat.Start{Source: "launcher", PageURL: a.URL + "/"}))
	visitor.until(t, "queued on A", func() bool { return visitor.c.Phase() == chat.Queued && visitor.c.Link() == chat.Online })
	conv := visitor.c.Conversation()
	require.NotEmpty(t, conv)

	agentB.expectEach(map[string]func(map[string]any) bool{
		"notify":     func(f map[string]any) bool { return f["conversation"] == conv },
		"queueDelta": inQueue(conv),
	})
	agentA.expect("queueDelta", inQueue(conv))

	agentB.send(map[string]any{"type": "accept", "conversation": conv})
	agentB.expect("conversation", func(f map[string]any) bool { return f["conversation"] == conv })
	visitor.until(t, "the agent on B joined", func() bool { return visitor.c.Phase() == chat.Active })
	agentA.expect("queueDelta", func(f map[string]any) bool {
		removed, _ := f["removed"].([]any)
		return len(removed) == 1 && removed[0] == conv
	})
	agentA.send(map[string]any{"type": "accept", "conversation": conv})
	agentA.expect("error", func(f map[string]any) bool { return f["code"] == "taken" })

	_, err := visitor.c.Send("hello from A")
	require.NoError(t, err)
	visitor.until(t, "acknowledged", visitor.sent(1))
	got := agentB.expect("message", func(f map[string]any) bool { return f["conversation"] == conv })
	assert.Equal(t, "hello from A", got["text"])
	assert.Equal(t, "visitor", got["from"])

	agentB.send(map[string]any{"type": "typing", "conversation": conv})
	agentB.send(map[string]any{"type": "send", "conversation": conv, "cid": "b1", "text": "hi from B"})
	agentB.expect("ack", func(f map[string]any) bool { return f["cid"] == "b1" })
	visitor.until(t, "the agent's reply on A", func() bool {
		for _, m := range visitor.c.Messages() {
			if m.From == "agent" && m.Text == "hi from B" {
				return true
			}
		}
		return false
	})
	// Both consoles are the same agent's: the one on A sees the reply too.
	agentA.expect("message", func(f map[string]any) bool { return f["text"] == "hi from B" })

	agentB.send(map[string]any{"type": "end", "conversation": conv})
	visitor.until(t, "ended by the agent on B", func() bool { return visitor.c.Phase() == chat.Ended })
	var texts []string
	for _, m := range visitor.c.Messages() {
		if m.From != "system" {
			texts = append(texts, m.From+":"+m.Text)
		}
	}
	assert.Equal(t, []string{"visitor:hello from A", "agent:hi from B"}, texts)
}

// -starts-per-minute holds across the instances: the chats one address
// started on A count on B, through the store.
func TestStartsPerMinuteAreSharedByInstances(t *testing.T) {
	u := pgtest.DB(t)
	two := func(o *server.Options) { o.Chat.StartsPerMinute = 2 }
	a, b := instance(t, u, two), instance(t, u, two)
	start := func(base, visitor string) map[string]any {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/api/v1/widgets/demo/chat",
			&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}})
		require.NoError(t, err)
		defer ws.CloseNow()
		f, err := json.Marshal(map[string]any{"type": "start", "cid": "c-" + visitor, "visitor": map[string]any{"id": visitor}})
		require.NoError(t, err)
		require.NoError(t, ws.Write(ctx, websocket.MessageText, f))
		for {
			_, data, err := ws.Read(ctx)
			require.NoError(t, err, "waiting for the answer to %s's start", visitor)
			var got map[string]any
			require.NoError(t, json.Unmarshal(data, &got))
			if got["type"] == "started" || got["type"] == "error" {
				return got
			}
		}
	}
	assert.Equal(t, "started", start(a.URL, "v1")["type"])
	assert.Equal(t, "started", start(a.URL, "v2")["type"])
	got := start(b.URL, "v3")
	assert.Equal(t, "error", got["type"], "B knows of A's two starts: %v", got)
	assert.Equal(t, "rate_limited", got["code"])
}

// A widget published in the console of one instance is served by the
// others at once: the publish is an event (EventWidget), on which they
// read it again from the store.
func TestPublishReachesEveryInstance(t *testing.T) {
	u := pgtest.DB(t)
	a, b := instance(t, u), instance(t, u)
	config := func(srv *httptest.Server) string {
		resp, err := http.Get(srv.URL + "/api/v1/widgets/demo/config")
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return string(body)
	}
	require.NotContains(t, config(b), "Published on A")

	jar, csrf := signIn(t, a.URL)
	req, err := http.NewRequest(http.MethodPost, a.URL+"/admin/api/widgets/demo/publish", strings.NewReader(
		`{"config":{"appId":"demo","chat":{"enabled":true},"proactiveChat":{"enabled":true},"proactiveRules":{"rules":[{"id":"r","conditions":[],"invitation":{"message":"Published on A"}}]}},"note":"on A"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", csrf)
	req.Header.Set("Origin", a.URL)
	resp, err := (&http.Client{Jar: jar}).Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "publish: %s", body)

	assert.Contains(t, config(a), "Published on A")
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(config(b), "Published on A") {
		require.True(t, time.Now().Before(deadline), "B still serves the old configuration")
		time.Sleep(20 * time.Millisecond) // polling B's endpoint
	}
}
