//go:build js && wasm

// Package catch runs functions and returns panic values as errors instead.
//
// lcwasm's copy: the error carries no stack trace (upstream wraps it to
// print one with %+v), and a panic value that is neither an error, a
// js.Value, a string nor a Stringer is described without its Go type; the
// package imports neither fmt nor reflect, which would otherwise be linked
// into the wasm for this alone.
package catch

import (
	"errors"
	"syscall/js"
)

// Try runs fn and returns the result. If fn panicked, the panic value is returned as an error instead.
func Try[Result any](fn func() Result) (result Result, err error) {
	defer recoverErr(&err)
	result = fn()
	return
}

// TrySideEffect is like Try, but does not have a return value.
func TrySideEffect(fn func()) (err error) {
	defer recoverErr(&err)
	fn()
	return
}

func recoverErr(err *error) {
	value := recover()
	valueErr := recoverValueToError(value)
	if valueErr != nil {
		*err = valueErr
	}
}

func recoverValueToError(value any) error {
	if value == nil {
		return nil
	}
	switch value := value.(type) {
	case error:
		return value
	case js.Value:
		return js.Error{Value: value}
	case string:
		return errors.New(value)
	case interface{ String() string }:
		return errors.New(value.String())
	default:
		return errors.New("panic with a value that is not an error, a string or a js.Value")
	}
}
