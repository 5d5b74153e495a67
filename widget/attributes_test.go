package widget_test

import (
	"strconv"
	"strings"
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
		{"1000 characters", map[string]any{"note": strings.Repeat("é", 1000)}, map[string]any{"plan": "free", "seats": 3.0, "note": strings.Repeat("é", 1000)}, ""},
		{"a string too long", map[string]any{"note": strings.Repeat("x", 1<<20)}, nil, `"note" is 1048576 characters long; the limit is 1000`},
		{"a string in a list too long", map[string]any{"tags": []any{"a", strings.Repeat("x", 1001)}}, nil, `"tags" is 1001 characters long`},
		{"a name too long", map[string]any{strings.Repeat("k", 1001): 1.0}, nil, "a name is 1001 characters long; the limit is 1000"},
		{"opaque", map[string]any{"n": widget.Opaque{Type: "bigint"}}, nil, `"n" must be a string, number, boolean or an array of those, got bigint`},
		{"too many", many(99), nil, "101 attributes; the limit is 100"},
		{"as many as allowed", many(98), manyWith(98, map[string]any{"plan": "free", "seats": 3.0}), ""},
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

// many is an update of n attributes k0…k(n-1).
func many(n int) map[string]any { return manyWith(n, map[string]any{}) }

func manyWith(n int, m map[string]any) map[string]any {
	for i := range n {
		m["k"+strconv.Itoa(i)] = float64(i)
	}
	return m
}

// TestMergeAttributesLongKey: an error names a long key by its first 100
// characters (found by FuzzSDKArgs: it echoed 1,000 control characters).
func TestMergeAttributesLongKey(t *testing.T) {
	k := strings.Repeat("\x01", 1000)
	_, err := widget.MergeAttributes(nil, map[string]any{k: widget.Function{}})
	require.Error(t, err)
	assert.Equal(t, `widget: setAudienceAttributes: "`+strings.Repeat(`\x01`, 100)+`"… must be a string, number, boolean or an array of those, got function`, err.Error())
}

func TestMergeAttributesList(t *testing.T) {
	_, err := widget.MergeAttributes(nil, map[string]any{"tags": make([]any, 101)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"tags" must be`, "nil items are not primitives")
	list := make([]any, 101)
	for i := range list {
		list[i] = "t"
	}
	_, err = widget.MergeAttributes(nil, map[string]any{"tags": list})
	assert.EqualError(t, err, `widget: setAudienceAttributes: "tags" has 101 items; the limit is 100`)
}

func TestProvidedAttributes(t *testing.T) {
	got := widget.ProvidedAttributes(map[string]any{
		"plain":                   "x",
		"wrapped":                 map[string]any{"value": 2.0, "isDisplayable": true},
		"object":                  map[string]any{"deep": map[string]any{}},
		"fn":                      widget.Function{},
		"long":                    strings.Repeat("x", 1001),
		"longer":                  map[string]any{"value": strings.Repeat("x", 1<<20)},
		"limit":                   strings.Repeat("x", 1000),
		strings.Repeat("k", 1001): 1.0,
	})
	assert.Equal(t, map[string]any{"plain": "x", "wrapped": 2.0, "limit": strings.Repeat("x", 1000)}, got)
	assert.Empty(t, widget.ProvidedAttributes("nonsense"))
}
