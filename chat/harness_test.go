package chat_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/stretchr/testify/require"
)

// tab is one browser tab running a client against srv.
type tab struct {
	c      *chat.Client
	net    *fakeNet
	clock  *fakeClock
	timer  *fakeTimer
	store  fakeStore
	events *fakeEvents
	log    *fakeLog
	view   *recView
	rnd    *fakeRandom
}

const key = "lcwasm:demo"

func newTab(t testing.TB, srv *fakeServer, store fakeStore, prefix string) *tab {
	t.Helper()
	tb := &tab{
		net: &fakeNet{t: t, srv: srv}, clock: &fakeClock{now: t0}, timer: &fakeTimer{},
		store: store, events: &fakeEvents{}, log: &fakeLog{}, view: &recView{},
		rnd: &fakeRandom{prefix: prefix, frac: 0.5},
	}
	tb.c = chat.New(chat.Config{URL: "ws://chat.test/api/v1/widgets/demo/chat", Key: key}, chat.Deps{
		Socket: tb.net, Clock: tb.clock, Timer: tb.timer, Store: store, Events: tb.events,
		Log: tb.log, Random: tb.rnd, View: tb.view,
	})
	tb.net.c = tb.c
	return tb
}

// settle runs the network until nothing is in flight.
func (tb *tab) settle() {
	for i := 0; i < 10; i++ {
		tb.net.accept()
		tb.net.serve()
		if len(tb.net.down) == 0 {
			return
		}
		tb.net.deliver()
	}
}

// wait moves the clock to the armed wake-up and ticks.
func (tb *tab) wait(t testing.TB) {
	t.Helper()
	require.False(t, tb.timer.at.IsZero(), "no wake-up armed")
	tb.clock.now = tb.timer.at
	tb.c.Tick()
}

// started is a tab whose chat is queued on srv.
func started(t testing.TB, srv *fakeServer, store fakeStore) *tab {
	t.Helper()
	tb := newTab(t, srv, store, "a")
	require.NoError(t, tb.c.Start(chat.Start{Source: "launcher", PageURL: "https://shop.test/"}))
	tb.settle()
	require.Equal(t, chat.Queued, tb.c.Phase())
	return tb
}

// texts are the transcript's visitor texts and their states.
func (tb *tab) texts() []string {
	var out []string
	for _, m := range tb.c.Messages() {
		out = append(out, m.From+":"+m.Text+":"+m.State.String())
	}
	return out
}
