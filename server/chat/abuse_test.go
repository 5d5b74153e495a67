package chat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// TestAVisitorCannotForgeTheVerifiedIdentity: on a widget without auth
// keys, a context key "Authenticated" (any spelling but the server's) is
// nobody's identity, and a displayable variable named like a row of the
// server's stays a page variable; the stored context holds only the
// fields the server understands.
func TestAVisitorCannotForgeTheVerifiedIdentity(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("mallory", frame{
		"Authenticated": frame{"sub": "admin@corp.example", "name": "CEO (verified)"},
		"AUTHENTICATED": frame{"sub": "admin@corp.example"},
		"authenticated": frame{"sub": "admin@corp.example"},
		"PageURL":       "https://evil.example/",
		"pageUrl":       "https://shop.example/",
		"custom":        frame{"Signed in as": frame{"value": "admin@corp.example", "isDisplayable": true}},
	})
	ann.send(frame{"type": "accept", "conversation": conv})
	d := ann.expect("conversation")["details"].(map[string]any)
	assert.Nil(t, d["authenticated"], "only a verified token sets the identity")
	assert.Equal(t, "https://shop.example/", d["pageUrl"])
	assert.Equal(t, map[string]any{"Signed in as": "admin@corp.example"}, d["displayable"],
		"the page's variable is in displayable, which the console shows apart")
	for k := range d {
		assert.NotEqual(t, "Authenticated", k)
	}
	stored, err := e.store.Get(t.Context(), conv)
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(stored.Context, &m))
	for k := range m {
		assert.Contains(t, []string{"proactive", "source", "ruleId", "variant", "pageUrl", "referrer", "timeOnPageMs",
			"prechat", "authenticated", "custom"}, k)
	}
	assert.Equal(t, "null", string(m["authenticated"]))

	// A conversation an older server stored with the visitor's key as sent.
	old, _, _, err := e.store.Start(t.Context(), "w1", "old", "s", json.RawMessage(
		`{"Authenticated":{"sub":"admin@corp.example","name":"CEO (verified)"}}`), time.Now())
	require.NoError(t, err)
	ann.send(frame{"type": "accept", "conversation": old.ID})
	assert.Nil(t, ann.expect("conversation")["details"].(map[string]any)["authenticated"])
}

// TestTheServerCutsTheContextToItsBudgets: a 30 KB page URL and referrer
// are cut to 2,048 characters, the visitor's name to 64, and the custom
// variables to 100 within 8 KiB, whatever the client did.
func TestTheServerCutsTheContextToItsBudgets(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	long := "https://shop.example/?" + strings.Repeat("a", 14_000)
	conv, _ := e.visitor().start("v", frame{"pageUrl": long, "referrer": long,
		"prechat": frame{"name": strings.Repeat("N", 500)}})
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 })
	assert.Len(t, ann.queue[0]["pageUrl"], chat.MaxURLRunes)
	assert.Len(t, ann.queue[0]["visitorName"], chat.MaxNameRunes)
	ann.send(frame{"type": "accept", "conversation": conv})
	d := ann.expect("conversation")["details"].(map[string]any)
	assert.Len(t, d["pageUrl"], chat.MaxURLRunes)
	assert.Len(t, d["referrer"], chat.MaxURLRunes)
	stored, err := e.store.Get(t.Context(), conv)
	require.NoError(t, err)
	assert.Less(t, len(stored.Context), 2*chat.MaxURLRunes+1000)

	many, big := frame{}, frame{}
	for i := range 150 {
		many[fmt.Sprintf("v%03d", i)] = frame{"value": i, "isDisplayable": true}
	}
	for i := range 20 {
		big[fmt.Sprintf("b%02d", i)] = frame{"value": strings.Repeat("x", 900), "isDisplayable": true}
	}
	for _, custom := range []frame{many, big} {
		conv, _ := e.visitor().start(fmt.Sprint("v", len(custom)), frame{"custom": custom})
		ann.send(frame{"type": "accept", "conversation": conv})
		shown := ann.expect("conversation")["details"].(map[string]any)["displayable"].(map[string]any)
		assert.NotEmpty(t, shown)
		assert.LessOrEqual(t, len(shown), chat.MaxVariables)
		b, _ := json.Marshal(shown)
		assert.LessOrEqual(t, len(b), chat.MaxVariablesBytes)
	}
}

