package server

import (
	"strconv"
	"sync"
	"time"
)

// maxWindowKeys bounds the keys one addressWindow counts in a window.
// Past it a new key is let through uncounted (the keys already counted
// stay limited), so that a client with many addresses cannot grow the
// map without bound.
const maxWindowKeys = 100_000

// addressWindow is the per-client-address limit of the public POSTs: at
// most limit requests per key (a client address, with what else the
// route counts by) in each fixed window of length every, counted in
// memory (per instance) from the window's start (now truncated to
// every). Beacons count a minute, offline messages an hour.
type addressWindow struct {
	every  time.Duration
	limit  int // requests a key may make in a window; <0: any number
	mu     sync.Mutex
	start  time.Time      // the current window's
	counts map[string]int // requests per key in it
}

// admit counts a request of key at now. Over the limit it says no, and
// how long until the window ends (Retry-After).
func (a *addressWindow) admit(key string, now time.Time) (ok bool, retry time.Duration) {
	if a.limit < 0 {
		return true, 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if start := now.Truncate(a.every); !start.Equal(a.start) || a.counts == nil {
		a.start, a.counts = start, map[string]int{}
	}
	n, counted := a.counts[key]
	if !counted && len(a.counts) >= maxWindowKeys {
		return true, 0
	}
	if n >= a.limit {
		return false, a.start.Add(a.every).Sub(now)
	}
	a.counts[key] = n + 1
	return true, 0
}

// retryAfter is d as a Retry-After value: whole seconds, at least 1.
func retryAfter(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(s, 1), 10)
}
