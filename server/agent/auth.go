package agent

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/lcwasm/lcwasm/server/store"
)

// CookieName is the session cookie.
const CookieName = "lcw_agent"

// SessionTTL is how long a sign-in lasts at most.
const SessionTTL = 8 * time.Hour

// SessionIdle ends a session unused for this long: no request and no
// open console (an open console counts as use; the chat hub checks its
// session every 30 s).
const SessionIdle = time.Hour

// touchEvery bounds the store writes that record a session's use.
const touchEvery = time.Minute

// Login attempts: at most maxFailures failures per address per window;
// past maxTracked addresses, stale ones are swept.
const (
	maxFailures   = 10
	failureWindow = 10 * time.Minute
	maxTracked    = 10000
)

// Auth signs agents in and out.
type Auth struct {
	accounts map[string]Account
	store    *store.Store
	logger   *slog.Logger
	now      func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time // by remote address
}

// New returns an Auth for accounts, keeping sessions in st.
func New(accounts []Account, st *store.Store, logger *slog.Logger) (*Auth, error) {
	idx, err := index(accounts)
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Auth{accounts: idx, store: st, logger: logger, now: time.Now, failures: map[string][]time.Time{}}, nil
}

// Name is an agent's display name.
func (a *Auth) Name(user string) string {
	if acc, ok := a.accounts[user]; ok {
		return acc.Name
	}
	return user
}

// Session returns the signed-in agent of r and the session's CSRF token.
func (a *Auth) Session(r *http.Request) (user, csrf string, ok bool) {
	ck, err := r.Cookie(CookieName)
	if err != nil || ck.Value == "" {
		return "", "", false
	}
	now := a.now()
	s, err := a.store.Session(r.Context(), ck.Value, now)
	if err != nil {
		return "", "", false
	}
	if _, known := a.accounts[s.User]; !known {
		return "", "", false // the account was removed
	}
	if now.Sub(s.LastSeen) >= SessionIdle {
		a.store.DeleteSession(r.Context(), ck.Value)
		return "", "", false
	}
	if now.Sub(s.LastSeen) >= touchEvery {
		if err := a.store.TouchSession(r.Context(), ck.Value, now); err != nil {
			a.logger.Error("agent: session", "err", err)
		}
	}
	return s.User, s.CSRF, true
}

// check verifies a password; unknown users cost as much as known ones.
func (a *Auth) check(user, password string) bool {
	acc, ok := a.accounts[user]
	hash := acc.PasswordHash
	if !ok {
		hash = demoHash
	}
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	return ok && err == nil
}

// limited reports whether addr failed too often recently.
func (a *Auth) limited(addr string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	cut := a.now().Add(-failureWindow)
	recent := a.failures[addr][:0]
	for _, t := range a.failures[addr] {
		if t.After(cut) {
			recent = append(recent, t)
		}
	}
	if len(recent) == 0 {
		delete(a.failures, addr)
	} else {
		a.failures[addr] = recent
	}
	return len(recent) >= maxFailures
}

func (a *Auth) fail(addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if len(a.failures) >= maxTracked {
		for k, ts := range a.failures {
			if !ts[len(ts)-1].After(now.Add(-failureWindow)) {
				delete(a.failures, k)
			}
		}
	}
	a.failures[addr] = append(a.failures[addr], now)
}

func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// sameOrigin refuses a form posted from another site (login CSRF): a
// browser sends Origin with every POST, and Sec-Fetch-Site when it
// knows it.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true // not a browser
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// secure reports whether the browser reached us over TLS, directly or
// through a proxy that says so (X-Forwarded-Proto or Forwarded). Trusting
// the header is safe here: it can only add the Secure flag, which a
// plain-HTTP client then ignores by not keeping the cookie.
func secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	if strings.EqualFold(strings.TrimSpace(proto), "https") {
		return true
	}
	first, _, _ := strings.Cut(r.Header.Get("Forwarded"), ",")
	for _, kv := range strings.Split(first, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		if strings.EqualFold(k, "proto") && strings.EqualFold(strings.Trim(v, `"`), "https") {
			return true
		}
	}
	return false
}

// ServeLogin handles POST /agent/login.
func (a *Auth) ServeLogin(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "server: cross-site sign-in refused", http.StatusForbidden)
		return
	}
	addr := remoteAddr(r)
	if a.limited(addr) {
		w.Header().Set("Retry-After", "600")
		a.LoginPage(w, r, http.StatusTooManyRequests, "Too many failed sign-ins. Try again in a few minutes.")
		return
	}
	user, password := r.PostFormValue("user"), r.PostFormValue("password")
	if !a.check(user, password) {
		a.fail(addr)
		a.logger.Warn("agent: sign-in refused", "user", user, "addr", addr)
		a.LoginPage(w, r, http.StatusUnauthorized, "Wrong user name or password.")
		return
	}
	now := a.now()
	token, sess, err := a.store.CreateSession(r.Context(), user, now, now.Add(SessionTTL))
	if err != nil {
		a.logger.Error("agent: session", "err", err)
		http.Error(w, "server: could not sign in", http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: token, Path: "/", Expires: sess.Expires,
		MaxAge: int(SessionTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
	http.Redirect(w, r, nextPage(r), http.StatusSeeOther)
}

// ServeLogout handles POST /agent/logout; the CSRF token comes in the
// form field "csrf" or the X-CSRF-Token header.
func (a *Auth) ServeLogout(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "server: cross-site sign-out refused", http.StatusForbidden)
		return
	}
	_, csrf, ok := a.Session(r)
	if !ok {
		http.Redirect(w, r, "/agent", http.StatusSeeOther)
		return
	}
	given := r.Header.Get("X-CSRF-Token")
	if given == "" {
		given = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(given), []byte(csrf)) != 1 {
		http.Error(w, "server: missing or wrong CSRF token", http.StatusForbidden)
		return
	}
	ck, _ := r.Cookie(CookieName)
	if err := a.store.DeleteSession(r.Context(), ck.Value); err != nil && !errors.Is(err, store.ErrNotFound) {
		a.logger.Error("agent: sign-out", "err", err)
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
	http.Redirect(w, r, "/agent", http.StatusSeeOther)
}

// ServeSession handles GET /agent/session.
func (a *Auth) ServeSession(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	user, csrf, ok := a.Session(r)
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"server: sign in first"}`))
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"user": user, "name": a.Name(user), "csrf": csrf})
}
