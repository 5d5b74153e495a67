package server

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server/store"
)

// TestSharedOfflineLimitBoundsItsRows: on a PostgreSQL store the limit
// is the store's; past maxWindowKeys rows made by the instance in an
// hour a new key goes uncounted and makes no row, while the keys
// counted stay limited; the next hour starts afresh.
func TestSharedOfflineLimitBoundsItsRows(t *testing.T) {
	ctx := context.Background()
	st, err := store.OpenURL(ctx, pgtest.DB(t))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	l := newOfflineLimit(2, st, nil)
	require.Nil(t, l.local, "counted in the store")
	at := time.Date(2026, 12, 7, 10, 20, 0, 0, time.UTC)
	admit := func(addr string, now time.Time) bool {
		ok, _ := l.admit(ctx, "w1", addr, now)
		return ok
	}
	assert.True(t, admit("192.0.2.1", at))
	assert.True(t, admit("192.0.2.1", at))
	ok, retry := l.admit(ctx, "w1", "192.0.2.1", at)
	assert.False(t, ok)
	assert.Equal(t, 40*time.Minute, retry, "until the hour ends")

	l.made = maxWindowKeys
	for range 3 {
		assert.True(t, admit("192.0.2.2", at), "a new key past the bound goes uncounted")
	}
	n, err := st.CountOfflineKnown(ctx, "w1", "192.0.2.2", at)
	require.NoError(t, err)
	assert.Zero(t, n, "and makes no row")
	assert.False(t, admit("192.0.2.1", at), "a counted key stays limited")

	next := at.Add(time.Hour)
	assert.True(t, admit("192.0.2.2", next), "the next hour starts afresh")
	assert.Equal(t, 1, l.made)
}
