package agent_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// loginServer is one instance's sign-in on st, on the clock c.
func loginServer(t *testing.T, st *store.Store, accounts []agent.Account, c *clock) *httptest.Server {
	t.Helper()
	a, err := agent.New(accounts, st, nil)
	require.NoError(t, err)
	agent.SetClock(a, c.Now)
	agent.SetBcryptWait(a, 5*time.Minute)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /agent/login", a.ServeLogin)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// Two instances on one PostgreSQL store share the sign-in limit: wrong
// passwords from one address spread over both reach bcrypt
// MaxAddressFailures times in all, not on each.
func TestSignInLimitIsSharedByInstances(t *testing.T) {
	u := pgtest.DB(t)
	c := &clock{now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	var srvs []*httptest.Server
	for range 2 {
		st, err := store.OpenURL(context.Background(), u)
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		srvs = append(srvs, loginServer(t, st, cheapDemo(t), c))
	}
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			code := loginWith(t, noRedirect, srvs[i%2], "demo", "wrong")
			mu.Lock()
			got[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	assert.Equal(t, map[int]int{http.StatusUnauthorized: agent.MaxAddressFailures,
		http.StatusTooManyRequests: 40 - agent.MaxAddressFailures}, got)
	assert.Equal(t, http.StatusTooManyRequests, loginWith(t, noRedirect, srvs[0], "demo", "demo"), "the right password waits too")
	c.Advance(agent.FailureWindow)
	assert.Equal(t, http.StatusSeeOther, loginWith(t, noRedirect, srvs[1], "demo", "demo"), "the window passed")
	assert.Equal(t, http.StatusSeeOther, loginWith(t, noRedirect, srvs[0], "demo", "demo"), "a right password gave its attempt back")
}
