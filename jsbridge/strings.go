//go:build js && wasm

package jsbridge

import "syscall/js"

// Every Go string handed to JavaScript becomes a new JS reference, with a
// Go finalizer that frees it only after a later garbage collection. The
// collector runs by Go heap bytes alone (at least 1 MB apart, whatever
// GOGC says), so the references pile up between collections, each with a
// finalizer record in Go and a slot in wasm_exec.js's tables: memory that
// no collector counts. Showing an invitation sets some forty attributes;
// the names of attributes, tag and event names, and the values of the
// attributes that take a word from a short list (class, part, type, role,
// dir, id), are made JS strings once and kept: at most maxCachedStrings
// of at most maxCachedLen bytes each.
const (
	maxCachedStrings = 256
	maxCachedLen     = 64
)

var cachedStrings = map[string]js.Value{}

// wordAttrs are the attributes whose values are cached.
var wordAttrs = map[string]bool{"class": true, "part": true, "type": true, "role": true, "dir": true, "id": true, "aria-hidden": true}

// jsString is s as a kept JS string (a js.Value, which safejs and
// syscall/js both take as an argument) when it is cached or there is room
// for it, else s itself (converted, as any argument, per call).
func jsString(s string) any {
	if v, ok := cachedStrings[s]; ok {
		return v
	}
	if len(s) > maxCachedLen || len(cachedStrings) >= maxCachedStrings {
		return s
	}
	v := js.ValueOf(s)
	cachedStrings[s] = v
	return v
}

// attrValue is value as jsString for the attributes of wordAttrs, else
// value.
func attrValue(name, value string) any {
	if wordAttrs[name] {
		return jsString(value)
	}
	return value
}
