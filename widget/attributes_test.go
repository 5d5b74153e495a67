package widget_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMergeAttributes(t *testing.T) {
	cur := map[string]any{"plan": "free", "seats": 3.0}
	tests := []struct {
		name   string
		update any
		want   map[string]any
		err    string
	}{
		{"add and replace", map[string]any{"plan": "pro", "beta": true}, map[string]any{"plan": "pro", "seats": 3.0, "beta": true}, ""},
		{"null removes", map[string]any{"plan": nil, "seats": widget.Undefined{}}, map[string]any{}, ""},
		{"array of primitives", map[string]any{"tags": []any{"a", 1.0, false}}, map[string]any{"plan": "free", "seats": 3.0, "tags": []any{"a", 1.0, false}}, ""},
		{"not an object", "plan=pro", nil, "want an object"},
		{"nested object", map[string]any{"a": "ok", "z": map[string]any{}}, nil, `"z" must be`},
		{"function", map[string]any{"f": widget.Function{}}, nil, `"f" must be a string, number, boolean or an array of those, got function`},
		{"array with object", map[string]any{"tags": []any{map[string]any{}}}, nil, `"tags"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := widget.MergeAttributes(cur, tt.update)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				assert.Equal(t, map[string]any{"plan": "free", "seats": 3.0}, cur, "nothing applied")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestProvidedAttributes(t *testing.T) {
	got := widget.ProvidedAttributes(map[string]any{
		"plain":   "x",
		"wrapped": map[string]any{"value": 2.0, "isDisplayable": true},
		"object":  map[string]any{"deep": map[string]any{}},
		"fn":      widget.Function{},
	})
	assert.Equal(t, map[string]any{"plain": "x", "wrapped": 2.0}, got)
	assert.Empty(t, widget.ProvidedAttributes("nonsense"))
}
