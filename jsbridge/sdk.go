//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// The SDK's method table, its arguments and the page functions it keeps
// (providers), typed so that package main never handles a JS value.

// Arg is one argument of an SDK call.
type Arg struct{ v safejs.Value }

// Tree is the argument as a plain tree (ToGo).
func (a Arg) Tree() any { return ToGo(a.v) }

// Func is the argument as a page function, and whether it is one.
func (a Arg) Func() (PageFunc, bool) { return PageFunc(a), IsFunction(a.v) }

// Trees is ToGo of every argument.
func Trees(args []Arg) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a.Tree()
	}
	return out
}

// PageFunc is a function of the page's, such as a provider the SDK was
// given; the zero PageFunc is none, null to the page.
type PageFunc struct{ v safejs.Value }

// GlobalFunc is window[name], whatever it is (Valid says).
func GlobalFunc(name string) PageFunc { return PageFunc{Global(name)} }

// Valid reports whether f is a function.
func (f PageFunc) Valid() bool { return IsFunction(f.v) }

// Call calls f with args (plain values or Callbacks) and returns its result
// as a plain tree; the error is what it threw.
func (f PageFunc) Call(args ...any) (any, error) {
	v, err := f.v.Invoke(jsArgs(args)...)
	if err != nil {
		return nil, err
	}
	return ToGo(v), nil
}

// Run calls f with args and ignores its result; the error is what it
// threw.
func (f PageFunc) Run(args ...any) error {
	_, err := f.v.Invoke(jsArgs(args)...)
	return err
}

func jsArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if c, ok := a.(*Callback); ok {
			out[i] = c.f
		} else {
			out[i] = a
		}
	}
	return out
}

// Callback is a Go function the page may call (an auth token provider's
// callback) until Release.
type Callback struct{ f safejs.Func }

// NewCallback wraps fn, guarded like Func; fn gets the call's arguments as
// plain trees.
func NewCallback(name string, fn func(args []any)) *Callback {
	return &Callback{Func(name, func(_ safejs.Value, args []safejs.Value) any {
		fn(ToGoArgs(args))
		return nil
	})}
}

// Release frees the callback; a later call from the page throws.
func (c *Callback) Release() { c.f.Release() }

// Method is one SDK method. Its result goes to the page: a plain tree, a
// PageFunc (null when none), or what Throw, Resolved or FetchJSON return.
type Method func(args []Arg) any

// Serve gives the loader the SDK's implementation, each method guarded
// (see Func), and so makes the widget ready (see Ready).
func (b *Boot) Serve(methods map[string]Method) error {
	impl := make(map[string]safejs.Func, len(methods))
	for name, m := range methods {
		impl[name] = Func("SDK."+name, func(_ safejs.Value, args []safejs.Value) any {
			in := make([]Arg, len(args))
			for i, a := range args {
				in[i] = Arg{a}
			}
			out := m(in)
			if f, ok := out.(PageFunc); ok {
				if !f.Valid() {
					return safejs.Null()
				}
				return f.v
			}
			return out
		})
	}
	return b.Ready(impl)
}
