package chat_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// TestAMessageTheServiceCannotStore: error "unavailable" fails the
// message and says why in the pane; the chat goes on.
func TestAMessageTheServiceCannotStore(t *testing.T) {
	tb := started(t, newServer(), fakeStore{})
	m, err := tb.c.Send("hi")
	require.NoError(t, err)
	tb.net.up = nil
	tb.c.Received(jsonTree(t, map[string]any{"type": wire.Error, "code": wire.ErrUnavailable, "cid": m.CID}))
	assert.Equal(t, chat.Queued, tb.c.Phase())
	assert.Equal(t, []string{"visitor:hi:failed"}, tb.texts())
	assert.Equal(t, `message unavailable-`+m.CID+` system "`+chat.UnavailableNotice+`" received seq=0`,
		tb.view.log[len(tb.view.log)-1])
	assert.Equal(t, "The chat service can't store messages right now. Try again later.", chat.UnavailableNotice)
}

// TestAStartTheServiceCannotStore: a start answered "unavailable" ends as
// "unavailable" (the pane's sentence), without retrying.
func TestAStartTheServiceCannotStore(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "a")
	require.NoError(t, tb.c.Start(chat.Start{}))
	tb.net.accept()
	tb.c.Received(jsonTree(t, map[string]any{"type": wire.Error, "code": wire.ErrUnavailable, "cid": tb.net.sent[0]["cid"]}))
	assert.Equal(t, chat.Ended, tb.c.Phase())
	assert.Equal(t, "ended unavailable", tb.view.log[len(tb.view.log)-1])
	_, armed := tb.c.Deadline()
	assert.False(t, armed, "no retry")
}

// TestTooManyStartsEndsTheStart: error "rate_limited" then close 4429
// ends the start as "busy" and nothing reconnects.
func TestTooManyStartsEndsTheStart(t *testing.T) {
	for _, frameFirst := range []bool{true, false} {
		tb := newTab(t, newServer(), fakeStore{}, "a")
		require.NoError(t, tb.c.Start(chat.Start{}))
		tb.net.accept()
		if frameFirst {
			tb.c.Received(jsonTree(t, map[string]any{"type": wire.Error, "code": wire.ErrRateLimited, "cid": tb.net.sent[0]["cid"]}))
		}
		opens := tb.net.opens
		tb.net.Close()
		tb.c.Closed(wire.CloseTooManyStarts, "too many chats started")
		assert.Equal(t, chat.Ended, tb.c.Phase())
		assert.Equal(t, "ended busy", tb.view.log[len(tb.view.log)-1])
		_, armed := tb.c.Deadline()
		assert.False(t, armed, "no retry")
		assert.Equal(t, opens, tb.net.opens)
	}
}

// TestTooManyConnectionsStandsAside: close 4430 (after its error frame or
// alone) stops this tab without a retry loop and keeps the conversation
// for a later reload; 1012 (service restart) reconnects.
func TestTooManyConnectionsStandsAside(t *testing.T) {
	for _, frameFirst := range []bool{true, false} {
		srv, store := newServer(), fakeStore{}
		started(t, srv, store)
		tb := newTab(t, srv, store, "b")
		require.True(t, tb.c.Restore())
		tb.net.accept()
		if frameFirst {
			tb.c.Received(jsonTree(t, map[string]any{"type": wire.Error, "code": wire.ErrTooManyConnections}))
		}
		tb.net.Close()
		tb.c.Closed(wire.CloseTooManyConnections, "too many connections to this conversation")
		assert.Equal(t, "ended crowded", tb.view.log[len(tb.view.log)-1])
		_, armed := tb.c.Deadline()
		assert.False(t, armed, "no retry")
		assert.True(t, strings.Contains(strings.Join(tb.log.warnings(), "\n"), "stands aside") || frameFirst)

		again := newTab(t, srv, store, "c")
		assert.True(t, again.c.Restore(), "the conversation is kept for a reload")
	}

	srv, store := newServer(), fakeStore{}
	tb := started(t, srv, store)
	opens := tb.net.opens
	tb.net.Close()
	tb.c.Closed(wire.CloseServiceRestart, "service restart")
	assert.Equal(t, chat.Queued, tb.c.Phase())
	tb.wait(t)
	assert.Equal(t, opens+1, tb.net.opens, "reconnects after 1012")
}
