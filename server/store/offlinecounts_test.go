package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// Offline messages are counted per widget, address and UTC hour, on
// both engines; CountOfflineKnown makes no row; the hours before now's
// are pruned.
func TestCountOffline(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		h0 := time.Date(2026, 12, 7, 9, 59, 59, 0, time.UTC)
		for want := 1; want <= 3; want++ {
			n, err := s.CountOffline(ctx, "shop", "192.0.2.1", h0)
			require.NoError(t, err)
			assert.Equal(t, want, n)
		}
		for _, c := range []struct {
			name, app, addr string
			at              time.Time
		}{
			{"another address", "shop", "2001:db8::/64", h0},
			{"another widget", "blog", "192.0.2.1", h0},
			{"the next hour", "shop", "192.0.2.1", h0.Add(time.Second)},
		} {
			n, err := s.CountOffline(ctx, c.app, c.addr, c.at)
			require.NoError(t, err)
			assert.Equal(t, 1, n, c.name)
		}

		n, err := s.CountOfflineKnown(ctx, "shop", "192.0.2.1", h0)
		require.NoError(t, err)
		assert.Equal(t, 4, n, "a known key is counted")
		n, err = s.CountOfflineKnown(ctx, "shop", "192.0.2.9", h0)
		require.NoError(t, err)
		assert.Equal(t, 0, n, "an unknown key is not")
		n, err = s.CountOffline(ctx, "shop", "192.0.2.9", h0)
		require.NoError(t, err)
		assert.Equal(t, 1, n, "and was given no row")

		require.NoError(t, s.PruneOfflineCounts(ctx, h0.Add(time.Second)))
		n, err = s.CountOfflineKnown(ctx, "shop", "192.0.2.1", h0)
		require.NoError(t, err)
		assert.Equal(t, 0, n, "the hour before is pruned")
		n, err = s.CountOfflineKnown(ctx, "shop", "192.0.2.1", h0.Add(time.Second))
		require.NoError(t, err)
		assert.Equal(t, 2, n, "the current hour is kept")
	})
}
