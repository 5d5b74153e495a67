//go:build js && wasm

package jsbridge_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/widget"
)

// js evaluates a JavaScript expression (through the Function constructor;
// these tests run under Node, not in a page with a CSP).
func js(t *testing.T, expr string) safejs.Value {
	t.Helper()
	fn, err := jsbridge.Global("Function").New("return (" + expr + ");")
	if err != nil {
		t.Fatalf("compile %q: %v", expr, err)
	}
	v, err := fn.Invoke()
	if err != nil {
		t.Fatalf("run %q: %v", expr, err)
	}
	return v
}

// otherRealm is the window of a new same-origin iframe: its objects have
// another Object.prototype than this page's.
const otherRealm = `(() => { const f = document.createElement("iframe"); document.body.append(f); return f.contentWindow; })()`

func TestToGo(t *testing.T) {
	tests := []struct {
		expr string
		want any
	}{
		{"undefined", widget.Undefined{}},
		{"null", nil},
		{"true", true},
		{"1.5", 1.5},
		{`"<b>hi</b>"`, "<b>hi</b>"},
		{"function () {}", widget.Function{}},
		{"Symbol('x')", widget.Opaque{Type: "symbol"}},
		{"1n", widget.Opaque{Type: "bigint"}},
		{"(() => { const x = {a: 1}; return [x, x]; })()", []any{map[string]any{"a": 1.0}, map[string]any{"a": 1.0}}},
		{"[1, 'a', null]", []any{1.0, "a", nil}},
		{"{message: 'x', nested: {ok: false}}", map[string]any{"message": "x", "nested": map[string]any{"ok": false}}},
		{"Object.create(null)", map[string]any{}},
		{"new Date(0)", widget.Opaque{Type: "Date"}},
		{"new Map()", widget.Opaque{Type: "Map"}},
		{"new (class Offer {})()", widget.Opaque{Type: "Offer"}},
		{"Object.create({})", widget.Opaque{Type: "Object"}},
		// From another realm (an iframe's page): plain by shape.
		{otherRealm + `.JSON.parse('{"message": "x", "nested": {"ok": true}}')`, map[string]any{"message": "x", "nested": map[string]any{"ok": true}}},
		{otherRealm + `.JSON.parse('[{"a": 1}]')`, []any{map[string]any{"a": 1.0}}},
		{`new (` + otherRealm + `.Date)(0)`, widget.Opaque{Type: "Date"}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			got := jsbridge.ToGo(js(t, tt.expr))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ToGo(%s) = %#v, want %#v", tt.expr, got, tt.want)
			}
		})
	}
}

// TestToGoLargeString: a 1 MiB string (under the budget) arrives whole.
func TestToGoLargeString(t *testing.T) {
	got, ok := jsbridge.ToGo(js(t, "'x'.repeat(1 << 20)")).(string)
	if !ok || got != strings.Repeat("x", 1<<20) {
		t.Errorf("ToGo of a 1 MiB string: got %d bytes (ok %v)", len(got), ok)
	}
}

func TestToGoStopsOnHostileValues(t *testing.T) {
	tests := []struct {
		name, expr, want string
	}{
		{"cyclic", "(() => { const o = {}; o.self = o; return o; })()", "cyclic"},
		{"cyclic array", "(() => { const a = [1]; a.push(a); return a; })()", "cyclic"},
		{"cycle below", "(() => { const o = {a: {b: {}}}; o.a.b.c = o.a; return {top: o}; })()", "cyclic"},
		{"deep", "(() => { let o = {}; for (let i = 0; i < 100; i++) o = {o}; return o; })()", "nested deeper than 32 levels"},
		{"10,000 levels", "(() => { let o = {}; for (let i = 0; i < 10000; i++) o = {o}; return o; })()", "nested deeper than 32 levels"},
		{"wide cycle", "(() => { const o = {}; for (let i = 0; i < 50; i++) o['k' + i] = o; return o; })()", "cyclic"},
		{"shared branches", "(() => { let o = 1; for (let i = 0; i < 30; i++) o = [o, o, o]; return o; })()", "more than 100000 values"},
		{"big strings", "new Array(100).fill('x'.repeat(1 << 20))", "16 MiB of text"},
		{"bigint", "10n", "bigint"},
		{"bigint inside", "({n: 10n})", "bigint"},
		{"revoked proxy", "(() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()", "object that cannot be read"},
		{"proxy with throwing traps", "new Proxy({}, {getPrototypeOf() { throw new Error('no'); }, get() { throw new Error('no'); }})", "object that cannot be read"},
		{"huge array", "new Array(20000).fill(0)", "too long"},
		{"throwing getter", "({get message() { throw new Error('no'); }})", "cannot be read"},
		{"throwing proxy", "new Proxy({}, {ownKeys() { throw new Error('no'); }})", "cannot be read"},
		{"proxy with throwing get", "new Proxy({a: 1}, {get() { throw new Error('no'); }})", "cannot be read"},
		{"array proxy", "new Proxy([1], {get() { throw new Error('no'); }})", "cannot be read"},
		{"array proxy with a negative length", "new Proxy([], {get: (t, k) => k === 'length' ? -1 : t[k]})", "invalid length"},
		{"array proxy with a NaN length", "new Proxy([], {get: (t, k) => k === 'length' ? NaN : t[k]})", "invalid length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := jsbridge.ToGo(js(t, tt.expr))
			if !strings.Contains(find(got), tt.want) {
				t.Errorf("ToGo(%s) = %#v, want an Opaque mentioning %q", tt.name, got, tt.want)
			}
		})
	}
}

// TestIsFunction: a BigInt (whose type syscall/js cannot name) is not a
// function, and asking does not panic.
func TestIsFunction(t *testing.T) {
	for expr, want := range map[string]bool{"() => 1": true, "class {}": true, "1n": false, "null": false, "({})": false} {
		if got := jsbridge.IsFunction(js(t, expr)); got != want {
			t.Errorf("IsFunction(%s) = %v, want %v", expr, got, want)
		}
	}
}

// find returns the Type of the first Opaque inside v.
func find(v any) string {
	switch v := v.(type) {
	case widget.Opaque:
		return v.Type
	case map[string]any:
		for _, x := range v {
			if s := find(x); s != "" {
				return s
			}
		}
	case []any:
		for _, x := range v {
			if s := find(x); s != "" {
				return s
			}
		}
	}
	return ""
}
