//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
)

var (
	// global is the page's window. Go's own globalThis is the loader's
	// scoped object (its fs, process and path are not the page's, see
	// assets/lcw.js goClass), which forwards everything else to the window
	// but cannot be the receiver of the window's methods.
	global   = windowOf(safejs.Global())
	document = get(global, "document")
	console  = get(global, "console")
	date     = get(global, "Date") // Now's clock
)

// windowOf is g.window when it is an object (a browser page), else g.
func windowOf(g safejs.Value) safejs.Value {
	if w := get(g, "window"); !w.IsUndefined() && !w.IsNull() {
		return w
	}
	return g
}

// get reads a property path, or undefined if any step fails.
func get(v safejs.Value, path ...string) safejs.Value {
	for _, p := range path {
		next, err := v.Get(p)
		if err != nil {
			return safejs.Undefined()
		}
		v = next
	}
	return v
}

// Global returns a property of globalThis, or undefined.
func Global(path ...string) safejs.Value { return get(global, path...) }

// str reads v as a string, or "" when it is not one.
func str(v safejs.Value) string {
	if t, ok := typeOf(v); !ok || t != safejs.TypeString {
		return ""
	}
	s, _ := v.String()
	return s
}

// newObject returns `new globalThis[ctor](args...)`.
func newObject(ctor string, args ...any) (safejs.Value, error) {
	return get(global, ctor).New(args...)
}

// object makes a JS object from a Go map of plain values (strings, numbers,
// booleans, nested maps and slices of those; not safejs values).
func object(m map[string]any) safejs.Value {
	v, err := safejs.ValueOf(m)
	if err != nil {
		return safejs.Null()
	}
	return v
}

// IsFunction reports whether v (a JS value or a PageFunc) is a
// JavaScript function (false for anything else, a BigInt included).
func IsFunction(v any) bool {
	switch v := v.(type) {
	case safejs.Value:
		t, ok := typeOf(v)
		return ok && t == safejs.TypeFunction
	case PageFunc:
		return v.Valid()
	}
	return false
}
