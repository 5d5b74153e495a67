package agent_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

// cheapAccounts are accounts whose password is their user name, hashed at
// bcrypt's lowest cost.
func cheapAccounts(t *testing.T, users ...string) []agent.Account {
	t.Helper()
	var out []agent.Account
	for _, u := range users {
		h, err := bcrypt.GenerateFromPassword([]byte(u), bcrypt.MinCost)
		require.NoError(t, err)
		out = append(out, agent.Account{User: u, PasswordHash: string(h)})
	}
	return out
}

// browserFrom is a client from ip that keeps cookies in jar, as a
// browser would.
func browserFrom(t *testing.T, ip string, jar http.CookieJar) *http.Client {
	t.Helper()
	c := clientFrom(ip)
	c.Jar = jar
	return c
}

func newJar(t *testing.T) http.CookieJar {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return jar
}

// flood posts wrong passwords for user from n addresses (127.0.0.<from+i>),
// agent.MaxAddressFailures from each, and counts the answers.
func flood(t *testing.T, srvs []*httptest.Server, user string, from, n int) map[int]int {
	t.Helper()
	total := map[int]int{}
	for i := range n {
		for code, k := range burst(t, clientFrom(fmt.Sprintf("127.0.0.%d", from+i)), srvs[i%len(srvs)], user, agent.MaxAddressFailures) {
			total[code] += k
		}
	}
	return total
}

