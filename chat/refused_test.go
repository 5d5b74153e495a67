package chat_test

import (
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServiceErrors(t *testing.T) {
	tests := []struct {
		name  string
		frame map[string]any // "$cid" is the pending message's cid
		phase chat.Phase
		text  string // the pending message afterwards
		last  string // the view's last line
	}{
		{"message rejected", map[string]any{"type": "error", "code": "bad_request", "message": "text: too long", "cid": "$cid"},
			chat.Queued, "visitor:hi:failed", `message a3 visitor "hi" failed seq=0`},
		{"conversation gone", map[string]any{"type": "error", "code": "not_found"}, chat.Ended, "visitor:hi:failed", "ended expired"},
		{"conversation ended meanwhile", map[string]any{"type": "error", "code": "conflict", "cid": "$cid"}, chat.Ended, "visitor:hi:failed", "ended agent"},
		{"internal: retried", map[string]any{"type": "error", "code": "internal", "cid": "$cid"}, chat.Queued, "visitor:hi:pending", "connection offline retry +750ms"},
		{"unrelated", map[string]any{"type": "error", "code": "bad_request", "message": "unknown frame type x"}, chat.Queued, "visitor:hi:pending", `message a3 visitor "hi" pending seq=0`},
		{"typing is ignored", map[string]any{"type": "typing"}, chat.Queued, "visitor:hi:pending", `message a3 visitor "hi" pending seq=0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := started(t, newServer(), fakeStore{})
			m, err := tb.c.Send("hi")
			require.NoError(t, err)
			tb.net.up = nil
			if tt.frame["cid"] == "$cid" {
				tt.frame["cid"] = m.CID
			}
			tb.c.Received(jsonTree(t, tt.frame))
			assert.Equal(t, tt.phase, tb.c.Phase())
			assert.Equal(t, []string{tt.text}, tb.texts())
			assert.Equal(t, tt.last, tb.view.log[len(tb.view.log)-1])
		})
	}
}

func TestStartRejected(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "a")
	require.NoError(t, tb.c.Start(chat.Start{}))
	tb.net.accept()
	tb.c.Received(jsonTree(t, map[string]any{"type": "error", "code": "bad_request", "message": "visitor.id: want 1 to 128 bytes", "cid": tb.net.sent[0]["cid"]}))
	assert.Equal(t, chat.Ended, tb.c.Phase())
	assert.Equal(t, "ended refused", tb.view.log[len(tb.view.log)-1])
	assert.Equal(t, []string{"error: lcwasm: chat: the chat service answered bad_request: visitor.id: want 1 to 128 bytes; no chat"}, tb.log.errors())
}

func TestStoredConversationRefusedByCloseCode(t *testing.T) {
	srv, store := newServer(), fakeStore{}
	started(t, srv, store)
	tb := newTab(t, srv, store, "b")
	require.True(t, tb.c.Restore())
	tb.net.Close()
	tb.c.Closed(chat.CloseAuthFailed, "conversation or token not valid")
	assert.Equal(t, chat.Ended, tb.c.Phase())
	assert.Empty(t, tb.events.named("lcw:error"), "not the page's auth token: no code 4")
	assert.Equal(t, "ended expired", tb.view.log[len(tb.view.log)-1])
}

func TestResumedNamesTheAgent(t *testing.T) {
	tests := []struct {
		frame map[string]any
		want  string
		event string
		count int
	}{
		{map[string]any{"state": "active", "agentName": "Ada"}, `agent joined "Ada"`, "lcw:chatRetrieved", 1},
		{map[string]any{"state": "ended", "endedBy": "agent"}, "ended agent", "lcw:threadUpdate", 1},
		// closed in another tab while this page reloaded: that tab fired lcw:closeChat
		{map[string]any{"state": "ended", "endedBy": "visitor"}, "ended visitor", "lcw:closeChat", 0},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			store := fakeStore{}
			started(t, newServer(), store)
			tb := newTab(t, newServer(), store, "b")
			require.True(t, tb.c.Restore())
			tb.net.accept()
			f := map[string]any{"type": "resumed", "conversation": "conv-1", "messages": []any{}}
			for k, v := range tt.frame {
				f[k] = v
			}
			tb.c.Received(jsonTree(t, f))
			assert.Contains(t, tb.view.log, tt.want)
			assert.Len(t, tb.events.named(tt.event), tt.count)
		})
	}
}

func TestTooBigAsJSON(t *testing.T) {
	tb := started(t, newServer(), fakeStore{})
	_, err := tb.c.Send(strings.Repeat("\x01", 3000)) // 3,000 characters, 18,000 bytes as JSON
	assert.EqualError(t, err, "chat: the message is too big to send (over 16 KiB as JSON); make it shorter")
	_, err = tb.c.Send(strings.Repeat(`"`, 4000)) // 8,000 bytes as JSON
	assert.NoError(t, err)
	_, err = tb.c.Send(strings.Repeat("😀", 4000)) // 16,000 bytes
	assert.NoError(t, err)
}
