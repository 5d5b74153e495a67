package server

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestAddressWindow: each key has limit requests a window; the refusal
// says how long until the window ends; the next window starts afresh;
// a negative limit admits everything; past maxWindowKeys a new key goes
// uncounted while the counted ones stay limited.
func TestAddressWindow(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 20, 0, 0, time.UTC)
	w := &addressWindow{every: time.Hour, limit: 2}
	admit := func(key string, now time.Time) bool {
		ok, _ := w.admit(key, now)
		return ok
	}
	assert.True(t, admit("a", at))
	assert.True(t, admit("a", at.Add(time.Minute)))
	ok, retry := w.admit("a", at.Add(2*time.Minute))
	assert.False(t, ok, "the third in the hour")
	assert.Equal(t, 38*time.Minute, retry, "until 11:00")
	assert.Equal(t, "2280", retryAfter(retry))
	assert.True(t, admit("b", at), "another key has its own count")
	assert.True(t, admit("a", at.Add(40*time.Minute)), "a new hour")

	w = &addressWindow{every: time.Minute, limit: -1}
	for range 100 {
		assert.True(t, admit("a", at))
	}

	w = &addressWindow{every: time.Minute, limit: 1}
	for i := range maxWindowKeys {
		w.admit(strconv.Itoa(i), at)
	}
	assert.False(t, admit("0", at), "a counted key stays limited")
	assert.True(t, admit("new", at), "uncounted once the map is full")
	assert.True(t, admit("new", at))
	assert.Len(t, w.counts, maxWindowKeys)
	assert.Equal(t, "1", retryAfter(time.Millisecond))
}