// loginWithCookie posts a sign-in bringing ck (nil: none) from client.
func loginWithCookie(t *testing.T, client *http.Client, srv *httptest.Server, user, password string, ck *http.Cookie) int {
	t.Helper()
	req, err := http.NewRequest("POST", srv.URL+"/agent/login",
		strings.NewReader(url.Values{"user": {user}, "password": {password}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if ck != nil {
		req.AddCookie(ck)
	}
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// deviceCookie signs user in from a fresh client and returns the device
// cookie the server gave.
func deviceCookie(t *testing.T, srv *httptest.Server, ip, user string) *http.Cookie {
	t.Helper()
	resp, err := clientFrom(ip).PostForm(srv.URL+"/agent/login", url.Values{"user": {user}, "password": {user}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	for _, c := range resp.Cookies() {
		if c.Name == agent.DeviceCookieName(user) {
			return c
		}
	}
	t.Fatal("no device cookie")
	return nil
}

// A flood of wrong passwords for alice from many addresses locks out a
// browser without her device cookie, but not the one she signed in with
// before, whatever its address.
func TestDeviceCookieOutlastsAFloodOfTheUserName(t *testing.T) {
	srv, _, _ := newCountedServer(t, cheapAccounts(t, "alice", "bob"))
	jar := newJar(t)
	hers := browserFrom(t, "127.0.0.50", jar)
	require.Equal(t, http.StatusSeeOther, loginWith(t, hers, srv, "alice", "alice"))

	got := flood(t, []*httptest.Server{srv}, "alice", 10, 3)
	assert.Equal(t, map[int]int{http.StatusUnauthorized: agent.MaxAccountFailures,
		http.StatusTooManyRequests: 3*agent.MaxAddressFailures - agent.MaxAccountFailures}, got)
	assert.Equal(t, http.StatusTooManyRequests, loginWith(t, clientFrom("127.0.0.99"), srv, "alice", "alice"),
		"a browser without her cookie")
	assert.Equal(t, http.StatusSeeOther, loginWith(t, hers, srv, "alice", "alice"), "her browser")
	assert.Equal(t, http.StatusSeeOther, loginWith(t, browserFrom(t, "127.0.0.51", jar), srv, "alice", "alice"),
		"her browser on another network")
	assert.Equal(t, http.StatusUnauthorized, loginWith(t, hers, srv, "alice", "typo"), "a wrong password is still wrong")
}

func TestDeviceCookieAttributes(t *testing.T) {
	srv, _, _ := newCountedServer(t, cheapAccounts(t, "alice"))
	ck := deviceCookie(t, srv, "127.0.0.50", "alice")
	assert.True(t, strings.HasPrefix(ck.Name, agent.DeviceCookiePrefix))
	assert.True(t, ck.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, ck.SameSite)
	assert.Equal(t, "/agent/login", ck.Path)
	assert.Equal(t, int(agent.DeviceTTL.Seconds()), ck.MaxAge)
	assert.False(t, ck.Secure, "plain HTTP, like the session cookie")
	assert.NotContains(t, ck.Value, "alice")

	req, _ := http.NewRequest("POST", srv.URL+"/agent/login",
		strings.NewReader(url.Values{"user": {"alice"}, "password": {"alice"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := noRedirect.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		assert.True(t, c.Secure, "%s behind an HTTPS proxy", c.Name)
	}
}

// Signing out ends the session, not the device cookie.
func TestSignOutKeepsTheDeviceCookie(t *testing.T) {
	srv := newServer(t)
	resp, _ := login(t, srv, "demo", "demo")
	var names []string
	for _, c := range resp.Cookies() {
		names = append(names, c.Name)
	}
	assert.Contains(t, names, agent.DeviceCookieName("demo"))
	ck, csrf := signedIn(t, srv)
	req, _ := http.NewRequest("POST", srv.URL+"/agent/logout", strings.NewReader(url.Values{"csrf": {csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(ck)
	out, err := noRedirect.Do(req)
	require.NoError(t, err)
	out.Body.Close()
	require.Equal(t, http.StatusSeeOther, out.StatusCode)
	for _, c := range out.Cookies() {
		assert.Equal(t, agent.CookieName, c.Name, "sign-out clears only the session cookie")
	}
}

// A cookie that is forged, altered, expired, another user's, or made
// before the password changed or the account was removed counts as none:
// the attempt is held by the user name's limit.
func TestInvalidDeviceCookiesCountAsNone(t *testing.T) {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	c := &clock{now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	srv := loginServer(t, st, cheapAccounts(t, "alice", "bob"), c)
	old := deviceCookie(t, srv, "127.0.0.50", "alice")
	c.Advance(agent.DeviceTTL)
	hers := deviceCookie(t, srv, "127.0.0.50", "alice")
	bobs := deviceCookie(t, srv, "127.0.0.50", "bob")
	require.Equal(t, http.StatusSeeOther, loginWithCookie(t, noRedirect, srv, "alice", "alice", old),
		"the old cookie expired: a cookieless sign-in")

	flood(t, []*httptest.Server{srv}, "alice", 10, 2)
	fresh := clientFrom("127.0.0.99")
	require.Equal(t, http.StatusTooManyRequests, loginWithCookie(t, fresh, srv, "alice", "alice", nil))
	require.Equal(t, http.StatusSeeOther, loginWithCookie(t, fresh, srv, "alice", "alice", hers), "her valid cookie")

	id, rest, _ := strings.Cut(hers.Value, ".")
	expires, mac, _ := strings.Cut(rest, ".")
	later := fmt.Sprint(c.Now().Add(2 * agent.DeviceTTL).Unix())
	for name, value := range map[string]string{
		"expired":          old.Value,
		"forged":           "x" + id[1:] + "." + expires + "." + mac,
		"extended":         id + "." + later + "." + mac,
		"no signature":     id + "." + expires + ".",
		"garbage":          "garbage",
		"bob's, as hers":   bobs.Value,
		"empty id":         "." + expires + "." + mac,
		"another's format": strings.Repeat("A", 300),
	} {
		ck := &http.Cookie{Name: agent.DeviceCookieName("alice"), Value: value}
		assert.Equal(t, http.StatusTooManyRequests, loginWithCookie(t, fresh, srv, "alice", "alice", ck), name)
	}
	assert.Equal(t, http.StatusTooManyRequests, loginWithCookie(t, fresh, srv, "alice", "alice", bobs),
		"bob's cookie under its own name")

	// A new password (the accounts file changed and the server restarted
	// on the same store): the cookies made for the old one count as none.
	changed := cheapAccounts(t, "bob")
	h, err := bcrypt.GenerateFromPassword([]byte("alice"), bcrypt.MinCost)
	require.NoError(t, err)
	changed = append(changed, agent.Account{User: "alice", PasswordHash: string(h)})
	restarted := loginServer(t, st, changed, c)
	flood(t, []*httptest.Server{restarted}, "alice", 10, 2) // its counters are its own (one SQLite instance)
	assert.Equal(t, http.StatusSeeOther, loginWithCookie(t, fresh, restarted, "bob", "bob", bobs),
		"bob's password did not change: the store kept the key")
	assert.Equal(t, http.StatusTooManyRequests, loginWithCookie(t, fresh, restarted, "alice", "alice", hers),
		"alice's password changed (same words, new hash)")
	removed := loginServer(t, st, cheapAccounts(t, "alice"), c)
	assert.Equal(t, http.StatusUnauthorized, loginWithCookie(t, fresh, removed, "bob", "bob", bobs),
		"bob's account is gone")
}

// A device cookie has its own limit, so a stolen one cannot guess
// freely; attempts without it are not held by it.
func TestDeviceCookieHasItsOwnFailureLimit(t *testing.T) {
	srv, c, n := newCountedServer(t, cheapAccounts(t, "alice"))
	ck := deviceCookie(t, srv, "127.0.0.50", "alice")
	total := map[int]int{}
	for i := range 3 { // from three addresses, so the address limit is not the one reached
		client := clientFrom(fmt.Sprintf("127.0.0.%d", 10+i))
		for range agent.MaxDeviceFailures / 2 {
			total[loginWithCookie(t, client, srv, "alice", "guess", ck)]++
		}
	}
	assert.Equal(t, map[int]int{http.StatusUnauthorized: agent.MaxDeviceFailures,
		http.StatusTooManyRequests: 3*(agent.MaxDeviceFailures/2) - agent.MaxDeviceFailures}, total)
	assert.EqualValues(t, 1+agent.MaxDeviceFailures, n.total.Load(), "bcrypt checks")
	fresh := clientFrom("127.0.0.99")
	assert.Equal(t, http.StatusTooManyRequests, loginWithCookie(t, fresh, srv, "alice", "alice", ck),
		"the cookie is locked out, even with the right password")
	assert.Equal(t, http.StatusSeeOther, loginWithCookie(t, fresh, srv, "alice", "alice", nil),
		"her user name was not counted: a cookieless sign-in still works")
	c.Advance(agent.FailureWindow)
	assert.Equal(t, http.StatusSeeOther, loginWithCookie(t, fresh, srv, "alice", "alice", ck), "the window passed")
}

// Two instances on one PostgreSQL store sign and verify the cookies with
// one key and count a cookie's attempts together.
func TestDeviceCookieIsSharedByInstances(t *testing.T) {
	u := pgtest.DB(t)
	c := &clock{now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	accounts := cheapAccounts(t, "alice") // one accounts file for both
	var srvs []*httptest.Server
	for range 2 {
		st, err := store.OpenURL(context.Background(), u)
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		srvs = append(srvs, loginServer(t, st, accounts, c))
	}
	ck := deviceCookie(t, srvs[0], "127.0.0.50", "alice")
	got := flood(t, srvs, "alice", 10, 4)
	assert.Equal(t, agent.MaxAccountFailures, got[http.StatusUnauthorized], "the user name's limit, over both")
	fresh := clientFrom("127.0.0.99")
	for i, srv := range srvs {
		assert.Equal(t, http.StatusTooManyRequests, loginWithCookie(t, fresh, srv, "alice", "alice", nil), "instance %d, no cookie", i)
		assert.Equal(t, http.StatusSeeOther, loginWithCookie(t, fresh, srv, "alice", "alice", ck), "instance %d, her cookie", i)
	}
	total := map[int]int{}
	for i := range 2 * agent.MaxDeviceFailures {
		client := clientFrom(fmt.Sprintf("127.0.0.%d", 20+i/5))
		total[loginWithCookie(t, client, srvs[i%2], "alice", "guess", ck)]++
	}
	assert.Equal(t, map[int]int{http.StatusUnauthorized: agent.MaxDeviceFailures,
		http.StatusTooManyRequests: agent.MaxDeviceFailures}, total, "the cookie's limit, over both")
}
