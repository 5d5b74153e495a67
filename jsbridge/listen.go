//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// Listen adds a guarded event listener to target. The returned func removes
// it and frees the Go callback; calling it twice is harmless.
func Listen(target safejs.Value, event string, fn func(ev safejs.Value)) (remove func()) {
	return ListenWith(target, event, nil, fn)
}

// ListenWith is Listen with addEventListener options, such as
// {passive: true, capture: true} for the page signals the widget watches.
func ListenWith(target safejs.Value, event string, opts map[string]any, fn func(ev safejs.Value)) (remove func()) {
	f := Func(event+" listener", func(_ safejs.Value, args []safejs.Value) any {
		ev := safejs.Undefined()
		if len(args) > 0 {
			ev = args[0]
		}
		fn(ev)
		return nil
	})
	capture := opts["capture"] == true
	name := jsString(event)
	if opts == nil {
		_, _ = target.Call("addEventListener", name, f)
	} else {
		_, _ = target.Call("addEventListener", name, f, opts)
	}
	done := false
	return func() {
		if done {
			return
		}
		done = true
		_, _ = target.Call("removeEventListener", name, f, capture)
		f.Release()
	}
}
