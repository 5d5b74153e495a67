//go:build js && wasm

package jsbridge

import (
	"fmt"

	"github.com/hack-pad/safejs"
)

// Func wraps fn as a JavaScript function that never takes the runtime down:
// a panic inside it is recovered, reported once on the console, and the
// call returns undefined. A nil result is undefined too. name says where, for the report.
func Func(name string, fn func(this safejs.Value, args []safejs.Value) any) safejs.Func {
	f, err := safejs.FuncOf(func(this safejs.Value, args []safejs.Value) any {
		if r := call(name, fn, this, args); r != nil {
			return r
		}
		return safejs.Undefined() // as a JS function without a result; nil would be null
	})
	if err != nil {
		Console{}.Error("lcwasm: cannot create callback " + name + ": " + err.Error())
	}
	return f
}

func call(name string, fn func(safejs.Value, []safejs.Value) any, this safejs.Value, args []safejs.Value) (result any) {
	defer Recover(name)
	return fn(this, args)
}

// Recover, deferred, turns a panic into a console error. The widget keeps
// running: the next event is handled as usual.
func Recover(where string) {
	r := recover()
	if r == nil {
		return
	}
	Console{}.Error(fmt.Sprintf("lcwasm: internal error in %s (recovered; the widget keeps working): %v", where, r))
}

// Throw is returned from an SDK method to make the loader's wrapper throw a
// TypeError with msg in the page, as Microsoft's SDK does for bad providers.
func Throw(msg string) any {
	return map[string]any{"__lcwThrow": "TypeError", "message": msg}
}
