//go:build js && wasm

package jsbridge

import (
	"strconv"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/widget"
)

// Limits on what ToGo walks, so a hostile or careless page cannot make the
// widget spin, run out of memory or overflow its stack. What lies beyond
// a limit becomes a widget.Opaque value that names it, and the argument
// checks reject it by that name.
const (
	maxDepth = 32       // levels of objects and arrays inside one another
	maxItems = 10000    // keys of one object, items of one array
	maxNodes = 100000   // values in one tree (shared objects count each time)
	maxBytes = 16 << 20 // UTF-8 bytes of all strings in one tree (16 MiB)
)

var tooMuchText = "string beyond the " + strconv.Itoa(maxBytes>>20) + " MiB of text a value may hold"

// The built-ins ToGo calls for every object, looked up once.
var (
	arrayIsArray    = get(global, "Array", "isArray")
	objectKeys      = get(global, "Object", "keys")
	objectProtoOf   = get(global, "Object", "getPrototypeOf")
	objectPrototype = get(global, "Object", "prototype")
	reflectGet      = get(global, "Reflect", "get")
)

// ToGo converts a JavaScript value into a plain Go tree (see package
// widget's value.go): null→nil, undefined→widget.Undefined, numbers
// float64, strings, booleans, arrays []any, plain objects map[string]any,
// functions widget.Function, anything else widget.Opaque. A cyclic
// object, one nested deeper than 32 levels, a tree of more than 100,000
// values or 16 MiB of strings, a BigInt, and an object whose getter or
// Proxy trap throws all become widget.Opaque naming what is wrong; ToGo
// never panics and never recurses without bound.
func ToGo(v safejs.Value) any {
	var w walk
	return w.value(v)
}

// ToGoArgs converts a call's arguments.
func ToGoArgs(args []safejs.Value) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = ToGo(a)
	}
	return out
}

// walk is one ToGo conversion: what it has spent of the limits, and the
// objects above the current one (to see a cycle).
type walk struct {
	nodes, bytes int
	above        []safejs.Value
}

func (w *walk) value(v safejs.Value) any {
	if w.nodes++; w.nodes > maxNodes {
		return widget.Opaque{Type: "object too large (more than " + strconv.Itoa(maxNodes) + " values)"}
	}
	t, ok := typeOf(v)
	if !ok {
		return widget.Opaque{Type: "bigint"}
	}
	switch t {
	case safejs.TypeUndefined:
		return widget.Undefined{}
	case safejs.TypeNull:
		return nil
	case safejs.TypeBoolean:
		b, _ := v.Bool()
		return b
	case safejs.TypeNumber:
		f, _ := v.Float()
		return f
	case safejs.TypeString:
		return w.text(v)
	case safejs.TypeFunction:
		return widget.Function{}
	case safejs.TypeObject:
		return w.object(v)
	}
	return widget.Opaque{Type: t.String()}
}

// text copies a string into Go unless the tree's string budget is spent.
// It counts the UTF-8 bytes of the copy: asking the length first would
// cost two more calls into JavaScript for every string.
func (w *walk) text(v safejs.Value) any {
	if w.bytes > maxBytes {
		return widget.Opaque{Type: tooMuchText}
	}
	s, _ := v.String()
	if w.bytes += len(s); w.bytes > maxBytes {
		return widget.Opaque{Type: tooMuchText}
	}
	return s
}

func (w *walk) object(v safejs.Value) any {
	for _, a := range w.above {
		if a.Equal(v) {
			return widget.Opaque{Type: "cyclic object"}
		}
	}
	if len(w.above) >= maxDepth {
		return widget.Opaque{Type: "object nested deeper than " + strconv.Itoa(maxDepth) + " levels"}
	}
	w.above = append(w.above, v)
	defer func() { w.above = w.above[:len(w.above)-1] }()
	if isArray, _ := arrayIsArray.Invoke(v); truthy(isArray) {
		return w.array(v)
	}
	if isPlain, err := plain(v); err != nil {
		return widget.Opaque{Type: "object that cannot be read"}
	} else if !isPlain {
		return widget.Opaque{Type: kind(v)}
	}
	keys, err := objectKeys.Invoke(v)
	if err != nil {
		return widget.Opaque{Type: "object that cannot be read"}
	}
	n, _ := keys.Length() // a real array, made by Object.keys
	if n > maxItems {
		return widget.Opaque{Type: "object with too many keys (more than " + strconv.Itoa(maxItems) + ")"}
	}
	m := make(map[string]any, n)
	for i := range n {
		k, _ := keys.Index(i)
		key := str(k)
		item, err := read(v, key)
		if err != nil {
			return widget.Opaque{Type: "object whose " + key + " cannot be read"}
		}
		m[key] = w.value(item)
	}
	return m
}

func (w *walk) array(v safejs.Value) any {
	length, err := read(v, "length")
	if err != nil {
		return widget.Opaque{Type: "array that cannot be read"}
	}
	f, _ := length.Float() // a Proxy's trap may answer anything
	if !(f >= 0) {
		return widget.Opaque{Type: "array with an invalid length"}
	}
	if f > maxItems {
		return widget.Opaque{Type: "array too long (more than " + strconv.Itoa(maxItems) + " items)"}
	}
	n := int(f)
	out := make([]any, n)
	for i := range n {
		item, err := read(v, i)
		if err != nil {
			return widget.Opaque{Type: "array whose items cannot be read"}
		}
		out[i] = w.value(item)
	}
	return out
}

// typeOf is v.Type() for any value the page can make: syscall/js panics
// on a BigInt (its type flag is one Go does not know), so a BigInt gives
// ok == false instead of taking the caller down.
func typeOf(v safejs.Value) (t safejs.Type, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return v.Type(), true
}

// read is v[key] for values the page made. syscall/js guards calls but not
// property reads, so a throwing getter or Proxy trap read with Get would
// take the whole runtime down; Reflect.get through Call turns it into an
// error instead.
func read(v safejs.Value, key any) (safejs.Value, error) {
	return reflectGet.Invoke(v, key)
}

// plain reports whether v is an object literal (prototype Object.prototype
// or null), not a Date, a DOM node, a Map or a class instance. It goes by
// shape, not by identity: an object literal made in another realm (an
// iframe's page calling this SDK, or this page calling an iframe's) has
// that realm's Object.prototype, which, like every realm's, has a null
// prototype itself; a Date, a Map, a node or a class instance has a
// prototype with a prototype. The error is a Proxy whose getPrototypeOf
// trap throws (or a revoked Proxy).
func plain(v safejs.Value) (bool, error) {
	proto, err := objectProtoOf.Invoke(v)
	if err != nil {
		return false, err
	}
	if proto.IsNull() || proto.Equal(objectPrototype) {
		return true, nil
	}
	if t, _ := typeOf(proto); t != safejs.TypeObject {
		return false, nil
	}
	above, err := objectProtoOf.Invoke(proto)
	if err != nil {
		return false, err
	}
	return above.IsNull(), nil
}

func kind(v safejs.Value) string {
	if c, err := read(v, "constructor"); err == nil && IsFunction(c) {
		if name, err := read(c, "name"); err == nil && str(name) != "" {
			return str(name)
		}
	}
	return "object"
}

func truthy(v safejs.Value) bool {
	b, _ := v.Truthy()
	return b
}
