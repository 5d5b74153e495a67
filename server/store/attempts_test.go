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

// An attempt with a device cookie counts against the address and the
// cookie, not the user name: a user name at its limit still lets it in,
// and the cookie has a limit of its own.
func TestSignInAttemptsWithADeviceCookie(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		l := store.AttemptLimits{Addr: 100, User: 3, Device: 2, Window: 10 * time.Minute}
		for i := range 3 {
			_, retry, err := s.BeginAttempt(ctx, fmt.Sprint("198.51.100.", i), "ann", l, t0)
			require.NoError(t, err)
			require.Zero(t, retry)
		}
		_, retry, err := s.BeginAttempt(ctx, "198.51.100.9", "ann", l, t0)
		require.NoError(t, err)
		assert.Positive(t, retry, "ann's limit without a cookie")
		for i := range 2 {
			_, retry, err := s.BeginDeviceAttempt(ctx, "192.0.2.1", "ann", "dev1", l, t0.Add(time.Duration(i)*time.Second))
			require.NoError(t, err)
			require.Zero(t, retry, "the cookie is not held by ann's limit")
		}
		_, retry, err = s.BeginDeviceAttempt(ctx, "192.0.2.1", "ann", "dev1", l, t0.Add(2*time.Second))
		require.NoError(t, err)
		assert.Equal(t, 10*time.Minute-2*time.Second, retry, "the cookie's own limit: its first attempt leaves the window at t0+10m")
		_, retry, err = s.BeginDeviceAttempt(ctx, "192.0.2.1", "ann", "dev2", l, t0.Add(2*time.Second))
		require.NoError(t, err)
		assert.Zero(t, retry, "another cookie")
		_, retry, err = s.BeginAttempt(ctx, "198.51.100.9", "ann", l, t0.Add(10*time.Minute))
		require.NoError(t, err)
		assert.Zero(t, retry, "the cookies' attempts did not count against ann")
	})
}

// A secret is made once and the same for every instance.
func TestSecretIsSharedAndKept(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, err := s.Secret(ctx, "one")
		require.NoError(t, err)
		assert.Len(t, a, 43)
		again, err := s.Secret(ctx, "one")
		require.NoError(t, err)
		assert.Equal(t, a, again)
		b, err := s.Secret(ctx, "two")
		require.NoError(t, err)
		assert.NotEqual(t, a, b)
	})
	stores := instances(t, "postgres", 2)
	var got [2]string
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Go(func() {
			v, err := s.Secret(context.Background(), "shared")
			assert.NoError(t, err)
			got[i] = v
		})
	}
	wg.Wait()
	assert.NotEmpty(t, got[0])
	assert.Equal(t, got[0], got[1], "both instances")
}
