package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

func TestSignInAttemptsAreCountedInTheWindow(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		l := store.AttemptLimits{Addr: 3, User: 5, Window: 10 * time.Minute}
		var ids []int64
		for i := range 3 {
			id, retry, err := s.BeginAttempt(ctx, "192.0.2.1", "ann", l, t0.Add(time.Duration(i)*time.Minute))
			require.NoError(t, err)
			require.Zero(t, retry)
			ids = append(ids, id)
		}
		_, retry, err := s.BeginAttempt(ctx, "192.0.2.1", "bob", l, t0.Add(3*time.Minute))
		require.NoError(t, err)
		assert.Equal(t, 7*time.Minute, retry, "the first attempt leaves the window at t0+10m")
		require.NoError(t, s.GiveBackAttempt(ctx, ids[2]))
		_, retry, err = s.BeginAttempt(ctx, "192.0.2.1", "bob", l, t0.Add(3*time.Minute))
		require.NoError(t, err)
		assert.Zero(t, retry, "a given-back attempt does not count")
		_, retry, err = s.BeginAttempt(ctx, "192.0.2.1", "bob", l, t0.Add(11*time.Minute))
		require.NoError(t, err)
		assert.Zero(t, retry, "the first ones left the window")

		for i := range 5 {
			_, retry, err := s.BeginAttempt(ctx, fmt.Sprint("198.51.100.", i), "cat", l, t0.Add(time.Duration(i)*time.Second))
			require.NoError(t, err)
			require.Zero(t, retry)
		}
		_, retry, err = s.BeginAttempt(ctx, "203.0.113.5", "cat", l, t0.Add(5*time.Second))
		require.NoError(t, err)
		assert.Positive(t, retry, "the user name's limit, whatever the address")
	})
}

// Attempts on several instances at once (PostgreSQL; SQLite serves one
// instance): exactly the limit gets through.
func TestSignInAttemptsAcrossInstancesStopAtTheLimit(t *testing.T) {
	{
		{
			stores := instances(t, "postgres", 3)
			l := store.AttemptLimits{Addr: 10, User: 100, Window: 10 * time.Minute}
			var wg sync.WaitGroup
			var mu sync.Mutex
			passed := 0
			for i := range 30 {
				wg.Go(func() {
					_, retry, err := stores[i%3].BeginAttempt(context.Background(), "192.0.2.1", "ann", l, t0)
					if assert.NoError(t, err) && retry == 0 {
						mu.Lock()
						passed++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			assert.Equal(t, 10, passed)
		}
	}
}
