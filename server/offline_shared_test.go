package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

// pgInstance is one server on the PostgreSQL database u, as one of
// several behind a load balancer.
func pgInstance(t *testing.T, u string) http.Handler {
	t.Helper()
	st, err := store.OpenURL(context.Background(), u)
	require.NoError(t, err)
	o := fixture()
	o.Store = st
	srv, err := server.New(o)
	require.NoError(t, err)
	t.Cleanup(func() {
		srv.Shutdown(context.Background())
		st.Close()
	})
	return srv
}

// TestOfflineLimitIsSharedByInstances: two instances on one PostgreSQL
// store hold one OfflinePerHour per address, not one each: messages
// from one IPv6 /64 spread over both are accepted OfflinePerHour times,
// and the next is 429 "rate" with Retry-After on the other instance;
// another /64 is not held back, and posting at once through both gets no
// more in.
func TestOfflineLimitIsSharedByInstances(t *testing.T) {
	u := pgtest.DB(t)
	a, b := pgInstance(t, u), pgInstance(t, u)
	for now := time.Now(); now.Truncate(time.Hour).Add(time.Hour).Sub(now) < 5*time.Second; now = time.Now() {
		time.Sleep(100 * time.Millisecond) // the hour ends: count in the next one
	}
	const target = "/api/v1/widgets/w1/offline-messages"
	instances := []http.Handler{a, b}
	for i := range server.OfflinePerHour {
		addr := fmt.Sprintf("[2001:db8:1:2::%x]:4000", i+1)
		status, code, _ := leaveFrom(t, instances[i%2], addr, target, goodOffline)
		require.Equal(t, http.StatusCreated, status, "message %d on instance %d: %s", i+1, i%2, code)
	}
	other := instances[server.OfflinePerHour%2]
	status, code, hdr := leaveFrom(t, other, "[2001:db8:1:2::99]:4000", target, goodOffline)
	assert.Equal(t, http.StatusTooManyRequests, status, "the other instance counts the first's")
	assert.Equal(t, "rate", code)
	after, err := strconv.Atoi(hdr.Get("Retry-After"))
	require.NoError(t, err, "Retry-After %q", hdr.Get("Retry-After"))
	assert.True(t, after >= 1 && after <= 3600, "Retry-After %d", after)

	// Another /64 posting 20 at once through both: 5 get in in all.
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			status, _, _ := leaveFrom(t, instances[i%2], fmt.Sprintf("[2001:db8:1:3::%x]:4000", i+1), target, goodOffline)
			mu.Lock()
			got[status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	assert.Equal(t, map[int]int{http.StatusCreated: server.OfflinePerHour, http.StatusTooManyRequests: 20 - server.OfflinePerHour}, got,
		"another /64, at once")
}
