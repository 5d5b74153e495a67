package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
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

// AddMessageTo refuses a message past its limit (a resend of a stored one
// is still its duplicate), checks in the order not found, duplicate,
// limit, ended, and reports the conversation's agent and state.
func TestAddMessageToLimitAndConversation(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, _, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
		require.NoError(t, err)
		msg := func(cid string) store.Message {
			return store.Message{Conversation: c.ID, CID: cid, From: "visitor", Text: cid, At: t0}
		}
		a, err := s.AddMessageTo(ctx, msg("m1"), 2)
		require.NoError(t, err)
		assert.Equal(t, store.Added{Message: a.Message, State: store.Queued}, a)
		assert.EqualValues(t, 1, a.Message.Seq)
		_, err = s.Accept(ctx, c.ID, "ann", t0)
		require.NoError(t, err)
		a, err = s.AddMessageTo(ctx, msg("m2"), 2)
		require.NoError(t, err)
		assert.EqualValues(t, 2, a.Message.Seq)
		assert.Equal(t, "ann", a.Agent)
		assert.Equal(t, store.Active, a.State)

		_, err = s.AddMessageTo(ctx, msg("m3"), 2)
		assert.ErrorIs(t, err, store.ErrMessageLimit)
		a, err = s.AddMessageTo(ctx, msg("m1"), 2)
		require.NoError(t, err)
		assert.True(t, a.Dup)
		assert.EqualValues(t, 1, a.Message.Seq)
		a, err = s.AddMessageTo(ctx, msg("m3"), 3) // a higher limit: room
		require.NoError(t, err)
		assert.EqualValues(t, 3, a.Message.Seq)

		_, err = s.End(ctx, c.ID, "agent", t0)
		require.NoError(t, err)
		_, err = s.AddMessageTo(ctx, msg("m4"), 3)
		assert.ErrorIs(t, err, store.ErrMessageLimit, "the limit before the end")
		_, err = s.AddMessageTo(ctx, msg("m4"), 0)
		assert.ErrorIs(t, err, store.ErrConflict)
		a, err = s.AddMessageTo(ctx, msg("m2"), 1)
		require.NoError(t, err)
		assert.True(t, a.Dup, "a duplicate even when ended and full")

		_, err = s.AddMessageTo(ctx, store.Message{Conversation: "nope", CID: "m1", From: "visitor", Text: "x", At: t0}, 1)
		assert.ErrorIs(t, err, store.ErrNotFound)
		msgs, err := s.Messages(ctx, c.ID, 0)
		require.NoError(t, err)
		assert.Len(t, msgs, 3)
	})
}

// A message PostgreSQL refuses to write (a read-only database, as a
// standby is) is ErrUnwritable from the pipelined commit too.
func TestPipelinedCommitReportsUnwritable(t *testing.T) {
	ctx := context.Background()
	u := pgtest.DB(t)
	s, err := store.OpenURL(ctx, u)
	require.NoError(t, err)
	c, _, _, err := s.Start(ctx, "app", "v", "x", nil, t0)
	require.NoError(t, err)
	s.Close()
	db, err := sql.Open("pgx", u)
	require.NoError(t, err)
	defer db.Close()
	var name string
	require.NoError(t, db.QueryRow(`SELECT current_database()`).Scan(&name))
	_, err = db.Exec(`ALTER DATABASE ` + name + ` SET default_transaction_read_only = on`)
	require.NoError(t, err)
	s, err = store.OpenURL(ctx, u)
	require.NoError(t, err)
	defer s.Close()
	_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "m", From: "visitor", Text: "x", At: t0})
	assert.ErrorIs(t, err, store.ErrUnwritable)
}
