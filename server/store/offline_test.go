package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// leave stores an offline message for app with text, left at.
func leave(t *testing.T, s *store.Store, app, text string, at time.Time) string {
	t.Helper()
	id, err := s.AddOfflineMessage(context.Background(), store.OfflineMessage{AppID: app, Name: "Ana", Text: text}, at)
	require.NoError(t, err)
	return id
}

// texts lists the texts of the offline messages q selects.
func texts(t *testing.T, s *store.Store, q store.OfflineQuery) []string {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 100
	}
	list, err := s.OfflineMessages(context.Background(), q)
	require.NoError(t, err)
	out := []string{}
	for _, m := range list {
		out = append(out, m.Text)
	}
	return out
}

// TestHandleOfflineMessage: a handled message leaves the default list for
// the handled one, with who handled it and when; marking it again keeps
// the first handler; reopening forgets them; an unknown id is
// ErrNotFound.
func TestHandleOfflineMessage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := leave(t, s, "app", "a", t0)
		b := leave(t, s, "app", "b", t0.Add(time.Second))
		m, err := s.HandleOfflineMessage(ctx, a, "ann", true, t0.Add(time.Hour))
		require.NoError(t, err)
		assert.True(t, m.Handled())
		assert.Equal(t, "ann", m.HandledBy)
		assert.Equal(t, t0.Add(time.Hour), m.HandledAt.UTC())
		assert.Equal(t, []string{"b"}, texts(t, s, store.OfflineQuery{}))
		assert.Equal(t, []string{"a"}, texts(t, s, store.OfflineQuery{Handled: true}))

		m, err = s.HandleOfflineMessage(ctx, a, "bob", true, t0.Add(2*time.Hour))
		require.NoError(t, err)
		assert.Equal(t, "ann", m.HandledBy, "the first handler stays")
		assert.Equal(t, t0.Add(time.Hour), m.HandledAt.UTC())

		m, err = s.HandleOfflineMessage(ctx, a, "bob", false, t0.Add(3*time.Hour))
		require.NoError(t, err)
		assert.False(t, m.Handled())
		assert.Empty(t, m.HandledBy)
		assert.Equal(t, "a", m.Text)
		assert.Equal(t, []string{"b", "a"}, texts(t, s, store.OfflineQuery{}))

		_, err = s.HandleOfflineMessage(ctx, b, "ann", true, t0.Add(4*time.Hour))
		require.NoError(t, err)
		_, err = s.HandleOfflineMessage(ctx, a, "ann", true, t0.Add(5*time.Hour))
		require.NoError(t, err)
		assert.Equal(t, []string{"a", "b"}, texts(t, s, store.OfflineQuery{Handled: true}), "the most recently handled first")

		_, err = s.HandleOfflineMessage(ctx, "nope", "ann", true, t0)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}

// TestPurgeDeletesOfflineMessagesLeftBeforeTheCut: retention deletes the
// offline messages older than its cut, handled or waiting, and keeps the
// newer ones.
func TestPurgeDeletesOfflineMessagesLeftBeforeTheCut(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const day = 24 * time.Hour
		leave(t, s, "app", "old", t0.Add(-91*day))
		old := leave(t, s, "app", "old handled", t0.Add(-92*day))
		leave(t, s, "other", "new", t0.Add(-89*day))
		new := leave(t, s, "app", "new handled", t0.Add(-day))
		for _, id := range []string{old, new} {
			_, err := s.HandleOfflineMessage(ctx, id, "ann", true, t0)
			require.NoError(t, err)
		}
		_, err := s.Purge(ctx, t0.Add(-90*day))
		require.NoError(t, err)
		assert.Equal(t, []string{"new"}, texts(t, s, store.OfflineQuery{}))
		assert.Equal(t, []string{"new handled"}, texts(t, s, store.OfflineQuery{Handled: true}))
	})
}

// TestFullWidgetDropsItsOldestHandledMessage: at the per-widget cap a new
// message takes the place of the oldest handled one of the same widget;
// with none handled it is refused with ErrFull and nothing is lost.
func TestFullWidgetDropsItsOldestHandledMessage(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		store.LowerOfflineCap(t, 3)
		ids := []string{leave(t, s, "app", "1", t0), leave(t, s, "app", "2", t0.Add(time.Second)), leave(t, s, "app", "3", t0.Add(2*time.Second))}
		leave(t, s, "other", "elsewhere", t0.Add(-time.Second))
		_, err := s.AddOfflineMessage(ctx, store.OfflineMessage{AppID: "app", Text: "4"}, t0.Add(3*time.Second))
		assert.ErrorIs(t, err, store.ErrFull)

		for _, id := range []string{ids[2], ids[1]} {
			_, err := s.HandleOfflineMessage(ctx, id, "ann", true, t0.Add(time.Hour))
			require.NoError(t, err)
		}
		leave(t, s, "app", "4", t0.Add(3*time.Second))
		assert.Equal(t, []string{"4", "1", "elsewhere"}, texts(t, s, store.OfflineQuery{}), "another widget's untouched")
		assert.Equal(t, []string{"3"}, texts(t, s, store.OfflineQuery{Handled: true}), "the oldest handled went")
	})
}

// TestWaitingOfflineMessages: the console's count is of the messages not
// handled, on every widget; marking one handled or waiting again moves it.
func TestWaitingOfflineMessages(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		waiting := func() int {
			t.Helper()
			n, err := s.WaitingOfflineMessages(ctx)
			require.NoError(t, err)
			return n
		}
		assert.Equal(t, 0, waiting())
		a := leave(t, s, "shop", "a", t0)
		leave(t, s, "blog", "b", t0)
		assert.Equal(t, 2, waiting(), "every widget's")
		_, err := s.HandleOfflineMessage(ctx, a, "ann", true, t0.Add(time.Minute))
		require.NoError(t, err)
		assert.Equal(t, 1, waiting(), "a handled one does not wait")
		_, err = s.HandleOfflineMessage(ctx, a, "ann", false, t0.Add(2*time.Minute))
		require.NoError(t, err)
		assert.Equal(t, 2, waiting(), "waiting again")
	})
}
