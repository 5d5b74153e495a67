//go:build js && wasm

package jsbridge_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/jsbridge"
)

// consoleErrors replaces console.error with a recorder until the test
// ends, and returns a func listing what was logged since.
func consoleErrors(t *testing.T) func() []string {
	t.Helper()
	spy := js(t, `(() => {
		const log = [], original = console.error;
		console.error = (...args) => { log.push(args.join(" ")); };
		return {log, restore: () => { console.error = original; }};
	})()`)
	t.Cleanup(func() { _, _ = spy.Call("restore") })
	return func() []string {
		v, err := spy.Get("log")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range jsbridge.ToGo(v).([]any) {
			out = append(out, x.(string))
		}
		return out
	}
}

// callFromJS calls f the way the page does and returns what JS saw: its
// result as a string, or "threw: …".
func callFromJS(t *testing.T, f safejs.Value, args ...any) string {
	t.Helper()
	run := js(t, `(f, ...args) => { try { return String(f(...args)); } catch (e) { return "threw: " + e; } }`)
	r, err := run.Invoke(append([]any{f}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := r.String()
	return s
}

func TestFuncRecoversPanics(t *testing.T) {
	logged := consoleErrors(t)
	calls := 0
	f := jsbridge.Func("test callback", func(safejs.Value, []safejs.Value) any {
		calls++
		if calls == 1 {
			var m map[string]int
			//lint:ignore SA5000 the runtime panic is what this test needs
			m["boom"] = 1 // a real Go bug: assignment to a nil map
		}
		return "fine"
	})
	defer f.Release()

	if got := callFromJS(t, f.Value()); got != "undefined" {
		t.Errorf("a panicking callback returned %q to JavaScript, want undefined", got)
	}
	errs := logged()
	if len(errs) != 1 || !strings.Contains(errs[0], "internal error in test callback") ||
		!strings.Contains(errs[0], "nil map") {
		t.Fatalf("console.error after the panic = %q, want one report naming the callback and the panic", errs)
	}
	for range 3 {
		if got := callFromJS(t, f.Value()); got != "fine" {
			t.Errorf("the callback after its panic returned %q, want fine", got)
		}
	}
	if errs := logged(); len(errs) != 1 {
		t.Errorf("console.error after later calls = %q, want the one report only", errs)
	}
}

// TestFuncReportsARepeatedPanicOnce: a callback that hits the same bug at
// every event (every scroll, every key) is reported once, not per event; a
// different panic is reported as well.
func TestFuncReportsARepeatedPanicOnce(t *testing.T) {
	logged := consoleErrors(t)
	f := jsbridge.Func("scroll-like callback", func(_ safejs.Value, args []safejs.Value) any {
		var list []int
		return list[len(args)] // index out of range, [0] or [1] by the number of arguments
	})
	defer f.Release()
	for range 5 {
		callFromJS(t, f.Value())
	}
	if errs := logged(); len(errs) != 1 {
		t.Errorf("console.error after 5 identical panics = %q, want one report", errs)
	}
	callFromJS(t, f.Value(), 1)
	if errs := logged(); len(errs) != 2 || !strings.Contains(errs[1], "index out of range [1]") {
		t.Errorf("console.error after a different panic = %q, want a second report", errs)
	}
}

func TestPanicHook(t *testing.T) {
	logged := consoleErrors(t)
	f := jsbridge.Func("hooked callback", func(safejs.Value, []safejs.Value) any { return "fine" })
	defer f.Release()
	jsbridge.InstallPanicHook()
	hook := jsbridge.Global("__lcwPanic")
	if !jsbridge.IsFunction(hook) {
		t.Fatal("InstallPanicHook defined no window.__lcwPanic")
	}

	callFromJS(t, hook, "hooked callback")
	want := []string{"undefined", "fine", "fine"} // it panics once, at its next call
	for i, w := range want {
		if got := callFromJS(t, f.Value()); got != w {
			t.Errorf("call %d after arming returned %q, want %q", i+1, got, w)
		}
	}
	if errs := logged(); len(errs) != 1 || !strings.Contains(errs[0], "internal error in hooked callback") {
		t.Errorf("console.error = %q, want one report of the armed panic", errs)
	}

	if got := callFromJS(t, hook); got != "undefined" {
		t.Errorf("__lcwPanic() returned %q to JavaScript, want undefined (recovered)", got)
	}
	if errs := logged(); len(errs) != 2 || !strings.Contains(errs[1], "internal error in __lcwPanic") {
		t.Errorf("console.error = %q, want a second report, of the hook's own panic", errs)
	}
}

func TestRecoverError(t *testing.T) {
	start := func() (err error) {
		defer jsbridge.RecoverError("start", &err)
		var list []int
		_ = list[3] // index out of range
		return nil
	}
	err := start()
	if err == nil || !strings.Contains(err.Error(), "internal error in start") || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("RecoverError gave %v, want the panic as an error naming where", err)
	}
}

// The recovered panic reads as fmt's %v gave it before the wasm dropped fmt.
func TestRecoverErrorTexts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
		want  string
	}{
		{"string", "boom", "internal error in start: boom"},
		{"error", errors.New("bad state"), "internal error in start: bad state"},
		{"int", 42, "internal error in start: 42"},
		{"float", 1.5, "internal error in start: 1.5"},
		{"bool", true, "internal error in start: true"},
		{"other", struct{}{}, "internal error in start: a panic with a value that is not an error, a string or a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := func() (err error) {
				defer jsbridge.RecoverError("start", &err)
				panic(tc.value)
			}
			if err := start(); err == nil || err.Error() != tc.want {
				t.Errorf("RecoverError gave %v, want %q", err, tc.want)
			}
		})
	}
}
