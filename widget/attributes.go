package widget

import (
	"fmt"
	"sort"
)

// IsAbsent reports whether a tree value is null or undefined.
func IsAbsent(v any) bool { return absent(v) }

// MergeAttributes applies setAudienceAttributes(update) to the current
// audience attributes and returns the result; cur is not changed. Values
// are strings, numbers, booleans or arrays of those; null or undefined
// removes the key. Anything else is an error naming the key, and nothing
// is applied.
func MergeAttributes(cur map[string]any, update any) (map[string]any, error) {
	m, ok := update.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("widget: setAudienceAttributes: want an object like {plan: \"pro\"}, got %s", TypeName(update))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first bad key named is always the same one
	for _, k := range keys {
		if !absent(m[k]) && !attribute(m[k]) {
			return nil, fmt.Errorf("widget: setAudienceAttributes: %q must be a string, number, boolean or an array of those, got %s", k, TypeName(m[k]))
		}
	}
	out := make(map[string]any, len(cur)+len(m))
	for k, v := range cur {
		out[k] = v
	}
	for k, v := range m {
		if absent(v) {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out, nil
}

func attribute(v any) bool {
	if list, ok := v.([]any); ok {
		for _, x := range list {
			if !primitive(x) {
				return false
			}
		}
		return true
	}
	return primitive(v)
}

func primitive(v any) bool {
	switch v.(type) {
	case string, float64, bool:
		return true
	}
	return false
}

// ProvidedAttributes reads what a context provider returned — {key:
// primitive} or {key: {value, isDisplayable}} — as audience attributes,
// skipping values of any other shape.
func ProvidedAttributes(tree any) map[string]any {
	m, _ := tree.(map[string]any)
	out := map[string]any{}
	for k, v := range m {
		if wrapped, ok := v.(map[string]any); ok {
			v = wrapped["value"]
		}
		if primitive(v) {
			out[k] = v
		}
	}
	return out
}
