package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

func TestPositionFollowsTheQueueOrder(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var ids []string
		for i := range 4 {
			// Two in the same millisecond: arrival order decides.
			c, _, _, err := s.Start(ctx, "w1", fmt.Sprint("v", i), "s", nil, t0.Add(time.Duration(i/2)*time.Second))
			require.NoError(t, err)
			ids = append(ids, c.ID)
		}
		for i, id := range ids {
			n, err := s.Position(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, i+1, n, "conversation %d", i)
		}
		_, err := s.Accept(ctx, ids[1], "ann", t0)
		require.NoError(t, err)
		for id, want := range map[string]int{ids[0]: 1, ids[1]: 0, ids[2]: 2, ids[3]: 3, "nope": 0} {
			n, err := s.Position(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, want, n, id)
		}
	})
}
