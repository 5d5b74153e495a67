package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// The methods the other tests of the suite do not reach: the lookups by
// start and client id, the message count, abandoning a queued chat and
// reading one widget version.
func TestLookupsAndAbandon(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, _, _, err := s.Start(ctx, "app", "v1", "start-1", nil, t0)
		require.NoError(t, err)
		got, err := s.Started(ctx, "app", "v1", "start-1")
		require.NoError(t, err)
		assert.Equal(t, c.ID, got.ID)
		_, err = s.Started(ctx, "app", "v1", "other")
		assert.ErrorIs(t, err, store.ErrNotFound)
		_, err = s.Get(ctx, "nope")
		assert.ErrorIs(t, err, store.ErrNotFound)

		_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "m1", From: "visitor", Text: "hi", At: t0})
		require.NoError(t, err)
		m, err := s.MessageByCID(ctx, c.ID, "m1")
		require.NoError(t, err)
		assert.Equal(t, "hi", m.Text)
		_, err = s.MessageByCID(ctx, c.ID, "m2")
		assert.ErrorIs(t, err, store.ErrNotFound)
		n, err := s.MessageCount(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: "nope", CID: "x", From: "visitor", Text: "x", At: t0})
		assert.ErrorIs(t, err, store.ErrNotFound)

		ab, err := s.Abandon(ctx, c.ID, t0.Add(time.Minute))
		require.NoError(t, err)
		assert.Equal(t, store.Abandoned, ab.State)
		assert.Equal(t, t0.Add(time.Minute), ab.Ended.UTC())
		_, err = s.Abandon(ctx, c.ID, t0)
		assert.ErrorIs(t, err, store.ErrConflict)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "m3", From: "visitor", Text: "late", At: t0})
		assert.ErrorIs(t, err, store.ErrConflict)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, From: "system", Text: "abandoned", At: t0})
		assert.NoError(t, err, "a system note still goes in")
		queued, err := s.ByState(ctx, store.Queued)
		require.NoError(t, err)
		assert.Empty(t, queued)

		require.NoError(t, s.CreateWidget(ctx, "w", `{"a":1}`, "ann", "first", t0))
		_, err = s.PublishWidget(ctx, "w", `{"a":2}`, "bob", "", t0)
		require.NoError(t, err)
		v, err := s.WidgetVersion(ctx, "w", 1)
		require.NoError(t, err)
		assert.Equal(t, store.WidgetVersion{Version: 1, Config: `{"a":1}`, Author: "ann", At: v.At, Note: "first"}, v)
		assert.Equal(t, t0, v.At.UTC())
		_, err = s.WidgetVersion(ctx, "w", 3)
		assert.ErrorIs(t, err, store.ErrNotFound)
		assert.ErrorIs(t, s.CreateWidget(ctx, "w", `{}`, "ann", "", t0), store.ErrExists)
		require.NoError(t, s.SetWidgetDisabled(ctx, "w", true, t0))
		w, err := s.Widget(ctx, "w")
		require.NoError(t, err)
		assert.True(t, w.Disabled)
		assert.Equal(t, 2, w.Version)
	})
}

// Everything written is there after the store is closed and opened again
// (a restart of the instance).
func TestReopenKeepsEverything(t *testing.T) {
	for _, e := range engines {
		t.Run(e, func(t *testing.T) {
			ctx := context.Background()
			u := engineURL(t, e)
			s, err := store.OpenURL(ctx, u)
			require.NoError(t, err)
			c, token, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
			require.NoError(t, err)
			_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "a", From: "visitor", Text: "hi", At: t0})
			require.NoError(t, err)
			sess, _, err := s.CreateSession(ctx, "demo", t0, t0.Add(time.Hour))
			require.NoError(t, err)
			require.NoError(t, s.Close())

			s, err = store.OpenURL(ctx, u)
			require.NoError(t, err)
			defer s.Close()
			_, err = s.Authorize(ctx, c.ID, token)
			require.NoError(t, err)
			msgs, err := s.Messages(ctx, c.ID, 0)
			require.NoError(t, err)
			require.Len(t, msgs, 1)
			_, err = s.Session(ctx, sess, t0)
			require.NoError(t, err)
		})
	}
}

