//go:build js && wasm

package jsbridge

import (
	"errors"
	"strconv"

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
	PanicPoint(name)
	return fn(this, args)
}

// Recover, deferred, turns a panic into a console error. The widget keeps
// running: the next event is handled as usual. The same panic in the same
// place is reported once, not at every scroll or key press that hits it.
func Recover(where string) {
	r := recover()
	if r == nil {
		return
	}
	msg := "lcwasm: internal error in " + where + " (recovered; the widget keeps working): " + panicText(r)
	if !reported[msg] && len(reported) < maxReported {
		reported[msg] = true
		Console{}.Error(msg)
	}
}

// reported holds the panics Recover has reported, up to maxReported
// different ones.
var reported = map[string]bool{}

const maxReported = 100

// RecoverError, deferred, turns a panic into an error in *err, for code
// that reports its failure itself (the runtime's start-up).
func RecoverError(where string, err *error) {
	if r := recover(); r != nil {
		*err = errors.New("internal error in " + where + ": " + panicText(r))
	}
}

// panicText is the panic value r as fmt's %v gives it for an error, a
// string, a Stringer, a bool or a number; any other value is described
// without its Go type. The wasm links neither fmt nor reflect
// (docs/performance.md), so it is spelled out.
func panicText(r any) string {
	switch r := r.(type) {
	case error:
		return r.Error()
	case string:
		return r
	case interface{ String() string }:
		return r.String()
	case bool:
		return strconv.FormatBool(r)
	case int:
		return strconv.Itoa(r)
	case int64:
		return strconv.FormatInt(r, 10)
	case uint64:
		return strconv.FormatUint(r, 10)
	case float64:
		return strconv.FormatFloat(r, 'g', -1, 64)
	}
	return "a panic with a value that is not an error, a string or a number"
}

// Throw is returned from an SDK method to make the loader's wrapper throw a
// TypeError with msg in the page, as Microsoft's SDK does for bad providers.
func Throw(msg string) any {
	return map[string]any{"__lcwThrow": "TypeError", "message": msg}
}

// The panic hook, for tests of the recovery in the real bundle: nothing in
// the widget panics on purpose, and every page value is validated, so
// tests make a panic happen where they choose. It exists only on pages
// whose loader tag says data-lcw-version="test" (verbose logging), and is
// not part of the SDK.
//
//	window.__lcwPanic = "start"                 // before the loader: start-up panics
//	window.__lcwPanic("SDK.startProactiveChat") // that callback panics at its next call
//	window.__lcwPanic()                         // panics at once, inside the hook itself
//	window.__lcwPanic("exit")                   // panics outside any guard: the runtime stops
//
// Callback names are those given to Func: "SDK.<method>", "<event> listener",
// "timer", …

// panicNext is the name of the guarded callback that panics at its next call.
var panicNext string

// InstallPanicHook defines window.__lcwPanic, arming first the name the
// page may have stored there before the runtime started.
func InstallPanicHook() {
	armed, _ := read(global, "__lcwPanic")
	panicNext = str(armed)
	hook := Func("__lcwPanic", func(_ safejs.Value, args []safejs.Value) any {
		if len(args) == 0 || str(args[0]) == "" {
			panic("test panic requested by __lcwPanic()")
		}
		if str(args[0]) == "exit" {
			go func() { panic("test panic outside any guard, requested by __lcwPanic(\"exit\")") }()
			return nil
		}
		panicNext = str(args[0])
		return nil
	})
	_ = global.Set("__lcwPanic", hook)
}

// PanicPoint panics when the panic hook armed where; it disarms it first,
// so the panic happens once.
func PanicPoint(where string) {
	if panicNext != "" && panicNext == where {
		panicNext = ""
		panic("test panic in " + where + " requested by __lcwPanic")
	}
}
