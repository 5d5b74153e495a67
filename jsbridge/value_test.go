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
		{"[1, 'a', null]", []any{1.0, "a", nil}},
		{"{message: 'x', nested: {ok: false}}", map[string]any{"message": "x", "nested": map[string]any{"ok": false}}},
		{"Object.create(null)", map[string]any{}},
		{"new Date(0)", widget.Opaque{Type: "Date"}},
		{"new Map()", widget.Opaque{Type: "Map"}},
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

func TestToGoStopsOnHostileValues(t *testing.T) {
	tests := []struct {
		name, expr, want string
	}{
		{"cyclic", "(() => { const o = {}; o.self = o; return o; })()", "cyclic"},
		{"deep", "(() => { let o = {}; for (let i = 0; i < 100; i++) o = {o}; return o; })()", "cyclic"},
		{"huge array", "new Array(20000).fill(0)", "too long"},
		{"throwing getter", "({get message() { throw new Error('no'); }})", "cannot be read"},
		{"throwing proxy", "new Proxy({}, {ownKeys() { throw new Error('no'); }})", "cannot be read"},
		{"proxy with throwing get", "new Proxy({a: 1}, {get() { throw new Error('no'); }})", "cannot be read"},
		{"array proxy", "new Proxy([1], {get() { throw new Error('no'); }})", "cannot be read"},
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
