package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// A message that stands for an attachment keeps its reference, in order
// with the text messages, by seq and by client id.
func TestMessageKeepsItsAttachment(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, _, _, err := s.Start(ctx, "app", "v1", "start-1", nil, t0)
		require.NoError(t, err)
		a, err := s.AddAttachment(ctx, store.Attachment{Conversation: c.ID, Sender: "visitor", Name: "cat.png",
			Type: "image/png", Data: []byte("\x89PNG\r\n\x1a\nxx")}, t0)
		require.NoError(t, err)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "m1", From: "visitor", Text: "look", At: t0})
		require.NoError(t, err)
		ref := store.AttachmentRef{ID: a.ID, Type: a.Type, Size: a.Size}
		m, _, err := s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "f1", From: "visitor", Text: "cat.png",
			At: t0, Attachment: ref})
		require.NoError(t, err)
		assert.Equal(t, int64(2), m.Seq)
		msgs, err := s.Messages(ctx, c.ID, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 2)
		assert.Equal(t, store.AttachmentRef{}, msgs[0].Attachment, "a text message has none")
		assert.Equal(t, ref, msgs[1].Attachment)
		again, dup, err := s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "f1", From: "visitor", Text: "cat.png", At: t0})
		require.NoError(t, err)
		assert.True(t, dup)
		assert.Equal(t, ref, again.Attachment, "a repeat answers the stored reference")

		require.NoError(t, s.DeleteAttachment(ctx, c.ID, a.ID))
		_, err = s.AttachmentOf(ctx, c.ID, a.ID)
		assert.ErrorIs(t, err, store.ErrNotFound)
		assert.NoError(t, s.DeleteAttachment(ctx, c.ID, a.ID), "twice is harmless")
	})
}
