//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/widget"
)

// Limits on what ToGo walks, so a hostile or careless page cannot make the
// widget spin: deeper (or cyclic) objects and longer lists become
// widget.Opaque values that the argument checks then reject by name.
const (
	maxDepth = 32
	maxItems = 10000
)

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
// functions widget.Function, anything else widget.Opaque.
func ToGo(v safejs.Value) any { return toGo(v, 0) }

// ToGoArgs converts a call's arguments.
func ToGoArgs(args []safejs.Value) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = ToGo(a)
	}
	return out
}

func toGo(v safejs.Value, depth int) any {
	switch v.Type() {
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
		s, _ := v.String()
		return s
	case safejs.TypeFunction:
		return widget.Function{}
	case safejs.TypeObject:
		return objectToGo(v, depth)
	}
	return widget.Opaque{Type: v.Type().String()}
}

func objectToGo(v safejs.Value, depth int) any {
	if depth >= maxDepth {
		return widget.Opaque{Type: "object nested too deeply (or cyclic)"}
	}
	if isArray, _ := arrayIsArray.Invoke(v); truthy(isArray) {
		return arrayToGo(v, depth)
	}
	if !plain(v) {
		return widget.Opaque{Type: kind(v)}
	}
	keys, err := objectKeys.Invoke(v)
	if err != nil {
		return widget.Opaque{Type: "object that cannot be read"}
	}
	n, _ := keys.Length() // a real array, made by Object.keys
	if n > maxItems {
		return widget.Opaque{Type: "object with too many keys"}
	}
	m := make(map[string]any, n)
	for i := range n {
		k, _ := keys.Index(i)
		key := str(k)
		item, err := read(v, key)
		if err != nil {
			return widget.Opaque{Type: "object whose " + key + " cannot be read"}
		}
		m[key] = toGo(item, depth+1)
	}
	return m
}

func arrayToGo(v safejs.Value, depth int) any {
	length, err := read(v, "length")
	if err != nil {
		return widget.Opaque{Type: "array that cannot be read"}
	}
	n, _ := length.Int()
	if n > maxItems {
		return widget.Opaque{Type: "array too long"}
	}
	out := make([]any, n)
	for i := range n {
		item, err := read(v, i)
		if err != nil {
			return widget.Opaque{Type: "array whose items cannot be read"}
		}
		out[i] = toGo(item, depth+1)
	}
	return out
}

// read is v[key] for values the page made. syscall/js guards calls but not
// property reads, so a throwing getter or Proxy trap read with Get would
// take the whole runtime down; Reflect.get through Call turns it into an
// error instead.
func read(v safejs.Value, key any) (safejs.Value, error) {
	return reflectGet.Invoke(v, key)
}

// plain reports whether v is an object literal (prototype Object.prototype
// or null), not a Date, a DOM node, a Map or a class instance.
func plain(v safejs.Value) bool {
	proto, err := objectProtoOf.Invoke(v)
	if err != nil {
		return false
	}
	return proto.IsNull() || proto.Equal(objectPrototype)
}

func kind(v safejs.Value) string {
	if c, err := read(v, "constructor"); err == nil && c.Type() == safejs.TypeFunction {
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