// TestARepeatedStartNeedsTheToken: a start that repeats a visitor id and
// start cid gets the conversation only while its first reply may have
// been lost (queued, no message, within StartRetryWindow) or with the
// conversation's token; else it is refused and the visitor's token stays
// good.
func TestARepeatedStartNeedsTheToken(t *testing.T) {
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) { o.Now = clock }
	e.restart()
	start := frame{"type": "start", "cid": "s1", "visitor": frame{"id": "alice"}}

	alice := e.visitor()
	alice.send(start)
	first := alice.expect("started")
	retry := e.visitor() // the first reply was lost
	retry.send(start)
	again := retry.expect("started")
	assert.Equal(t, first["conversation"], again["conversation"])
	token := again["token"].(string)

	retry.send(frame{"type": "send", "cid": "m1", "text": "my address is secret"})
	retry.expect("ack")
	mallory := e.visitor()
	mallory.send(start)
	f := mallory.expect("error")
	assert.Equal(t, "forbidden", f["code"])
	assert.Equal(t, "s1", f["cid"])
	assert.Equal(t, chat.StatusAuthFailed, mallory.closed())

	withToken := e.visitor()
	withToken.send(frame{"type": "start", "cid": "s1", "visitor": frame{"id": "alice"}, "token": token})
	f = withToken.expect("started")
	assert.Equal(t, first["conversation"], f["conversation"])
	assert.Equal(t, token, f["token"], "the token proved, it is kept")

	back := e.visitor()
	back.send(frame{"type": "resume", "conversation": first["conversation"], "token": token, "after": 0})
	assert.Len(t, back.expect("resumed")["messages"], 1, "the visitor's token still works")

	// Without a message, once the retry window is over.
	bob := e.visitor()
	bob.send(frame{"type": "start", "cid": "s2", "visitor": frame{"id": "bob"}})
	bob.expect("started")
	mu.Lock()
	now = now.Add(chat.StartRetryWindow + time.Second)
	mu.Unlock()
	late := e.visitor()
	late.send(frame{"type": "start", "cid": "s2", "visitor": frame{"id": "bob"}})
	assert.Equal(t, "forbidden", late.expect("error")["code"])
}

// dialFrom opens the visitor channel of w1 from a loopback source address
// of its own (127.0.0.x): the start limit counts per address.
func (e *env) dialFrom(ctx context.Context, ip string) (*websocket.Conn, error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	client := &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+"/api/v1/widgets/w1/chat",
		&websocket.DialOptions{Subprotocols: []string{chat.Subprotocol}, HTTPClient: client})
	return ws, err
}

// TestOneClientCannotBuryRealVisitors: an attacker on one address opens a
// socket, starts a chat and closes it, 1,000 times. Its starts beyond
// StartsPerMinute are refused (rate_limited, close 4429), so a real
// visitor from another address waits behind at most that many; and once
// the attacker's visitors have been gone AbandonAfter, they are abandoned
// and the real visitor is next.
func TestOneClientCannotBuryRealVisitors(t *testing.T) {
	const perMinute = 30
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) {
		o.StartsPerMinute = perMinute
		o.AbandonAfter = 500 * time.Millisecond
		o.SweepEvery = 50 * time.Millisecond
	}
	e.restart()
	const cycles, workers = 1000, 4
	var started, limited atomic.Int64
	var wg sync.WaitGroup
	began := time.Now()
	for w := range workers {
		wg.Go(func() {
			for i := w; i < cycles; i += workers {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				ws, err := e.dialFrom(ctx, "127.0.0.2")
				if err != nil {
					cancel()
					continue
				}
				b, _ := json.Marshal(frame{"type": "start", "cid": fmt.Sprint("a", i), "visitor": frame{"id": fmt.Sprint("attacker", i)}})
				ws.Write(ctx, websocket.MessageText, b)
				_, reply, err := ws.Read(ctx)
				switch {
				case err == nil && strings.Contains(string(reply), `"started"`):
					started.Add(1)
				case err == nil && strings.Contains(string(reply), `"rate_limited"`):
					limited.Add(1)
					_, _, err = ws.Read(ctx)
					if websocket.CloseStatus(err) != chat.StatusTooManyStarts {
						t.Errorf("a refused start closes with %v", err)
					}
				}
				ws.CloseNow()
				cancel()
			}
		})
	}
	wg.Wait()
	t.Logf("%d cycles in %v: %d started, %d refused", cycles, time.Since(began), started.Load(), limited.Load())
	// The bucket refills at perMinute a minute while the attack runs.
	allowed := int64(perMinute + perMinute*time.Since(began).Minutes() + 1)
	assert.LessOrEqual(t, started.Load(), allowed, "starts beyond the per-address limit")
	assert.Greater(t, limited.Load(), int64(cycles*9/10))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, err := e.dialFrom(ctx, "127.0.0.3")
	require.NoError(t, err)
	real := &client{t: t, ws: ws}
	t.Cleanup(func() { ws.CloseNow() })
	_, _ = real.start("real-visitor", nil)
	// Its place is small at once, and 1 once the gone ones are abandoned.
	var place float64
	for place != 1 {
		f := real.expect("queue")
		place = f["position"].(float64)
		require.LessOrEqual(t, place, float64(allowed+1))
	}
	n, err := e.store.ByState(t.Context(), store.Abandoned)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(n), int(started.Load()), "the attacker's chats are kept, as abandoned")
}