// instances opens n stores on one new database of engine, as n server
// instances would (SQLite: one file, each store its own connection).
func instances(t *testing.T, engine string, n int) []*store.Store {
	u := engineURL(t, engine)
	out := make([]*store.Store, n)
	for i := range out {
		s, err := store.OpenURL(context.Background(), u)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out
}

// Many agents on several instances accept one queued chat at once:
// exactly one wins, the others get ErrConflict, and the conversation
// names the winner.
func TestConcurrentAcceptsHaveOneWinner(t *testing.T) {
	for _, e := range engines {
		t.Run(e, func(t *testing.T) {
			ctx := context.Background()
			stores := instances(t, e, 4)
			for round := range 5 {
				c, _, _, err := stores[0].Start(ctx, "app", fmt.Sprint("v", round), "x", nil, t0)
				require.NoError(t, err)
				const agents = 24
				var wg sync.WaitGroup
				var mu sync.Mutex
				var winners []string
				for i := range agents {
					wg.Go(func() {
						agent := fmt.Sprint("agent-", i)
						got, err := stores[i%len(stores)].Accept(ctx, c.ID, agent, t0)
						switch {
						case err == nil:
							assert.Equal(t, agent, got.Agent)
							mu.Lock()
							winners = append(winners, agent)
							mu.Unlock()
						case !errors.Is(err, store.ErrConflict):
							t.Errorf("%s: %v", agent, err)
						}
					})
				}
				wg.Wait()
				require.Len(t, winners, 1, "exactly one agent takes the chat")
				got, err := stores[1].Get(ctx, c.ID)
				require.NoError(t, err)
				assert.Equal(t, winners[0], got.Agent)
				assert.Equal(t, store.Active, got.State)
			}
		})
	}
}

// Two instances storing into one conversation at once (the visitor on
// one, the agent on the other, resends on both) number its messages
// 1, 2, 3… without a gap or a twin, and a client id resent through the
// other instance is recognised.
func TestInstancesShareOneConversation(t *testing.T) {
	ctx := context.Background()
	stores := instances(t, "postgres", 2)
	c, _, _, err := stores[0].Start(ctx, "app", "v1", "x", nil, t0)
	require.NoError(t, err)
	const n = 40
	var wg sync.WaitGroup
	var dups sync.Map
	for i := range 2 * n {
		wg.Go(func() {
			cid := fmt.Sprint("m", i%n) // each sent twice, once through each store
			_, dup, err := stores[i%2].AddMessage(ctx, store.Message{Conversation: c.ID, CID: cid, From: "visitor", Text: cid, At: t0})
			if assert.NoError(t, err) && dup {
				dups.Store(cid, true)
			}
		})
	}
	wg.Wait()
	msgs, err := stores[1].Messages(ctx, c.ID, 0)
	require.NoError(t, err)
	require.Len(t, msgs, n)
	seen := map[string]bool{}
	for i, m := range msgs {
		assert.EqualValues(t, i+1, m.Seq)
		assert.False(t, seen[m.CID], "twice: %s", m.CID)
		seen[m.CID] = true
	}
	k := 0
	dups.Range(func(any, any) bool { k++; return true })
	assert.Equal(t, n, k, "the second of each pair is a duplicate")
}

// A visitor's start reaching two instances at once is one conversation.
func TestConcurrentStartsAcrossInstances(t *testing.T) {
	ctx := context.Background()
	stores := instances(t, "postgres", 2)
	for round := range 10 {
		var wg sync.WaitGroup
		ids := make([]string, 2)
		for i := range 2 {
			wg.Go(func() {
				c, _, _, err := stores[i].Start(ctx, "app", "v", fmt.Sprint("start-", round), nil, t0)
				assert.NoError(t, err)
				ids[i] = c.ID
			})
		}
		wg.Wait()
		assert.Equal(t, ids[0], ids[1])
	}
	queued, err := stores[0].ByState(ctx, store.Queued)
	require.NoError(t, err)
	assert.Len(t, queued, 10)
}
