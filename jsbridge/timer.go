//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// Clock is the wall clock.
type Clock struct{}

// Now is Date.now(), to the millisecond.
func (Clock) Now() instant.Time { return Now() }

// maxDelay is the longest delay setTimeout takes (2^31-1 ms).
const maxDelay = 1<<31 - 1

// Timer is widget.Timer over one setTimeout: the widget has at most one
// wake-up pending at any time.
type Timer struct {
	fn safejs.Func
	id safejs.Value
}

// NewTimer returns a timer that calls fire at each wake-up.
func NewTimer(fire func()) *Timer {
	t := &Timer{id: safejs.Undefined()}
	t.fn = Func("timer", func(safejs.Value, []safejs.Value) any {
		t.id = safejs.Undefined()
		fire()
		return nil
	})
	return t
}

// WakeAt arms the timer for at, replacing the previous one; the zero time
// disarms it. Browsers throttle timers in background tabs, so the wake-up
// may come late, never early.
func (t *Timer) WakeAt(at instant.Time) {
	if !t.id.IsUndefined() {
		_, _ = global.Call("clearTimeout", t.id)
		t.id = safejs.Undefined()
	}
	if at.IsZero() {
		return
	}
	ms := at.Sub(Now()).Milliseconds() + 1
	ms = max(0, min(ms, maxDelay))
	t.id, _ = global.Call("setTimeout", t.fn, ms)
}

// Yield lets the browser run other tasks (input, rendering, the page's own
// scripts) and resumes on a later task: long start-up work split by Yield
// never becomes one long task. Call it from the main goroutine only.
func Yield() {
	done := make(chan struct{})
	if later(func() { close(done) }) {
		<-done
	}
}

// later runs fn on a later task (setTimeout 0); false when it cannot.
func later(fn func()) bool {
	var f safejs.Func
	f = Func("later", func(safejs.Value, []safejs.Value) any {
		f.Release()
		fn()
		return nil
	})
	if _, err := global.Call("setTimeout", f, 0); err != nil {
		f.Release()
		return false
	}
	return true
}

// SinceNavigation is how long ago the page's navigation started
// (performance.now()).
func SinceNavigation() instant.Duration {
	ms, err := get(global, "performance").Call("now")
	if err != nil {
		return 0
	}
	return instant.Duration(num(ms) * float64(instant.Millisecond))
}

// Now is the wall clock, Date.now(): the wasm links no time package
// (internal/instant).
func Now() instant.Time {
	ms, err := date.Call("now")
	if err != nil {
		return 0
	}
	return instant.UnixMilli(int64(num(ms)))
}
