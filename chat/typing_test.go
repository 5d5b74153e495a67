package chat_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// active is a tab whose chat an agent has joined.
func active(t *testing.T, srv *fakeServer, store fakeStore) *tab {
	t.Helper()
	tb := started(t, srv, store)
	tb.net.push(map[string]any{"type": wire.AgentJoined, "name": "Ada"})
	tb.net.deliver()
	require.Equal(t, chat.Active, tb.c.Phase())
	tb.view.log = nil
	return tb
}

func (tb *tab) typingFrames() int {
	n := 0
	for _, f := range tb.net.sent {
		if f["type"] == wire.Typing {
			n++
		}
	}
	return n
}

func TestTypingIsThrottled(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	tb.c.Typing()
	assert.Zero(t, tb.typingFrames(), "nobody to tell while queued")

	tb = active(t, srv, fakeStore{})
	for range 10 { // ten keys in 2.7 s
		tb.c.Typing()
		tb.clock.Advance(300 * instant.Millisecond)
	}
	assert.Equal(t, 1, tb.typingFrames(), "one frame for a burst under TypingInterval")
	tb.clock.Advance(chat.TypingInterval - 2700*instant.Millisecond)
	tb.c.Typing()
	tb.c.Typing()
	assert.Equal(t, 2, tb.typingFrames(), "the next one once TypingInterval has passed")
}

func TestAgentTyping(t *testing.T) {
	t.Run("shown once, hidden TypingShown after the last frame", func(t *testing.T) {
		tb := active(t, newServer(), fakeStore{})
		tb.net.push(map[string]any{"type": wire.Typing})
		tb.net.deliver()
		tb.clock.Advance(2 * instant.Second)
		tb.net.push(map[string]any{"type": wire.Typing})
		tb.net.deliver()
		assert.Equal(t, []string{"agent typing true"}, tb.view.log)
		assert.Equal(t, tb.clock.now.Add(chat.TypingShown), tb.timer.at)
		tb.wait(t)
		assert.Equal(t, []string{"agent typing true", "agent typing false"}, tb.view.log)
	})
	t.Run("their message ends it", func(t *testing.T) {
		srv := newServer()
		tb := active(t, srv, fakeStore{})
		tb.net.push(map[string]any{"type": wire.Typing})
		tb.net.push(srv.add("agent", "", "here you go"))
		tb.net.deliver()
		assert.Contains(t, tb.view.log, "agent typing false")
		_, armed := tb.c.Deadline()
		assert.False(t, armed, "no wake-up left for the typing")
	})
	t.Run("ignored while queued", func(t *testing.T) {
		tb := started(t, newServer(), fakeStore{})
		tb.view.log = nil
		tb.net.push(map[string]any{"type": wire.Typing})
		tb.net.deliver()
		assert.Empty(t, tb.view.log)
	})
}

func TestMinimizedIsKeptForTheNextPage(t *testing.T) {
	srv := newServer()
	store := fakeStore{}
	tb := active(t, srv, store)
	tb.net.push(srv.add("agent", "", "before"))
	tb.net.deliver()
	tb.c.SetMinimized(true)
	tb.net.push(srv.add("agent", "", "while minimized"))
	tb.net.deliver()
	assert.Equal(t, 1, tb.c.Unread())

	next := newTab(t, srv, store, "b") // the next page
	assert.True(t, next.c.Minimized(), "the stored chat was left minimized")
	require.True(t, next.c.Restore())
	next.settle()
	assert.Equal(t, 1, next.c.Unread(), "the count goes on; the resumed transcript is not counted again")
	assert.Contains(t, next.view.log, "unread 1")
	srv.add("agent", "", "on the next page")
	next.net.push(srv.msgs[len(srv.msgs)-1])
	next.net.deliver()
	assert.Equal(t, 2, next.c.Unread())

	next.c.SetMinimized(false)
	assert.False(t, newTab(t, srv, store, "c").c.Minimized(), "restored on that page: no longer minimized")
	next.c.SetMinimized(true)
	next.c.Close()
	assert.False(t, newTab(t, srv, store, "d").c.Minimized(), "an ended chat leaves nothing behind")
}
