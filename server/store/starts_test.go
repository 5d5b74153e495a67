package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// Starts are counted per address and minute, on both engines, and the
// minute before is read back for the sliding window.
func TestCountStart(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		m0 := time.Date(2026, 12, 3, 9, 0, 10, 0, time.UTC)
		for want := 1; want <= 3; want++ {
			this, prev, err := s.CountStart(ctx, "192.0.2.1", m0)
			require.NoError(t, err)
			assert.Equal(t, [2]int{want, 0}, [2]int{this, prev})
		}
		this, prev, err := s.CountStart(ctx, "192.0.2.2", m0)
		require.NoError(t, err)
		assert.Equal(t, [2]int{1, 0}, [2]int{this, prev}, "another address")
		this, prev, err = s.CountStart(ctx, "192.0.2.1", m0.Add(time.Minute))
		require.NoError(t, err)
		assert.Equal(t, [2]int{1, 3}, [2]int{this, prev}, "the next minute")

		require.NoError(t, s.PruneStarts(ctx, m0.Add(3*time.Minute)))
		this, prev, err = s.CountStart(ctx, "192.0.2.1", m0.Add(time.Minute))
		require.NoError(t, err)
		assert.Equal(t, [2]int{1, 0}, [2]int{this, prev}, "pruned")
	})
}
