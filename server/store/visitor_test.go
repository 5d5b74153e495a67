package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

func memStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// TestPurgeTakesRatingsAndAttachments: an old conversation with a rating
// and an attachment is purged with them (foreign keys are on).
func TestPurgeTakesRatingsAndAttachments(t *testing.T) {
	s := memStore(t)
	ctx := context.Background()
	ids := history(t, s, []time.Duration{200 * 24 * time.Hour, -1})
	_, err := s.Rate(ctx, ids[0], store.Rating{Rating: 1, At: t0})
	require.NoError(t, err)
	_, err = s.AddAttachment(ctx, store.Attachment{Conversation: ids[0], Sender: "visitor", Name: "a.png", Type: "image/png", Data: []byte("x")}, t0)
	require.NoError(t, err)
	n, err := s.Purge(ctx, t0.Add(-100*24*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, ok, err := s.RatingOf(ctx, ids[0])
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestAttachmentCaps(t *testing.T) {
	s := memStore(t)
	ctx := context.Background()
	ids := history(t, s, []time.Duration{-1})
	for i := 0; i < store.MaxAttachmentsPerConversation; i++ {
		a, err := s.AddAttachment(ctx, store.Attachment{Conversation: ids[0], Sender: "agent", Name: "f.pdf", Type: "application/pdf", Data: []byte("%PDF-1")}, t0)
		require.NoError(t, err)
		assert.Equal(t, int64(6), a.Size)
		assert.Nil(t, a.Data)
	}
	_, err := s.AddAttachment(ctx, store.Attachment{Conversation: ids[0], Sender: "agent", Name: "f.pdf", Type: "application/pdf", Data: []byte("%PDF-1")}, t0)
	assert.ErrorIs(t, err, store.ErrConversationFull)
	_, err = s.AttachmentOf(ctx, "other", "nope")
	assert.ErrorIs(t, err, store.ErrNotFound)
}
