package agent_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

// cheapDemo is the demo account with a bcrypt hash of the least cost,
// so that tests making many checks stay quick under -race.
func cheapDemo(t *testing.T) []agent.Account {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte("demo"), bcrypt.MinCost)
	require.NoError(t, err)
	return []agent.Account{{User: "demo", Name: "Demo Agent", PasswordHash: string(h)}}
}

// checks counts the password comparisons of an Auth and the most that
// ran at once.
type checks struct {
	total, running, most atomic.Int32
	hashes               sync.Map // hash → true
}

func (c *checks) wrap(compare func(h, p []byte) error) func(h, p []byte) error {
	return func(h, p []byte) error {
		c.total.Add(1)
		c.hashes.Store(string(h), true)
		n := c.running.Add(1)
		defer c.running.Add(-1)
		for {
			m := c.most.Load()
			if n <= m || c.most.CompareAndSwap(m, n) {
				break
			}
		}
		return compare(h, p)
	}
}

// newCountedServer is newClockedServer for accounts, counting the
// password checks.
func newCountedServer(t *testing.T, accounts []agent.Account) (*httptest.Server, *clock, *checks) {
	t.Helper()
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	a, err := agent.New(accounts, st, nil)
	require.NoError(t, err)
	c := &clock{now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	agent.SetClock(a, c.Now)
	agent.SetBcryptWait(a, 5*time.Minute) // only the busy test waits for 503
	n := &checks{}
	agent.WrapCompare(a, n.wrap)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /agent/login", a.ServeLogin)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, c, n
}

// clientFrom is an HTTP client whose connections come from the local
// address ip (any of 127.0.0.0/8 on Linux).
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 5 * time.Minute, CheckRedirect: noRedirect.CheckRedirect,
		Transport: &http.Transport{DialContext: d.DialContext}}
}

