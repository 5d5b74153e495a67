package jstree

type (
	// Undefined is JavaScript's undefined (also a missing argument).
	Undefined struct{}
	// Function is any JavaScript function.
	Function struct{}
	// Opaque is a value the widget cannot use (a symbol, a bigint, a DOM
	// node, a cyclic or too deeply nested object); Type names it.
	Opaque struct{ Type string }
)

// TypeName names a tree value the way a JavaScript developer would.
func TypeName(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case Undefined:
		return "undefined"
	case Function:
		return "function"
	case Opaque:
		return v.Type
	case float64, int:
		return "number"
	case string:
		return "string"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	// Not a tree value: a bug in the caller. Naming its Go type would link
	// package reflect into the wasm (38 KB raw) for this line alone.
	return "unknown"
}
