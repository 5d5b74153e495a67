package chat_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// An attachment posted through the hub is a message like the others: it
// reaches every visitor connection and the agent's console with its
// reference, takes the next seq, and is refused once the conversation is
// over.
func TestPostAttachmentIsRelayedAsAMessage(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", shopContext)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	v.expect("agentJoined")
	v.send(frame{"type": "send", "cid": "v1", "text": "look"})
	v.expect("ack")
	ann.expect("message")

	ctx := context.Background()
	a, err := e.store.AddAttachment(ctx, store.Attachment{Conversation: conv, Sender: "visitor", Name: "cat.png",
		Type: "image/png", Data: []byte("\x89PNG\r\n\x1a\nxx")}, time.Now())
	require.NoError(t, err)
	m, err := e.hub.PostAttachment(ctx, a, "")
	require.NoError(t, err)
	assert.Equal(t, int64(2), m.Seq)
	want := map[string]any{"id": a.ID, "name": "cat.png", "type": "image/png", "size": 10.0}
	got := v.expect("message")
	assert.Equal(t, want, got["attachment"])
	assert.Equal(t, "cat.png", got["text"], "a client from before attachments shows the name")
	assert.Equal(t, "visitor", got["from"])
	assert.Equal(t, 2.0, got["seq"])
	got = ann.expect("message")
	assert.Equal(t, want, got["attachment"])
	assert.Equal(t, conv, got["conversation"])

	b, err := e.store.AddAttachment(ctx, store.Attachment{Conversation: conv, Sender: "agent", Name: "r.pdf",
		Type: "application/pdf", Data: []byte("%PDF-1")}, time.Now())
	require.NoError(t, err)
	m, err = e.hub.PostAttachment(ctx, b, "ann")
	require.NoError(t, err)
	assert.Equal(t, "Ann", m.Name, "the agent's display name")
	assert.Equal(t, "r.pdf", v.expect("message")["text"])

	_, err = e.store.End(ctx, conv, "visitor", time.Now())
	require.NoError(t, err)
	late, err := e.store.AddAttachment(ctx, store.Attachment{Conversation: conv, Sender: "agent", Name: "late.pdf",
		Type: "application/pdf", Data: []byte("%PDF-1")}, time.Now())
	require.NoError(t, err)
	_, err = e.hub.PostAttachment(ctx, late, "ann")
	assert.ErrorIs(t, err, store.ErrConflict)
}

// A conversation at its message limit takes no more files.
func TestPostAttachmentWithinTheMessageLimit(t *testing.T) {
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) { o.MessagesPerChat = 1 }
	e.restart()
	v := e.visitor()
	conv, _ := v.start("alice", shopContext)
	v.send(frame{"type": "send", "cid": "v1", "text": "one"})
	v.expect("ack")
	ctx := context.Background()
	a, err := e.store.AddAttachment(ctx, store.Attachment{Conversation: conv, Sender: "visitor", Name: "cat.png",
		Type: "image/png", Data: []byte("\x89PNG\r\n\x1a\n")}, time.Now())
	require.NoError(t, err)
	_, err = e.hub.PostAttachment(ctx, a, "")
	assert.ErrorIs(t, err, chat.ErrTooManyMessages)
}
