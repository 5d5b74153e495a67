//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// Locks is navigator.locks (proactive.Lock).
type Locks struct{}

// Claim is the function Claim.
func (Locks) Claim(name string, got func(release func())) { Claim(name, got) }

// Claim asks, without waiting, for the exclusive Web Lock name, which all
// tabs of the page's origin share (navigator.locks): got is called with a
// release func when this tab now holds it, or with nil when another tab
// does. The lock is held until release is called or the page goes away.
// Without the Web Locks API (an insecure context), every claim succeeds,
// and the console says so once.
func Claim(name string, got func(release func())) {
	locks, err := read(get(global, "navigator"), "locks")
	if err != nil || locks.Type() != safejs.TypeObject {
		noLocks()
		got(func() {})
		return
	}
	var cb safejs.Func
	cb = Func("web lock "+name, func(_ safejs.Value, args []safejs.Value) any {
		cb.Release()
		if len(args) == 0 || args[0].IsNull() {
			got(nil)
			return nil
		}
		hold, release := pending()
		got(release)
		return hold
	})
	p, err := locks.Call("request", name, map[string]any{"ifAvailable": true}, cb)
	if err != nil {
		cb.Release()
		noLocks()
		got(func() {})
		return
	}
	ignoreRejection(p)
}

func noLocks() {
	Console{}.WarnOnce("locks", "lcwasm: navigator.locks (the Web Locks API) is unavailable, so two tabs of the visitor deciding at the same moment may both show an invitation")
}

// pending returns a promise and the func that resolves it.
func pending() (safejs.Value, func()) {
	var resolve safejs.Value
	exec := Func("promise executor", func(_ safejs.Value, args []safejs.Value) any {
		resolve = args[0]
		return nil
	})
	defer exec.Release()
	p, err := newObject("Promise", exec) // the executor runs at once
	if err != nil {
		return safejs.Undefined(), func() {}
	}
	return p, func() {
		if IsFunction(resolve) {
			_, _ = resolve.Invoke()
			resolve = safejs.Undefined()
		}
	}
}

var noop = Func("noop", func(safejs.Value, []safejs.Value) any { return nil })

func ignoreRejection(p safejs.Value) { _, _ = p.Call("catch", noop) }
