package store_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// Messages committed together: each keeps its own outcome, a failing
// one (an ended conversation) costs the others nothing.
func TestMessagesCommittedTogetherKeepTheirOwnOutcome(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		open1, _, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
		require.NoError(t, err)
		ended, _, _, err := s.Start(ctx, "app", "v2", "x", nil, t0)
		require.NoError(t, err)
		_, err = s.End(ctx, ended.ID, "agent", t0)
		require.NoError(t, err)

		var mu sync.Mutex
		var seqs []int64
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() {
				conv := open1.ID
				if i%2 == 1 {
					conv = ended.ID
				}
				m, dup, err := s.AddMessage(ctx, store.Message{Conversation: conv, CID: fmt.Sprint(i), From: "visitor", Text: "x", At: t0})
				if conv == ended.ID {
					assert.ErrorIs(t, err, store.ErrConflict)
					return
				}
				assert.NoError(t, err)
				assert.False(t, dup)
				mu.Lock()
				seqs = append(seqs, m.Seq)
				mu.Unlock()
			})
		}
		wg.Wait()
		sort.Slice(seqs, func(i, j int) bool { return seqs[i] < seqs[j] })
		require.Len(t, seqs, 50)
		for i, seq := range seqs {
			assert.EqualValues(t, i+1, seq)
		}
		msgs, err := s.Messages(ctx, ended.ID, 0)
		require.NoError(t, err)
		assert.Empty(t, msgs)
	})
}

func TestAddMessageAfterCloseOrCancel(t *testing.T) {
	s := open(t, ":memory:")
	c, _, _, err := s.Start(context.Background(), "app", "v1", "x", nil, t0)
	require.NoError(t, err)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = s.AddMessage(cancelled, store.Message{Conversation: c.ID, CID: "a", From: "visitor", Text: "x", At: t0})
	assert.ErrorIs(t, err, context.Canceled)
	require.NoError(t, s.Close())
	_, _, err = s.AddMessage(context.Background(), store.Message{Conversation: c.ID, CID: "b", From: "visitor", Text: "x", At: t0})
	assert.Error(t, err)
}

// On PostgreSQL a group commit is one pipeline: a message whose insert
// fails (PostgreSQL refuses a NUL in text) is rolled back alone, and the
// messages after it in the same commit are still stored, in seq order.
func TestPipelinedCommitSurvivesAFailingMessage(t *testing.T) {
	ctx := context.Background()
	s := openEngine(t, "postgres")
	var convs []string
	for i := range 3 {
		c, _, _, err := s.Start(ctx, "app", fmt.Sprint("v", i), "x", nil, t0)
		require.NoError(t, err)
		convs = append(convs, c.ID)
	}
	var wg sync.WaitGroup
	var failed sync.Map
	for i := range 90 {
		wg.Go(func() {
			text := "fine"
			if i%3 == 0 {
				text = "bad\x00"
			}
			_, _, err := s.AddMessage(ctx, store.Message{Conversation: convs[i%3], CID: fmt.Sprint(i), From: "visitor", Text: text, At: t0})
			if i%3 == 0 {
				assert.Error(t, err)
				failed.Store(i, true)
				return
			}
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	for k, conv := range convs {
		msgs, err := s.Messages(ctx, conv, 0)
		require.NoError(t, err)
		if k == 0 {
			assert.Empty(t, msgs)
			continue
		}
		require.Len(t, msgs, 30)
		for i, m := range msgs {
			assert.EqualValues(t, i+1, m.Seq)
			assert.Equal(t, "fine", m.Text)
		}
	}
	// The connection is usable afterwards: a message goes through.
	m, dup, err := s.AddMessage(ctx, store.Message{Conversation: convs[0], CID: "after", From: "visitor", Text: "ok", At: t0})
	require.NoError(t, err)
	assert.False(t, dup)
	assert.EqualValues(t, 1, m.Seq)
}
