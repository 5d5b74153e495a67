package chatws_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/chat/chatws"
	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server"
)

// tap counts what crosses the connection.
type tap struct {
	mu             sync.Mutex
	opened, closed int
	sent, received []string // frame types
}

func (t *tap) Opened() { t.mu.Lock(); t.opened++; t.mu.Unlock() }
func (t *tap) Sent(f map[string]any) {
	t.mu.Lock()
	t.sent = append(t.sent, f["type"].(string))
	t.mu.Unlock()
}
func (t *tap) Received(tree any) {
	t.mu.Lock()
	t.received = append(t.received, tree.(map[string]any)["type"].(string))
	t.mu.Unlock()
}
func (t *tap) Closed(int, string, bool) { t.mu.Lock(); t.closed++; t.mu.Unlock() }

// until polls cond on the loop until it holds.
func until(t *testing.T, r *chatws.Runner, what string, cond func(c *chat.Client) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		var ok bool
		require.True(t, r.Do(func(c *chat.Client) { ok = cond(c) }), "the runner stopped")
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s", what)
		}
		<-tick.C
	}
}

func sent(n int) func(c *chat.Client) bool {
	return func(c *chat.Client) bool {
		k := 0
		for _, m := range c.Messages() {
			if m.From == wire.FromVisitor && m.State == chat.Sent {
				k++
			}
		}
		return k == n
	}
}

// TestAgainstTheServer runs a real chat.Client against the real server
// over real WebSockets: start, a message, a dropped connection with a
// message typed meanwhile, the resume, the end.
func TestAgainstTheServer(t *testing.T) {
	h, err := server.New(server.Options{
		Site: fstest.MapFS{"index.html": {Data: []byte("x")}}, Dist: fstest.MapFS{"manifest.json": {Data: []byte("{}")}},
		Widgets: map[string]json.RawMessage{"demo": json.RawMessage(`{"appId":"demo"}`)},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	tp := &tap{}
	r := chatws.New(chatws.Options{URL: "ws" + strings.TrimPrefix(srv.URL, "http") + "/api/v1/widgets/demo/chat",
		Origin: srv.URL, Tap: tp})
	defer r.Stop()

	r.Do(func(c *chat.Client) {
		require.NoError(t, c.Start(chat.Start{Source: "startChat", PageURL: srv.URL + "/"}))
	})
	until(t, r, "queued and online", func(c *chat.Client) bool { return c.Phase() == chat.Queued && c.Link() == chat.Online })
	r.Do(func(c *chat.Client) { _, err = c.Send("one") })
	require.NoError(t, err)
	until(t, r, "one acknowledged", sent(1))

	r.Kill()
	until(t, r, "the drop noticed", func(c *chat.Client) bool { return c.Link() != chat.Online })
	r.Do(func(c *chat.Client) { _, err = c.Send("two, typed offline") })
	require.NoError(t, err)
	until(t, r, "two acknowledged after the resume", sent(2)) // the first retry waits 0.5 to 1 s

	r.Do(func(c *chat.Client) { c.Close() })
	until(t, r, "ended", func(c *chat.Client) bool { return c.Phase() == chat.Ended })
	var texts []string
	r.Do(func(c *chat.Client) {
		for _, m := range c.Messages() {
			texts = append(texts, m.Text+":"+m.State.String())
		}
	})
	assert.Equal(t, []string{"one:sent", "two, typed offline:sent"}, texts)

	tp.mu.Lock()
	defer tp.mu.Unlock()
	assert.Equal(t, 2, tp.opened)
	assert.GreaterOrEqual(t, tp.closed, 1)
	assert.Equal(t, []string{wire.Start, wire.Send, wire.Resume, wire.Send, wire.End}, tp.sent)
	assert.Contains(t, tp.received, wire.Started)
	assert.Contains(t, tp.received, wire.Resumed)
}

func TestStopWithoutAConnection(t *testing.T) {
	r := chatws.New(chatws.Options{URL: "ws://127.0.0.1:1/nowhere"})
	r.Do(func(c *chat.Client) { require.NoError(t, c.Start(chat.Start{Source: "startChat"})) })
	until(t, r, "offline", func(c *chat.Client) bool { return c.Link() == chat.Offline })
	r.Stop()
	assert.False(t, r.Do(func(*chat.Client) {}), "a stopped runner runs nothing")
}
