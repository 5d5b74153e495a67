package agent

import (
	"context"
	"errors"
	"math"
	"net/netip"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/server/store"
)

// Sign-in limits. An attempt is counted before its password is checked,
// so concurrent attempts cannot all slip past a limit that only failures
// already checked would reach: at most MaxAddressFailures attempts per
// client address (IPv6: per /64) and MaxAccountFailures per user name (whatever the
// addresses) reach bcrypt in FailureWindow; a right password gives its
// attempt back. An attempt with a valid device cookie for its user name
// is counted against that cookie (MaxDeviceFailures) instead of the
// user name; the address limit holds for every attempt. Past maxTracked keys stale ones are swept; a new key is
// still tracked past it when it names an account.
const (
	MaxAddressFailures = 10
	MaxAccountFailures = 20
	FailureWindow      = 10 * time.Minute
	maxTracked         = 10000
	maxKeyBytes        = 128 // of a user name, as a key
)

// errLimited is returned by attempts.begin when a limit is reached; retry
// says when the oldest counted attempt leaves the window.
type errLimited struct{ retry time.Duration }

func (e errLimited) Error() string { return "agent: too many failed sign-ins" }

// RetryAfter is the Retry-After header's value, in whole seconds.
func (e errLimited) RetryAfter() int { return int(math.Ceil(e.retry.Seconds())) }

// limiter counts sign-in attempts: attempts in memory (one instance), or
// sharedAttempts in the store (PostgreSQL, shared by the instances).
type limiter interface {
	// begin counts an attempt by user from addr at now, or returns an
	// errLimited when either has no attempt left in the window (or the
	// store's error). With device (the id of a valid device cookie for
	// user), the attempt is counted against device instead of user. The
	// returned func gives the attempt back (the password was right, or
	// no password was checked).
	begin(ctx context.Context, addr, user, device string, now time.Time) (giveBack func(), err error)
}

// sharedAttempts counts in the store ([store.Store.BeginAttempt]), so
// that every instance sharing it enforces one limit.
type sharedAttempts struct{ st *store.Store }

func (s sharedAttempts) begin(ctx context.Context, addr, user, device string, now time.Time) (func(), error) {
	if len(user) > maxKeyBytes {
		user = user[:maxKeyBytes]
	}
	id, retry, err := s.st.BeginDeviceAttempt(ctx, addr, user, device, store.AttemptLimits{Addr: MaxAddressFailures,
		User: MaxAccountFailures, Device: MaxDeviceFailures, Window: FailureWindow}, now)
	if err != nil {
		return nil, err
	}
	if retry > 0 {
		return nil, errLimited{retry: retry}
	}
	var once sync.Once
	return func() { once.Do(func() { s.st.GiveBackAttempt(context.Background(), id) }) }, nil
}

// attempts counts recent sign-in attempts by address and by user name
// or device cookie.
type attempts struct {
	mu        sync.Mutex
	byAddr    map[string][]time.Time
	byUser    map[string][]time.Time
	byDevice  map[string][]time.Time
	known     func(user string) bool
	maxAddr   int
	maxUser   int
	maxDevice int
}

func newAttempts(known func(string) bool) *attempts {
	return &attempts{byAddr: map[string][]time.Time{}, byUser: map[string][]time.Time{},
		byDevice: map[string][]time.Time{}, known: known,
		maxAddr: MaxAddressFailures, maxUser: MaxAccountFailures, maxDevice: MaxDeviceFailures}
}

// begin counts an attempt by user from addr at now, or returns an
// errLimited when either has no attempt left in the window. The
// returned func gives the attempt back (the password was right, or no
// password was checked). With device, the attempt is counted against
// that device cookie instead of user.
func (a *attempts) begin(_ context.Context, addr, user, device string, now time.Time) (giveBack func(), err error) {
	if len(user) > maxKeyBytes {
		user = user[:maxKeyBytes]
	}
	byKey, key, maxKey := a.byUser, user, a.maxUser
	if device != "" { // a valid cookie for an account: bounded by the accounts' sign-ins
		byKey, key, maxKey = a.byDevice, device, a.maxDevice
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cut := now.Add(-FailureWindow)
	fromAddr, forKey := recent(a.byAddr[addr], cut), recent(byKey[key], cut)
	var retry time.Duration
	if len(fromAddr) >= a.maxAddr {
		retry = fromAddr[len(fromAddr)-a.maxAddr].Sub(cut)
	}
	if len(forKey) >= maxKey {
		retry = max(retry, forKey[len(forKey)-maxKey].Sub(cut))
	}
	if retry > 0 {
		a.store(a.byAddr, addr, fromAddr, cut)
		a.store(byKey, key, forKey, cut)
		return nil, errLimited{retry: retry}
	}
	a.store(a.byAddr, addr, append(fromAddr, now), cut)
	if device != "" || a.known(user) || len(a.byUser) < maxTracked {
		a.store(byKey, key, append(forKey, now), cut)
	}
	var once sync.Once
	return func() { once.Do(func() { a.giveBack(addr, byKey, key, now) }) }, nil
}

// giveBack removes one attempt counted at t for addr and for key in byKey.
func (a *attempts) giveBack(addr string, byKey map[string][]time.Time, key string, t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	remove(a.byAddr, addr, t)
	remove(byKey, key, t)
}

func remove(m map[string][]time.Time, key string, t time.Time) {
	ts := m[key]
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Equal(t) {
			ts = append(ts[:i], ts[i+1:]...)
			break
		}
	}
	if len(ts) == 0 {
		delete(m, key)
	} else {
		m[key] = ts
	}
}

// store keeps ts (already cut) under key, sweeping stale keys when the
// map is full.
func (a *attempts) store(m map[string][]time.Time, key string, ts []time.Time, cut time.Time) {
	if len(ts) == 0 {
		delete(m, key)
		return
	}
	if _, ok := m[key]; !ok && len(m) >= maxTracked {
		for k, old := range m {
			if !old[len(old)-1].After(cut) {
				delete(m, k)
			}
		}
	}
	m[key] = ts
}

// AddrKey is the key of a client address for the limits: an IPv4
// address, or the /64 network of an IPv6 one (what one client usually
// holds).
func AddrKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil || ip.Is4() || ip.Is4In6() {
		return addr
	}
	p, _ := ip.Prefix(64)
	return p.String()
}

// recent returns the times of ts after cut (ts is in order).
func recent(ts []time.Time, cut time.Time) []time.Time {
	for i, t := range ts {
		if t.After(cut) {
			return ts[i:]
		}
	}
	return nil
}

// Password checks: at most BcryptConcurrency run at once, whoever asks,
// so a burst of sign-ins cannot take every core from the chat; an attempt
// waits at most BcryptWait for its turn, then is refused with 503.
const BcryptWait = 5 * time.Second

// errBusy is returned when no password check could start in BcryptWait.
var errBusy = errors.New("agent: too many sign-ins at once")

// checker runs password checks, a few at a time.
type checker struct {
	slots   chan struct{}
	wait    time.Duration // BcryptWait
	compare func(hash, password []byte) error
}

// run calls compare when a slot is free, or returns errBusy after c.wait.
func (c *checker) run(ctx context.Context, hash, password []byte) error {
	if ctx.Err() != nil {
		return errBusy
	}
	t := time.NewTimer(c.wait)
	defer t.Stop()
	select {
	case c.slots <- struct{}{}:
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return errBusy
	}
	defer func() { <-c.slots }()
	return c.compare(hash, password)
}
