package jstree

import (
	"errors"
	"strconv"
)

// Cursor walks a tree for a decoder: a value and the path that led to it,
// so every problem names the bad field ("operatingHours.windows[0].open").
// Problems are appended to Errs, prefixed with Pkg ("widget"), and the
// decoder carries on with a default: one bad field never spoils the rest.
// The widget's configuration, package hours and the chat client's frames
// decode with it.
type Cursor struct {
	Pkg  string // prefixes each error: "widget: path: …"
	Name string // names the value at the empty path in errors ("config"); "" leaves it out
	Path string
	V    any
	Errs *[]error
}

// Root starts a cursor at tree, collecting problems in errs.
func Root(pkg, path string, tree any, errs *[]error) Cursor {
	return Cursor{Pkg: pkg, Path: path, V: tree, Errs: errs}
}

// First is the first problem reported, or nil.
func (c Cursor) First() error {
	if len(*c.Errs) == 0 {
		return nil
	}
	return (*c.Errs)[0]
}

// Absent reports whether v is null or undefined.
func Absent(v any) bool {
	switch v.(type) {
	case nil, Undefined:
		return true
	}
	return false
}

// Get moves to field key of an object; a missing field is Undefined.
func (c Cursor) Get(key string) Cursor {
	m, _ := c.V.(map[string]any)
	v, ok := m[key]
	if !ok {
		v = Undefined{}
	}
	c.Path, c.V = Join(c.Path, key), v
	return c
}

// Index moves to element i of an array (i < List()).
func (c Cursor) Index(i int) Cursor {
	a, _ := c.V.([]any)
	c.Path, c.V = c.Path+"["+strconv.Itoa(i)+"]", a[i]
	return c
}

// Join is path.key, or key at the root.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Report records a problem with the value under the cursor: "pkg: path: msg".
func (c Cursor) Report(msg string) {
	path := c.Path
	if path == "" {
		path = c.Name
	}
	if path != "" {
		msg = path + ": " + msg
	}
	*c.Errs = append(*c.Errs, errors.New(c.Pkg+": "+msg))
}

// Fail reports the value as not what was wanted: "want …, got string".
func (c Cursor) Fail(want string) { c.Report("want " + want + ", got " + TypeName(c.V)) }

// Problems counts the problems reported so far, so a decoder can tell
// whether a part of the tree was clean.
func (c Cursor) Problems() int { return len(*c.Errs) }

// Str reads a string; absent is def, anything else is reported and def.
func (c Cursor) Str(def string) string {
	if Absent(c.V) {
		return def
	}
	s, ok := c.V.(string)
	if !ok {
		c.Fail("a string")
		return def
	}
	return s
}

// Bool reads a boolean; absent is def, anything else is reported and def.
func (c Cursor) Bool(def bool) bool {
	if Absent(c.V) {
		return def
	}
	b, ok := c.V.(bool)
	if !ok {
		c.Fail("a boolean")
		return def
	}
	return b
}

// Number reads a number from lo to hi; anything else is reported and def.
func (c Cursor) Number(def, lo, hi float64) float64 {
	if Absent(c.V) {
		return def
	}
	n, ok := c.V.(float64)
	if !ok || n < lo || n > hi {
		c.Fail("a number from " + strconv.FormatFloat(lo, 'f', -1, 64) + " to " + strconv.FormatFloat(hi, 'f', -1, 64))
		return def
	}
	return n
}

// Object checks the value is an object with only the known keys, reporting
// each other key; absent is false without a problem.
func (c Cursor) Object(known ...string) bool {
	if Absent(c.V) {
		return false
	}
	m, ok := c.V.(map[string]any)
	if !ok {
		c.Fail("an object")
		return false
	}
	for k := range m {
		if !contains(known, k) {
			c.Get(k).Report("unknown field")
		}
	}
	return true
}

// List is the length of an array; absent is 0, anything else is reported.
func (c Cursor) List() int {
	if Absent(c.V) {
		return 0
	}
	a, ok := c.V.([]any)
	if !ok {
		c.Fail("an array")
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
