package agent_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

// clock is a test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newClockedServer is newServer with a clock the test moves.
func newClockedServer(t *testing.T) (*httptest.Server, *clock) {
	t.Helper()
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	a, err := agent.New(agent.DemoAccounts(), st, nil)
	require.NoError(t, err)
	c := &clock{now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	agent.SetClock(a, c.Now)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /agent/login", a.ServeLogin)
	mux.HandleFunc("GET /agent/session", a.ServeSession)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, c
}

func TestSessionExpiresWhenIdle(t *testing.T) {
	srv, c := newClockedServer(t)
	resp, _ := login(t, srv, "demo", "demo")
	ck := sessionCookie(t, resp)
	for range 3 { // used every 50 minutes: still signed in after 2.5 hours
		c.Advance(50 * time.Minute)
		resp, _ = get(t, srv, "/agent/session", ck)
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}
	c.Advance(agent.SessionIdle)
	resp, _ = get(t, srv, "/agent/session", ck)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "an hour unused: sign in again")
	c.Advance(-agent.SessionIdle + time.Minute)
	resp, _ = get(t, srv, "/agent/session", ck)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the idle session was deleted, not just refused")
}

func TestSessionExpiresAfterEightHoursInUse(t *testing.T) {
	srv, c := newClockedServer(t)
	resp, _ := login(t, srv, "demo", "demo")
	ck := sessionCookie(t, resp)
	for used := time.Duration(0); used < agent.SessionTTL-30*time.Minute; used += 30 * time.Minute {
		c.Advance(30 * time.Minute)
		resp, _ = get(t, srv, "/agent/session", ck)
		require.Equal(t, http.StatusOK, resp.StatusCode, "after %v", used)
	}
	c.Advance(30 * time.Minute)
	resp, _ = get(t, srv, "/agent/session", ck)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "8 hours after sign-in, however busy")
}

func TestCookieIsSecureOverTLSOrBehindAnHTTPSProxy(t *testing.T) {
	srv := httptest.NewUnstartedServer(newServer(t).Config.Handler)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.CheckRedirect = noRedirect.CheckRedirect
	resp, err := client.PostForm(srv.URL+"/agent/login", url.Values{"user": {"demo"}, "password": {"demo"}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.True(t, sessionCookie(t, resp).Secure, "over TLS")

	plain := newServer(t)
	for _, tc := range []struct {
		header, value string
		secure        bool
	}{
		{"", "", false},
		{"X-Forwarded-Proto", "https", true},
		{"X-Forwarded-Proto", "https, http", true},
		{"X-Forwarded-Proto", "http", false},
		{"Forwarded", `for=192.0.2.60;proto=https;by=203.0.113.43`, true},
		{"Forwarded", `for=192.0.2.60;proto=http`, false},
	} {
		req, _ := http.NewRequest("POST", plain.URL+"/agent/login", strings.NewReader("user=demo&password=demo"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tc.header != "" {
			req.Header.Set(tc.header, tc.value)
		}
		resp, err := noRedirect.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, tc.secure, sessionCookie(t, resp).Secure, "%s: %s", tc.header, tc.value)
	}
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	srv := newServer(t)
	ck, csrf := signedIn(t, srv)

	post := func(path, form string, header ...string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		req.AddCookie(ck)
		resp, err := noRedirect.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"}, // a sibling subdomain is another origin
		{"Origin", "https://evil.example"},
		{"Origin", "null"},
	} {
		resp := post("/agent/login", "user=demo&password=demo", h...)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "sign-in with %v", h)
		assert.Empty(t, resp.Cookies())
		resp = post("/agent/logout", "csrf="+csrf, h...)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "sign-out with %v", h)
	}
	resp, _ := get(t, srv, "/agent/session", ck)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "still signed in")
	assert.Equal(t, http.StatusSeeOther, post("/agent/login", "user=demo&password=demo",
		"Sec-Fetch-Site", "same-origin", "Origin", srv.URL).StatusCode)
	assert.Equal(t, http.StatusSeeOther, post("/agent/logout", "csrf="+csrf,
		"Sec-Fetch-Site", "same-origin", "Origin", srv.URL).StatusCode)
}

// TestDemoPasswordIsABcryptHash: accounts keep bcrypt hashes only, and
// the sign-in compares with bcrypt.
func TestDemoPasswordIsABcryptHash(t *testing.T) {
	h := agent.DemoAccounts()[0].PasswordHash
	assert.Regexp(t, `^\$2[aby]\$1[0-9]\$`, h)
	assert.NotContains(t, h, "demo")
}
