package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// history starts a conversation per entry of ended (how long before t0
// it ended; negative: still open), with two messages each, and returns
// their ids.
func history(t *testing.T, s *store.Store, ended []time.Duration) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for i, ago := range ended {
		c, _, _, err := s.Start(ctx, "app", fmt.Sprint("v", i), "cid", json.RawMessage(`{}`), t0.Add(-400*24*time.Hour))
		require.NoError(t, err)
		for _, cid := range []string{"a", "b"} {
			_, _, err := s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: cid, From: "visitor", Text: "hi", At: t0})
			require.NoError(t, err)
		}
		if ago >= 0 {
			_, err := s.End(ctx, c.ID, "visitor", t0.Add(-ago))
			require.NoError(t, err)
		}
		ids = append(ids, c.ID)
	}
	return ids
}

func TestPurgeDeletesOnlyConversationsOverBeforeTheCut(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const day = 24 * time.Hour
		ids := history(t, s, []time.Duration{91 * day, 89 * day, -1, 365 * day})
		n, err := s.Purge(ctx, t0.Add(-90*day))
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		for i, kept := range []bool{false, true, true, false} {
			_, err := s.Get(ctx, ids[i])
			msgs, merr := s.Messages(ctx, ids[i], 0)
			require.NoError(t, merr)
			if kept {
				assert.NoError(t, err, "conversation %d", i)
				assert.Len(t, msgs, 2, "conversation %d", i)
			} else {
				assert.ErrorIs(t, err, store.ErrNotFound, "conversation %d", i)
				assert.Empty(t, msgs, "messages of conversation %d", i)
			}
		}
	})
}

func TestPurgeGoesInBatches(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ended := make([]time.Duration, 1203)
		for i := range ended {
			ended[i] = 100 * 24 * time.Hour
		}
		history(t, s, ended)
		n, err := s.Purge(ctx, t0.Add(-90*24*time.Hour))
		require.NoError(t, err)
		assert.Equal(t, 1203, n)
	})
}

func TestRetentionRunsInTheBackground(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		var mu sync.Mutex
		now := t0
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		ids := history(t, s, []time.Duration{0})
		deleted := make(chan int, 100)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() {
			done <- s.RunRetention(ctx, store.Retention{Keep: 90 * 24 * time.Hour, Every: 5 * time.Millisecond, Now: clock,
				Report: func(n int, err error) {
					assert.NoError(t, err)
					select {
					case deleted <- n:
					default:
					}
				}})
		}()
		assert.Equal(t, 0, <-deleted, "ended just now: kept")
		mu.Lock()
		now = now.Add(90*24*time.Hour + time.Millisecond)
		mu.Unlock()
		require.Eventually(t, func() bool { _, err := s.Get(context.Background(), ids[0]); return err != nil },
			5*time.Second, 5*time.Millisecond)
		cancel()
		require.NoError(t, <-done)
		assert.Error(t, s.RunRetention(context.Background(), store.Retention{}), "Keep, Every and Now are required")
	})
}

// A purge keeps what the reports count: RuleChats reads the same before
// and after, for the days of the purged conversations and the rest.
func TestPurgeKeepsTheRuleCounts(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const day = 24 * time.Hour
		started := t0.Add(-200 * day)
		rule := func(id, variant string) string {
			return `{"proactive":true,"source":"rule","ruleId":"` + id + `","variant":"` + variant + `"}`
		}
		for i, c := range []struct {
			context              string
			accept, wrote, ended bool
			at                   time.Duration // after started
		}{
			{rule("a", ""), true, true, true, 0},
			{rule("a", ""), false, false, true, 0},
			{rule("a", "long"), true, false, true, 3 * day},
			{rule("b", ""), false, false, true, 23 * time.Hour},
			{`{"source":"launcher"}`, true, true, true, 0},
			{rule("a", ""), true, true, false, day}, // still active: kept
		} {
			conv, _, _, err := s.Start(ctx, "shop", fmt.Sprint("v", i), "s", json.RawMessage(c.context), started.Add(c.at))
			require.NoError(t, err)
			if c.accept {
				_, err = s.Accept(ctx, conv.ID, "ann", started.Add(c.at+time.Minute))
				require.NoError(t, err)
			}
			if c.wrote {
				_, _, err = s.AddMessage(ctx, store.Message{Conversation: conv.ID, CID: fmt.Sprint("m", i),
					From: wire.FromVisitor, Text: "hi", At: started.Add(c.at + 2*time.Minute)})
				require.NoError(t, err)
			}
			if c.ended {
				_, err = s.End(ctx, conv.ID, "agent", started.Add(c.at+time.Hour))
				require.NoError(t, err)
			}
		}
		windows := [][2]time.Time{{started.Truncate(day), started.Truncate(day).Add(day)},
			{started.Add(-day), t0}, {started.Add(2 * day).Truncate(day), t0}}
		var before []map[store.ChatKey]store.ChatCounts
		for _, w := range windows {
			got, err := s.RuleChats(ctx, "shop", w[0], w[1])
			require.NoError(t, err)
			before = append(before, got)
		}
		require.Equal(t, map[store.ChatKey]store.ChatCounts{
			{Rule: "a"}:                  {Queued: 3, AgentAccepted: 2, VisitorWrote: 2},
			{Rule: "a", Variant: "long"}: {Queued: 1, AgentAccepted: 1},
			{Rule: "b"}:                  {Queued: 1},
		}, before[1])

		n, err := s.Purge(ctx, t0.Add(-90*day))
		require.NoError(t, err)
		require.Equal(t, 5, n)
		left, err := s.CountByState(ctx)
		require.NoError(t, err)
		assert.Equal(t, map[string]int{store.Active: 1}, left)
		for i, w := range windows {
			got, err := s.RuleChats(ctx, "shop", w[0], w[1])
			require.NoError(t, err)
			assert.Equal(t, before[i], got, "window %d", i)
		}
		n, err = s.Purge(ctx, t0.Add(-90*day))
		require.NoError(t, err)
		assert.Zero(t, n, "nothing twice")
		got, err := s.RuleChats(ctx, "shop", windows[1][0], windows[1][1])
		require.NoError(t, err)
		assert.Equal(t, before[1], got, "counted once")
	})
}
