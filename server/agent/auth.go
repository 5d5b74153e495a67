package agent

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
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

// Auth signs agents in and out.
type Auth struct {
	accounts map[string]Account
	store    *store.Store
	logger   *slog.Logger
	now      func() time.Time

	attempts limiter
	checker  *checker
	devices  deviceKeys
	// SignInFailed, when set, is told of each refused sign-in:
	// "wrong_password" (401) or "rate_limited" (429). Set it before
	// serving.
	SignInFailed func(reason string)
	// dummyHash is checked for unknown user names: a hash of the highest
	// cost among the accounts, so they take as long as a wrong password.
	dummyHash []byte
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
	dummy, err := dummyHash(accounts)
	if err != nil {
		return nil, err
	}
	a := &Auth{accounts: idx, store: st, logger: logger, now: time.Now, dummyHash: dummy,
		checker: &checker{slots: make(chan struct{}, BcryptConcurrency()), wait: BcryptWait,
			compare: bcrypt.CompareHashAndPassword}}
	if st != nil && st.PostgresURL() != "" {
		a.attempts = sharedAttempts{st: st} // several instances count together
	} else {
		a.attempts = newAttempts(func(user string) bool { _, ok := a.accounts[user]; return ok })
	}
	return a, nil
}

// BcryptConcurrency is how many password checks run at once: one per
// four cores (GOMAXPROCS), at least one.
func BcryptConcurrency() int { return max(1, runtime.GOMAXPROCS(0)/4) }

// dummyHash returns a bcrypt hash of a random password at the highest
// cost among accounts (the demo hash when that is its cost).
func dummyHash(accounts []Account) ([]byte, error) {
	cost := bcrypt.MinCost
	for _, acc := range accounts {
		if c, err := bcrypt.Cost([]byte(acc.PasswordHash)); err == nil && c > cost {
			cost = c
		}
	}
	if demo, _ := bcrypt.Cost([]byte(demoHash)); cost == demo {
		return []byte(demoHash), nil
	}
	h, err := bcrypt.GenerateFromPassword([]byte(store.NewToken()), cost)
	if err != nil {
		return nil, fmt.Errorf("agent: dummy hash: %w", err)
	}
	return h, nil
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

// check verifies a password, waiting for a free bcrypt slot; unknown
// users cost as much as known ones.
func (a *Auth) check(ctx context.Context, user, password string) (bool, error) {
	acc, ok := a.accounts[user]
	hash := []byte(acc.PasswordHash)
	if !ok {
		hash = a.dummyHash
	}
	err := a.checker.run(ctx, hash, []byte(password))
	if errors.Is(err, errBusy) {
		return false, err
	}
	return ok && err == nil, nil
}

// failed tells SignInFailed, if set.
func (a *Auth) failed(reason string) {
	if a.SignInFailed != nil {
		a.SignInFailed(reason)
	}
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
// through a proxy that says so (X-Forwarded-Proto or Forwarded; package
// server removes both unless the peer is a trusted proxy). Even a forged
// one could only add the Secure flag, which a plain-HTTP client then
// ignores by not keeping the cookie.
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

// MaxFormBytes bounds the body of a sign-in or sign-out form; a larger
// one is refused with 413.
const MaxFormBytes = 4 << 10

// formError answers a form that could not be read: 413 when too large,
// 400 otherwise (malformed, or cut off by the server's read deadline).
func formError(w http.ResponseWriter, err error) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		http.Error(w, "server: form too large", http.StatusRequestEntityTooLarge)
		return
	}
	http.Error(w, "server: unreadable form", http.StatusBadRequest)
}

// ServeLogin handles POST /agent/login.
func (a *Auth) ServeLogin(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "server: cross-site sign-in refused", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		formError(w, err)
		return
	}
	addr, user, password := remoteAddr(r), r.PostForm.Get("user"), r.PostForm.Get("password")
	device := a.deviceID(r, user, a.now())
	giveBack, err := a.attempts.begin(r.Context(), AddrKey(addr), user, device, a.now())
	var limited errLimited
	if errors.As(err, &limited) {
		a.failed("rate_limited")
		w.Header().Set("Retry-After", strconv.Itoa(limited.RetryAfter()))
		a.LoginPage(w, r, http.StatusTooManyRequests, "Too many failed sign-ins. Try again in a few minutes.")
		return
	}
	if err != nil { // the store could not count it
		a.logger.Error("agent: sign-in: counting the attempt", "err", err, "addr", addr)
		w.Header().Set("Retry-After", "5")
		a.LoginPage(w, r, http.StatusServiceUnavailable, "The server cannot check sign-ins right now. Try again in a few seconds.")
		return
	}
	ok, err := a.check(r.Context(), user, password)
	if err != nil { // no password was checked
		giveBack()
		a.logger.Warn("agent: sign-in postponed", "err", err, "addr", addr)
		w.Header().Set("Retry-After", "5")
		a.LoginPage(w, r, http.StatusServiceUnavailable, "Too many sign-ins at once. Try again in a few seconds.")
		return
	}
	if !ok {
		a.logger.Warn("agent: sign-in refused", "user", user, "addr", addr, "device_cookie", device != "")
		a.failed("wrong_password")
		a.LoginPage(w, r, http.StatusUnauthorized, "Wrong user name or password.")
		return
	}
	giveBack()
	now := a.now()
	token, sess, err := a.store.CreateSession(r.Context(), user, now, now.Add(SessionTTL))
	if errors.Is(err, store.ErrUnwritable) {
		a.logger.Error("agent: sign-in: the store cannot be written", "user", user, "err", err)
		w.Header().Set("Retry-After", "60")
		a.LoginPage(w, r, http.StatusServiceUnavailable,
			"The server cannot store your sign-in right now (its disk is full or read-only). Try again later.")
		return
	}
	if err != nil {
		a.logger.Error("agent: sign-in: session", "user", user, "err", err)
		http.Error(w, "server: could not sign in", http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: token, Path: "/", Expires: sess.Expires,
		MaxAge: int(SessionTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
	a.setDeviceCookie(w, r, user, now)
	http.Redirect(w, r, nextPage(r), http.StatusSeeOther)
}

// ServeLogout handles POST /agent/logout; the CSRF token comes in the
// form field "csrf" or the X-CSRF-Token header.
func (a *Auth) ServeLogout(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "server: cross-site sign-out refused", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	_, csrf, ok := a.Session(r)
	if !ok {
		http.Redirect(w, r, "/agent", http.StatusSeeOther)
		return
	}
	given := r.Header.Get("X-CSRF-Token")
	if given == "" {
		if err := r.ParseForm(); err != nil {
			formError(w, err)
			return
		}
		given = r.PostForm.Get("csrf")
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
