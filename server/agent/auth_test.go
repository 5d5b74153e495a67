package agent_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	a, err := agent.New(agent.DemoAccounts(), st, nil)
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /agent", a.ServeConsole)
	mux.HandleFunc("POST /agent/login", a.ServeLogin)
	mux.HandleFunc("POST /agent/logout", a.ServeLogout)
	mux.HandleFunc("GET /agent/session", a.ServeSession)
	mux.Handle("GET /agent/static/", http.StripPrefix("/agent/static/", agent.Static()))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func login(t *testing.T, srv *httptest.Server, user, password string) (*http.Response, string) {
	t.Helper()
	resp, err := noRedirect.PostForm(srv.URL+"/agent/login", url.Values{"user": {user}, "password": {password}})
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func get(t *testing.T, srv *httptest.Server, path string, cookie *http.Cookie) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	resp, err := noRedirect.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func sessionCookie(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == agent.CookieName {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

func TestLoginSetsAStrictHttpOnlyCookie(t *testing.T) {
	srv := newServer(t)
	resp, _ := login(t, srv, "demo", "demo")
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/agent", resp.Header.Get("Location"))
	ck := sessionCookie(t, resp)
	assert.True(t, ck.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, ck.SameSite)
	assert.Equal(t, "/", ck.Path, "the site console at /admin shares the sign-in")
	assert.Equal(t, 8*3600, ck.MaxAge)
	assert.False(t, ck.Secure, "plain HTTP in the test; Secure under TLS")
	assert.Len(t, ck.Value, 43)

	resp, body := get(t, srv, "/agent/session", ck)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `"user":"demo"`)
	assert.Contains(t, body, `"name":"Demo Agent"`)
	assert.Regexp(t, `"csrf":"[A-Za-z0-9_-]{43}"`, body)

	resp, body = get(t, srv, "/agent", ck)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, agent.ConsoleCSP, resp.Header.Get("Content-Security-Policy"))
	assert.Contains(t, body, "/agent/static/console.js")
}

func TestWrongPasswordIsRefused(t *testing.T) {
	srv := newServer(t)
	for _, c := range [][2]string{{"demo", "wrong"}, {"nobody", "demo"}, {"", ""}} {
		resp, body := login(t, srv, c[0], c[1])
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		assert.Empty(t, resp.Cookies())
		assert.Contains(t, body, "Wrong user name or password.")
		assert.Equal(t, agent.ConsoleCSP, resp.Header.Get("Content-Security-Policy"))
	}
}

func TestSignedOutSeesOnlyTheSignInForm(t *testing.T) {
	srv := newServer(t)
	resp, body := get(t, srv, "/agent", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `action="/agent/login"`)
	assert.NotContains(t, body, "console.js")
	resp, _ = get(t, srv, "/agent/session", nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, _ = get(t, srv, "/agent/session", &http.Cookie{Name: agent.CookieName, Value: "forged"})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestLoginIsRateLimited(t *testing.T) {
	srv := newServer(t)
	for range 10 {
		resp, _ := login(t, srv, "demo", "guess")
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}
	resp, _ := login(t, srv, "demo", "demo")
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "even the right password waits")
	retry, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	require.NoError(t, err)
	assert.True(t, retry > 0 && retry <= 600, "seconds until the first failure leaves the window: %d", retry)
}

func TestLogoutNeedsTheCSRFToken(t *testing.T) {
	srv := newServer(t)
	ck, csrf := signedIn(t, srv)

	post := func(form url.Values, header string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL+"/agent/logout", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if header != "" {
			req.Header.Set("X-CSRF-Token", header)
		}
		req.AddCookie(ck)
		resp, err := noRedirect.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	assert.Equal(t, http.StatusForbidden, post(nil, "").StatusCode)
	assert.Equal(t, http.StatusForbidden, post(url.Values{"csrf": {"nope"}}, "").StatusCode)
	resp, _ := get(t, srv, "/agent/session", ck)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "still signed in")

	out := post(nil, csrf)
	assert.Equal(t, http.StatusSeeOther, out.StatusCode)
	assert.Equal(t, -1, sessionCookie(t, out).MaxAge)
	resp, _ = get(t, srv, "/agent/session", ck)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the old cookie no longer works")
}

func TestAccounts(t *testing.T) {
	h, err := agent.HashPassword("s3cret")
	require.NoError(t, err)
	accs, err := agent.ParseAccounts([]byte(`[{"user":"ann","name":"Ann","passwordHash":"` + h + `"}]`))
	require.NoError(t, err)
	assert.Equal(t, "Ann", accs[0].Name)
	for _, bad := range []string{`{}`, `[{"user":"","passwordHash":"` + h + `"}]`,
		`[{"user":"ann","passwordHash":"s3cret"}]`,
		`[{"user":"ann","passwordHash":"` + h + `"},{"user":"ann","passwordHash":"` + h + `"}]`} {
		_, err := agent.ParseAccounts([]byte(bad))
		assert.Error(t, err, bad)
	}
	_, err = agent.HashPassword("")
	assert.Error(t, err)
}

func TestCrossSiteSignInIsRefused(t *testing.T) {
	srv := newServer(t)
	req, _ := http.NewRequest("POST", srv.URL+"/agent/login", strings.NewReader("user=demo&password=demo"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := noRedirect.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Empty(t, resp.Cookies())
}

// signedIn signs in as demo and returns the session cookie and the
// session's CSRF token.
func signedIn(t *testing.T, srv *httptest.Server) (*http.Cookie, string) {
	t.Helper()
	resp, _ := login(t, srv, "demo", "demo")
	ck := sessionCookie(t, resp)
	_, body := get(t, srv, "/agent/session", ck)
	csrf := body[strings.Index(body, `"csrf":"`)+8:]
	return ck, csrf[:strings.Index(csrf, `"`)]
}
