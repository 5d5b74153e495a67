package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

func TestCountByState(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		got, err := s.CountByState(ctx)
		require.NoError(t, err)
		assert.Empty(t, got)
		ids := history(t, s, []time.Duration{time.Hour, -1, -1})
		_, err = s.Accept(ctx, ids[1], "ana", t0)
		require.NoError(t, err)
		got, err = s.CountByState(ctx)
		require.NoError(t, err)
		assert.Equal(t, map[string]int{store.Ended: 1, store.Active: 1, store.Queued: 1}, got)
	})
}
