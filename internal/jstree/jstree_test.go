package jstree_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/jstree"
)

func TestTypeName(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{nil, "null"},
		{jstree.Undefined{}, "undefined"},
		{jstree.Function{}, "function"},
		{jstree.Opaque{Type: "symbol"}, "symbol"},
		{1.5, "number"},
		{"s", "string"},
		{true, "boolean"},
		{[]any{}, "array"},
		{map[string]any{}, "object"},
		{struct{}{}, "unknown"},
	}
	for _, tt := range tests {
		if got := jstree.TypeName(tt.v); got != tt.want {
			t.Errorf("TypeName(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