// TestAQueuedChatWhoseVisitorLeftIsAbandoned: a queued conversation
// without a connection for AbandonAfter leaves the queue (agents get a
// delta removing it) as abandoned; one whose visitor is there stays; and
// after a restart, the queued ones nobody resumes go the same way. A
// visitor who comes back to an abandoned chat finds it ended.
func TestAQueuedChatWhoseVisitorLeftIsAbandoned(t *testing.T) {
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) {
		o.AbandonAfter = 300 * time.Millisecond
		o.SweepEvery = 30 * time.Millisecond
	}
	e.restart()
	ann := e.agent("ann")
	stays := e.visitor()
	stays.start("stays", nil)
	leaves := e.visitor()
	gone, token := leaves.start("leaves", nil)
	ann.waitQueue(func(items []frame) bool { return len(items) == 2 })
	leaves.ws.CloseNow()
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 })
	c, err := e.store.Get(t.Context(), gone)
	require.NoError(t, err)
	assert.Equal(t, store.Abandoned, c.State)

	back := e.visitor()
	back.send(frame{"type": "resume", "conversation": gone, "token": token, "after": 0})
	r := back.expect("resumed")
	assert.Equal(t, "ended", r["state"])
	back.send(frame{"type": "send", "cid": "late", "text": "hello?"})
	assert.Equal(t, "conflict", back.expect("error")["code"])

	// Across a restart: queued in the store, nobody comes back.
	_, _, _, err = e.store.Start(t.Context(), "w1", "before", "s", nil, time.Now().Add(-time.Hour))
	require.NoError(t, err)
	stays.ws.CloseNow()
	e.restart()
	ann = e.agent("ann")
	deadline := time.Now().Add(10 * time.Second)
	for {
		q, err := e.store.ByState(t.Context(), store.Queued)
		require.NoError(t, err)
		if len(q) == 0 {
			break
		}
		require.True(t, time.Now().Before(deadline), "still queued after the restart: %d", len(q))
		time.Sleep(20 * time.Millisecond) // polling the sweep
	}
	ann.waitQueue(func(items []frame) bool { return len(items) == 0 })
}

// TestConnectionAndMessageCaps: a conversation takes ConnsPerChat
// connections at once (one more: too_many_connections, close 4430) and
// MessagesPerChat messages (one more: error "limit" with its cid; a
// stored one resent is still acknowledged).
func TestConnectionAndMessageCaps(t *testing.T) {
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) { o.ConnsPerChat = 3; o.MessagesPerChat = 4 }
	e.restart()
	first := e.visitor()
	conv, token := first.start("v", nil)
	for range 2 {
		tab := e.visitor()
		tab.send(frame{"type": "resume", "conversation": conv, "token": token})
		tab.expect("resumed")
	}
	extra := e.visitor()
	extra.send(frame{"type": "resume", "conversation": conv, "token": token})
	assert.Equal(t, "too_many_connections", extra.expect("error")["code"])
	assert.Equal(t, chat.StatusTooManyConnections, extra.closed())

	for i := range 4 {
		first.send(frame{"type": "send", "cid": fmt.Sprint("m", i), "text": "hi"})
		first.expect("ack")
	}
	first.send(frame{"type": "send", "cid": "m4", "text": "one too many"})
	f := first.expect("error")
	assert.Equal(t, "limit", f["code"])
	assert.Equal(t, "m4", f["cid"])
	first.send(frame{"type": "send", "cid": "m1", "text": "hi"})
	assert.EqualValues(t, 2, first.expect("ack")["seq"])
}

// TestAgentQueueWithThousandsWaiting: with 1,000 chats queued at start and
// 200 visitors starting and leaving, the agent's queue (whole, then
// deltas) ends up with every one of them and the next real visitor (the
// e2e TestConsoleStaysResponsiveWithFiveThousandQueuedChats has 5,000;
// this one stays quick under -race).
func TestAgentQueueWithThousandsWaiting(t *testing.T) {
	e := newEnv(t, "", nil)
	const queued, burst = 1000, 200
	for i := range queued {
		_, _, _, err := e.store.Start(t.Context(), "w1", fmt.Sprint("flood-", i), "s", nil, time.Now())
		require.NoError(t, err)
	}
	e.restart()
	ann := e.agent("ann")
	ann.waitQueue(func(items []frame) bool { return len(items) == queued })
	var wg sync.WaitGroup
	for w := range 5 {
		wg.Go(func() {
			for i := w; i < burst; i += 5 {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				ws, err := e.dialFrom(ctx, "127.0.0.1")
				if err == nil {
					b, _ := json.Marshal(frame{"type": "start", "cid": "s", "visitor": frame{"id": fmt.Sprint("burst-", i)}})
					ws.Write(ctx, websocket.MessageText, b)
					ws.Read(ctx)
					ws.CloseNow()
				}
				cancel()
			}
		})
	}
	wg.Wait()
	real := e.visitor()
	conv, _ := real.start("real", nil)
	ann.waitQueue(func(items []frame) bool {
		return len(items) == queued+burst+1 && items[queued+burst]["conversation"] == conv
	})
}
