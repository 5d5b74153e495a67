package widget

import (
	"fmt"
	"strconv"

	"github.com/lcwasm/lcwasm/internal/jstree"
)

// The pure trees the bridge makes of JavaScript values: see package jstree.
type (
	// Undefined is JavaScript's undefined (also a missing argument).
	Undefined = jstree.Undefined
	// Function is any JavaScript function.
	Function = jstree.Function
	// Opaque is a value the widget cannot use; Type names it.
	Opaque = jstree.Opaque
)

// TypeName names a tree value the way a JavaScript developer would.
func TypeName(v any) string { return jstree.TypeName(v) }

// absent reports whether v is null or undefined.
func absent(v any) bool {
	switch v.(type) {
	case nil, Undefined:
		return true
	}
	return false
}

// arg returns args[i], or Undefined when the caller passed fewer.
func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return Undefined{}
}

// field is a decoding cursor: a value and the path that led to it, so every
// error names the bad field.
type field struct {
	path string
	v    any
	errs *[]error
}

func (f field) get(key string) field {
	m, _ := f.v.(map[string]any)
	v, ok := m[key]
	if !ok {
		v = Undefined{}
	}
	return field{path: join(f.path, key), v: v, errs: f.errs}
}

func (f field) index(i int) field {
	a, _ := f.v.([]any)
	return field{path: f.path + "[" + strconv.Itoa(i) + "]", v: a[i], errs: f.errs}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (f field) fail(want string) {
	path := f.path
	if path == "" {
		path = "config" // the configuration itself
	}
	*f.errs = append(*f.errs, fmt.Errorf("widget: %s: want %s, got %s", path, want, TypeName(f.v)))
}

func (f field) str(def string) string {
	if absent(f.v) {
		return def
	}
	s, ok := f.v.(string)
	if !ok {
		f.fail("a string")
		return def
	}
	return s
}

func (f field) boolean(def bool) bool {
	if absent(f.v) {
		return def
	}
	b, ok := f.v.(bool)
	if !ok {
		f.fail("a boolean")
		return def
	}
	return b
}

// number reads a number from lo to hi; anything else is reported and def.
func (f field) number(def, lo, hi float64) float64 {
	if absent(f.v) {
		return def
	}
	n, ok := f.v.(float64)
	if !ok || n < lo || n > hi {
		f.fail("a number from " + strconv.FormatFloat(lo, 'f', -1, 64) + " to " + strconv.FormatFloat(hi, 'f', -1, 64))
		return def
	}
	return n
}

// object checks f is an object with only the known keys; absent is fine.
func (f field) object(known ...string) bool {
	if absent(f.v) {
		return false
	}
	m, ok := f.v.(map[string]any)
	if !ok {
		f.fail("an object")
		return false
	}
	for k := range m {
		if !contains(known, k) {
			*f.errs = append(*f.errs, fmt.Errorf("widget: %s: unknown field", join(f.path, k)))
		}
	}
	return true
}

func (f field) list() int {
	if absent(f.v) {
		return 0
	}
	a, ok := f.v.([]any)
	if !ok {
		f.fail("an array")
		return 0
	}
	return len(a)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
