package agent

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Device cookies ("Slow Down Online Guessing Attacks with Device
// Cookies", OWASP): a successful sign-in gives the browser a cookie that
// names this device as one the agent signed in from. An attempt that
// brings a valid one for the user name it tries is counted against the
// cookie (MaxDeviceFailures) and the address, not against the user
// name, so someone who floods an agent's name from elsewhere does not
// keep the agent out.
const (
	// DeviceCookiePrefix starts a device cookie's name; the rest is
	// derived from the user name, so agents sharing a browser each keep
	// theirs.
	DeviceCookiePrefix = "lcw_device_"
	// DeviceTTL is how long a device cookie is valid; each sign-in with
	// the right password gives a new one.
	DeviceTTL = 90 * 24 * time.Hour
	// MaxDeviceFailures bounds the attempts counted for one device cookie
	// in FailureWindow (a right password gives its attempt back): past
	// it, attempts with that cookie get 429, so a stolen cookie cannot
	// guess freely.
	MaxDeviceFailures = 10
	// devicePath is the only path the browser sends a device cookie to.
	devicePath = "/agent/login"
	// deviceSecretName names the key that signs the cookies in the store
	// (store.Store.Secret), shared by every instance on that store.
	deviceSecretName = "agent_device_cookie"
)

// DeviceCookieName is the name of user's device cookie.
func DeviceCookieName(user string) string {
	h := sha256.Sum256([]byte(user))
	return DeviceCookiePrefix + hex.EncodeToString(h[:8])
}

// deviceKeys holds the key that signs device cookies, read from the
// store on first use.
type deviceKeys struct {
	mu  sync.Mutex
	key []byte
}

// key returns the signing key: the store's secret, or, with no store, a
// random one of this process.
func (a *Auth) deviceKey(ctx context.Context) ([]byte, error) {
	a.devices.mu.Lock()
	defer a.devices.mu.Unlock()
	if a.devices.key != nil {
		return a.devices.key, nil
	}
	if a.store == nil {
		k := make([]byte, 32)
		rand.Read(k)
		a.devices.key = k
		return k, nil
	}
	v, err := a.store.Secret(ctx, deviceSecretName)
	if err != nil {
		return nil, fmt.Errorf("agent: device cookie key: %w", err)
	}
	a.devices.key = []byte(v)
	return a.devices.key, nil
}

// deviceMAC signs a device cookie of user: its id, its expiry, and the
// account's password hash (a new password ends the cookies of the old).
func deviceMAC(key []byte, user, id, expires, passwordHash string) string {
	m := hmac.New(sha256.New, key)
	for _, f := range []string{"lcw device cookie v1", user, id, expires, passwordHash} {
		fmt.Fprintf(m, "%d:%s;", len(f), f)
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// deviceID returns the id of the valid device cookie r brings for user,
// or "" when it brings none: no cookie, a forged or altered one, one
// past its expiry, one of another user name, or of a password or account
// since changed or removed.
func (a *Auth) deviceID(r *http.Request, user string, now time.Time) string {
	acc, ok := a.accounts[user]
	if !ok {
		return ""
	}
	ck, err := r.Cookie(DeviceCookieName(user))
	if err != nil {
		return ""
	}
	id, rest, ok1 := strings.Cut(ck.Value, ".")
	expires, mac, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || id == "" {
		return ""
	}
	exp, err := strconv.ParseInt(expires, 10, 64)
	if err != nil || !now.Before(time.Unix(exp, 0)) {
		return ""
	}
	key, err := a.deviceKey(r.Context())
	if err != nil {
		a.logger.Error("agent: sign-in: device cookie", "err", err)
		return ""
	}
	if !hmac.Equal([]byte(mac), []byte(deviceMAC(key, user, id, expires, acc.PasswordHash))) {
		return ""
	}
	return id
}

// setDeviceCookie gives the browser a new device cookie for user.
func (a *Auth) setDeviceCookie(w http.ResponseWriter, r *http.Request, user string, now time.Time) {
	key, err := a.deviceKey(r.Context())
	if err != nil {
		a.logger.Error("agent: sign-in: device cookie", "err", err)
		return
	}
	b := make([]byte, 16)
	rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	exp := now.Add(DeviceTTL)
	expires := strconv.FormatInt(exp.Unix(), 10)
	http.SetCookie(w, &http.Cookie{Name: DeviceCookieName(user),
		Value: id + "." + expires + "." + deviceMAC(key, user, id, expires, a.accounts[user].PasswordHash),
		Path:  devicePath, Expires: exp, MaxAge: int(DeviceTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
}