func loginWith(t *testing.T, client *http.Client, srv *httptest.Server, user, password string) int {
	t.Helper()
	resp, err := client.PostForm(srv.URL+"/agent/login", url.Values{"user": {user}, "password": {password}})
	if !assert.NoError(t, err) {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// burst posts n wrong passwords for user at once and counts the answers
// by status.
func burst(t *testing.T, client *http.Client, srv *httptest.Server, user string, n int) map[int]int {
	t.Helper()
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			code := loginWith(t, client, srv, user, fmt.Sprint("guess", i))
			mu.Lock()
			got[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return got
}

func TestConcurrentWrongPasswordsAreCountedBeforeBcrypt(t *testing.T) {
	srv, c, n := newCountedServer(t, cheapDemo(t))
	got := burst(t, noRedirect, srv, "demo", 100)
	assert.Equal(t, map[int]int{http.StatusUnauthorized: agent.MaxAddressFailures,
		http.StatusTooManyRequests: 100 - agent.MaxAddressFailures}, got)
	assert.EqualValues(t, agent.MaxAddressFailures, n.total.Load(), "bcrypt checks of 100 concurrent attempts")
	assert.LessOrEqual(t, n.most.Load(), int32(agent.BcryptConcurrency()), "bcrypt checks at once")

	assert.Equal(t, http.StatusTooManyRequests, loginWith(t, noRedirect, srv, "demo", "demo"), "the right password waits too")
	c.Advance(agent.FailureWindow - time.Second)
	assert.Equal(t, http.StatusTooManyRequests, loginWith(t, noRedirect, srv, "demo", "demo"))
	c.Advance(time.Second)
	assert.Equal(t, http.StatusSeeOther, loginWith(t, noRedirect, srv, "demo", "demo"), "the window passed")
	assert.EqualValues(t, agent.MaxAddressFailures+1, n.total.Load())
}

func TestAccountLimitHoldsAcrossAddresses(t *testing.T) {
	srv, c, n := newCountedServer(t, cheapDemo(t))
	total := map[int]int{}
	for i := range 5 { // 5 addresses × 10 attempts each
		for code, k := range burst(t, clientFrom(fmt.Sprintf("127.0.0.%d", 10+i)), srv, "demo", agent.MaxAddressFailures) {
			total[code] += k
		}
	}
	assert.Equal(t, map[int]int{http.StatusUnauthorized: agent.MaxAccountFailures,
		http.StatusTooManyRequests: 5*agent.MaxAddressFailures - agent.MaxAccountFailures}, total)
	assert.EqualValues(t, agent.MaxAccountFailures, n.total.Load())
	fresh := clientFrom("127.0.0.99")
	assert.Equal(t, http.StatusTooManyRequests, loginWith(t, fresh, srv, "demo", "demo"), "from an address not used yet")
	assert.Equal(t, http.StatusUnauthorized, loginWith(t, fresh, srv, "someone-else", "x"), "another account still answers")
	c.Advance(agent.FailureWindow)
	assert.Equal(t, http.StatusSeeOther, loginWith(t, fresh, srv, "demo", "demo"))
}

func TestRightPasswordGivesItsAttemptBack(t *testing.T) {
	srv, _, _ := newCountedServer(t, cheapDemo(t))
	for range 3 * agent.MaxAddressFailures {
		require.Equal(t, http.StatusSeeOther, loginWith(t, noRedirect, srv, "demo", "demo"))
	}
	for range agent.MaxAddressFailures - 1 {
		require.Equal(t, http.StatusUnauthorized, loginWith(t, noRedirect, srv, "demo", "x"))
	}
	assert.Equal(t, http.StatusSeeOther, loginWith(t, noRedirect, srv, "demo", "demo"))
}

func TestUnknownUsersCostTheHighestBcryptCost(t *testing.T) {
	h, err := bcrypt.GenerateFromPassword([]byte("s3cret"), 11)
	require.NoError(t, err)
	accounts := append(agent.DemoAccounts(), agent.Account{User: "ann", PasswordHash: string(h)})
	srv, _, n := newCountedServer(t, accounts)
	assert.Equal(t, http.StatusUnauthorized, loginWith(t, noRedirect, srv, "nobody", "s3cret"))
	var costs []int
	n.hashes.Range(func(k, _ any) bool {
		c, err := bcrypt.Cost([]byte(k.(string)))
		require.NoError(t, err)
		costs = append(costs, c)
		return true
	})
	assert.Equal(t, []int{11}, costs, "the dummy hash of an unknown user")
	assert.Equal(t, http.StatusSeeOther, loginWith(t, noRedirect, srv, "ann", "s3cret"))
}

func TestBusySignInIsPostponedNotCounted(t *testing.T) {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	defer st.Close()
	a, err := agent.New(agent.DemoAccounts(), st, nil)
	require.NoError(t, err)
	release := make(chan struct{})
	var waiting atomic.Int32
	agent.WrapCompare(a, func(compare func(h, p []byte) error) func(h, p []byte) error {
		return func(h, p []byte) error { waiting.Add(1); <-release; return compare(h, p) }
	})
	post := func(ctx context.Context, password string) *httptest.ResponseRecorder {
		req := httptest.NewRequestWithContext(ctx, "POST", "/agent/login", strings.NewReader("user=demo&password="+password))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		a.ServeLogin(rec, req)
		return rec
	}
	first := make(chan int)
	for range agent.BcryptConcurrency() { // every slot taken
		go func() { first <- post(context.Background(), "x").Code }()
	}
	require.Eventually(t, func() bool { return int(waiting.Load()) == agent.BcryptConcurrency() },
		5*time.Second, time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel() // the visitor gives up while waiting for a slot
	rec := post(ctx, "demo")
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "5", rec.Header().Get("Retry-After"))
	close(release)
	for range agent.BcryptConcurrency() {
		assert.Equal(t, http.StatusUnauthorized, <-first)
	}
	for range agent.MaxAddressFailures - agent.BcryptConcurrency() - 1 {
		assert.Equal(t, http.StatusUnauthorized, post(context.Background(), "x").Code)
	}
	assert.Equal(t, http.StatusSeeOther, post(context.Background(), "demo").Code, "the postponed attempt was not counted")
}

func TestOversizedFormIsRefused(t *testing.T) {
	srv, _, n := newCountedServer(t, cheapDemo(t))
	resp, err := noRedirect.PostForm(srv.URL+"/agent/login", url.Values{"user": {"demo"},
		"password": {strings.Repeat("x", agent.MaxFormBytes)}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	assert.Zero(t, n.total.Load(), "no bcrypt for it")
}
