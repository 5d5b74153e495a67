package chat_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt  int
		fraction float64
		want     instant.Duration
	}{
		{0, 0, 500 * instant.Millisecond},
		{0, 0.999, 999500 * instant.Microsecond},
		{1, 0.5, 1500 * instant.Millisecond},
		{3, 0, 4 * instant.Second},
		{4, 1, 16 * instant.Second},
		{5, 0, 15 * instant.Second}, // 32 s capped to 30
		{5, 0.999, 29985 * instant.Millisecond},
		{62, 0.5, 22500 * instant.Millisecond},
		{1 << 30, 0.5, 22500 * instant.Millisecond},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, chat.Backoff(tt.attempt, tt.fraction), "attempt %d, fraction %v", tt.attempt, tt.fraction)
	}
}

func TestReconnect(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	tb.net.push(srv.add("agent", "", "hello"))
	tb.net.deliver()
	tb.view.log = nil

	// The network fails; each failed attempt waits longer, up to the cap.
	tb.net.drop()
	assert.Equal(t, chat.Offline, tb.c.Link())
	var waits []instant.Duration
	for i := 0; i < 7; i++ {
		waits = append(waits, tb.timer.at.Sub(tb.clock.now))
		tb.wait(t)
		assert.Equal(t, chat.Connecting, tb.c.Link())
		tb.c.Closed(1006, "") // the attempt fails
	}
	assert.Equal(t, []instant.Duration{750 * instant.Millisecond, 1500 * instant.Millisecond, 3 * instant.Second, 6 * instant.Second,
		12 * instant.Second, 22500 * instant.Millisecond, 22500 * instant.Millisecond}, waits)
	assert.Equal(t, "connection offline retry +750ms", tb.view.log[0])

	// Back online: the browser says so, no need to wait.
	tb.c.Retry()
	tb.net.accept()
	resume := tb.net.sent[len(tb.net.sent)-1]
	assert.Equal(t, map[string]any{"type": "resume", "conversation": "conv-1", "token": "tok-1", "after": 1.0}, resume,
		"only what came after the last seq seen")
	tb.settle()
	assert.Equal(t, chat.Online, tb.c.Link())
	assert.Equal(t, "connection online", tb.view.log[len(tb.view.log)-1])
	assert.True(t, tb.timer.at.IsZero())

	// The next drop starts again from the shortest wait.
	tb.net.drop()
	assert.Equal(t, 750*instant.Millisecond, tb.timer.at.Sub(tb.clock.now))
}

func TestNoReconnect(t *testing.T) {
	tests := []struct {
		name string
		end  func(tb *tab)
		view string
	}{
		{"origin not allowed", func(tb *tab) { tb.net.Close(); tb.c.Closed(chat.CloseForbidden, "origin") }, "ended refused"},
		{"frame too big", func(tb *tab) { tb.net.Close(); tb.c.Closed(chat.CloseTooBig, "message too big") }, "ended refused"},
		{"ended by the agent", func(tb *tab) {
			tb.net.push(map[string]any{"type": "ended", "by": "agent"})
			tb.net.deliver()
			tb.c.Closed(1000, "")
		}, "ended agent"},
		{"closed by the visitor", func(tb *tab) { tb.c.Close(); tb.settle(); tb.c.Closed(1000, "") }, "ended visitor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := started(t, newServer(), fakeStore{})
			opens := tb.net.opens
			tt.end(tb)
			assert.True(t, tb.timer.at.IsZero(), "no wake-up")
			tb.clock.Advance(instant.Hour)
			tb.c.Tick()
			tb.c.Retry()
			assert.Equal(t, opens, tb.net.opens)
			assert.Contains(t, tb.view.log, tt.view)
		})
	}
}

func TestSendFailureIsADrop(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	tb.net.refuse = true
	_, err := tb.c.Send("hello")
	require.NoError(t, err, "the message waits; it is not refused")
	assert.Equal(t, chat.Offline, tb.c.Link())
	tb.net.refuse = false
	tb.wait(t)
	tb.settle()
	assert.Equal(t, []string{"hello"}, srv.visitorTexts())
}

func TestFramesAfterHangUpIgnored(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	tb.net.push(map[string]any{"type": "ended", "by": "agent"})
	tb.net.deliver()
	tb.c.Received(jsonTree(t, srv.add("agent", "", "late")))
	assert.Empty(t, tb.c.Messages())
}

func TestBadFrameIsLogged(t *testing.T) {
	tb := started(t, newServer(), fakeStore{})
	tb.c.Received(map[string]any{"type": "message", "from": 1.0})
	assert.Equal(t, "warn: lcwasm: chat: frame: from: want a string, got number; frame ignored", tb.log.lines[len(tb.log.lines)-1])
}

func TestOriginRefusedNamesTheFix(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "v")
	tb.c = chat.New(chat.Config{URL: "ws://chat.test/api/v1/widgets/shop/chat", Key: key, AppID: "shop",
		PageOrigin: "http://127.0.0.1:9000"}, chat.Deps{
		Socket: tb.net, Clock: tb.clock, Timer: tb.timer, Store: tb.store, Events: tb.events,
		Log: tb.log, Random: tb.rnd, View: tb.view,
	})
	tb.net.c = tb.c
	require.NoError(t, tb.c.Start(chat.Start{}))
	tb.net.accept()
	tb.net.Close()
	tb.c.Closed(chat.CloseForbidden, "origin not allowed")

	errs := tb.events.named("lcw:error")
	require.Len(t, errs, 1)
	assert.Equal(t, chat.CodeOriginRefused, errs[0]["errorCode"])
	assert.Equal(t, 10, chat.CodeOriginRefused, "the documented code")
	desc, _ := errs[0]["errorDescription"].(string)
	for _, want := range []string{`widget "shop"`, "http://127.0.0.1:9000", `"allowedOrigins"`, "-allow-origin http://127.0.0.1:9000"} {
		assert.Contains(t, desc, want)
	}
	require.Len(t, tb.log.errors(), 1)
	assert.Contains(t, tb.log.errors()[0], desc, "the console says the same")
	assert.Contains(t, tb.view.log, "ended refused")
}
