//go:build !js

package chat_test

// Runs in plain go test ./chat on the host; not for js/wasm, where the
// server it imports (SQLite through modernc.org/libc) does not build.
// The client against the real server (package server, in-memory store)
// over real WebSockets: the protocol as built, not as the fake models it.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/server"
)

// wsSocket is chat.Socket over coder/websocket. Its reader goroutine
// queues events; pump delivers them on the test goroutine, as the
// browser's event loop would.
type wsSocket struct {
	t      *testing.T
	origin string
	conn   *websocket.Conn
	gen    int
	events chan wsEvent
}

type wsEvent struct {
	gen int
	fn  func(c *chat.Client)
}

func (s *wsSocket) Open(url string) {
	s.gen++
	gen := s.gen
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{
			Subprotocols: []string{"lcwasm.v1"}, HTTPHeader: http.Header{"Origin": {s.origin}}})
		if err != nil {
			s.events <- wsEvent{gen, func(c *chat.Client) { c.Closed(1006, err.Error()) }}
			return
		}
		s.events <- wsEvent{gen, func(c *chat.Client) { s.conn = conn; c.Opened() }}
		for {
			_, b, err := conn.Read(context.Background())
			if err != nil {
				code := int(websocket.CloseStatus(err))
				if code < 0 {
					code = 1006
				}
				s.events <- wsEvent{gen, func(c *chat.Client) { c.Closed(code, "") }}
				return
			}
			var tree any
			if json.Unmarshal(b, &tree) == nil {
				s.events <- wsEvent{gen, func(c *chat.Client) { c.Received(tree) }}
			}
		}
	}()
}

func (s *wsSocket) Send(f map[string]any) error {
	if s.conn == nil {
		return errors.New("not open")
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return s.conn.Write(context.Background(), websocket.MessageText, b)
}

func (s *wsSocket) Close() {
	s.gen++ // what the old connection still reports is not ours
	if s.conn != nil {
		s.conn.Close(websocket.StatusNormalClosure, "")
		s.conn = nil
	}
}

// kill drops the connection without a closing handshake.
func (s *wsSocket) kill() { s.conn.CloseNow() }

type liveTab struct {
	*tab
	ws *wsSocket
}

func newLiveTab(t *testing.T, url, origin string, store fakeStore, prefix string) *liveTab {
	ws := &wsSocket{t: t, origin: origin, events: make(chan wsEvent, 64)}
	tb := newTab(t, nil, store, prefix)
	tb.c = chat.New(chat.Config{URL: url, Key: key}, chat.Deps{
		Socket: ws, Clock: tb.clock, Timer: tb.timer, Store: store, Events: tb.events,
		Log: tb.log, Random: &fakeRandom{prefix: prefix + "-" + t.Name() + "-", frac: 0.5}, View: tb.view,
	})
	return &liveTab{tab: tb, ws: ws}
}

// until delivers events until cond holds; when nothing happens the fake
// clock jumps to the client's wake-up.
func (lt *liveTab) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second) // generous: the failover test's, on a loaded machine
	for !cond() {
		select {
		case ev := <-lt.ws.events:
			if ev.gen == lt.ws.gen {
				ev.fn(lt.c)
			}
		case <-time.After(50 * time.Millisecond):
			if !lt.timer.at.IsZero() {
				lt.clock.now = lt.timer.at
				lt.c.Tick()
			}
		case <-deadline:
			t.Fatalf("waiting for %s; view: %q; log: %q", what, lt.view.log, lt.log.lines)
		}
	}
}

func (lt *liveTab) sent(n int) func() bool {
	return func() bool {
		k := 0
		for _, m := range lt.c.Messages() {
			if m.From == "visitor" && m.State == chat.Sent {
				k++
			}
		}
		return k == n
	}
}

func TestAgainstTheServer(t *testing.T) {
	h, err := server.New(server.Options{
		Site: fstest.MapFS{"index.html": {Data: []byte("x")}}, Dist: fstest.MapFS{"manifest.json": {Data: []byte("{}")}},
		Widgets: map[string]json.RawMessage{"demo": json.RawMessage(`{"appId":"demo"}`)},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/api/v1/widgets/demo/chat"
	store := fakeStore{}

	a := newLiveTab(t, url, srv.URL, store, "a")
	require.NoError(t, a.c.Start(chat.Start{Source: "launcher", PageURL: srv.URL + "/",
		Provider: func() (any, error) {
			return map[string]any{"plan": map[string]any{"value": "gold", "isDisplayable": true}}, nil
		}}))
	a.until(t, "queued", func() bool { return a.c.Phase() == chat.Queued && a.c.Link() == chat.Online })

	_, err = a.c.Send("one")
	require.NoError(t, err)
	a.until(t, "one acknowledged", a.sent(1))

	_, err = a.c.Send("two")
	require.NoError(t, err)
	a.ws.kill() // "two" may or may not have reached the server
	a.until(t, "offline", func() bool { return a.c.Link() != chat.Online })
	_, err = a.c.Send("three, typed offline")
	require.NoError(t, err)
	a.until(t, "all acknowledged after the reconnect", a.sent(3))

	b := newLiveTab(t, url, srv.URL, store, "b") // a second tab, or a reload
	require.True(t, b.c.Restore())
	b.until(t, "retrieved", func() bool { return len(b.events.named("lcw:chatRetrieved")) == 1 })
	assert.Equal(t, []string{"visitor:one:sent", "visitor:two:sent", "visitor:three, typed offline:sent"}, b.texts(),
		"the server stored each message once")

	_, err = a.c.Send("four")
	require.NoError(t, err)
	b.until(t, "tab a's message in tab b", b.sent(4))

	a.c.Close() // "four" may still be waiting for its ack: it is delivered before the end
	a.until(t, "four acknowledged after the close", a.sent(4))
	b.until(t, "the end in tab b", func() bool { return b.c.Phase() == chat.Ended })
	assert.Len(t, a.events.named("lcw:closeChat"), 1)
	assert.Empty(t, b.events.named("lcw:closeChat"), "only the tab that closed the chat hears lcw:closeChat")
	want := []string{"visitor:one:sent", "visitor:two:sent", "visitor:three, typed offline:sent", "visitor:four:sent"}
	assert.Equal(t, want, a.texts())
	assert.Equal(t, want, b.texts())
}
