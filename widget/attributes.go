package widget

import (
	"errors"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// Limits of the audience attributes, as of the context variables they
// mirror: rules compare them and invitations quote them ({{name}}), so a
// megabyte-long value is a mistake, not data.
const (
	MaxAttributes      = 100  // attributes the page may set
	MaxAttributeLength = 1000 // characters of a string value, or of a name
	MaxAttributeItems  = 100  // items of an array value
)

// IsAbsent reports whether a tree value is null or undefined.
func IsAbsent(v any) bool { return absent(v) }

// MergeAttributes applies setAudienceAttributes(update) to the current
// audience attributes and returns the result; cur is not changed. Values
// are strings, numbers, booleans or arrays of those; null or undefined
// removes the key. Anything else is an error naming the key, and nothing
// is applied; so are names or strings over [MaxAttributeLength]
// characters, arrays over [MaxAttributeItems] items, and more than
// [MaxAttributes] attributes in all.
func MergeAttributes(cur map[string]any, update any) (map[string]any, error) {
	m, ok := update.(map[string]any)
	if !ok {
		return nil, errors.New("widget: setAudienceAttributes: want an object like {plan: \"pro\"}, got " + TypeName(update))
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first bad key named is always the same one
	for _, k := range keys {
		if err := checkAttribute(k, m[k]); err != nil {
			return nil, err
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
	if len(out) > MaxAttributes {
		return nil, errors.New("widget: setAudienceAttributes: " + strconv.Itoa(len(out)) + " attributes; the limit is " + strconv.Itoa(MaxAttributes))
	}
	return out, nil
}

// checkAttribute checks one key and value of setAudienceAttributes.
func checkAttribute(k string, v any) error {
	const prefix = "widget: setAudienceAttributes: "
	switch {
	case utf8.RuneCountInString(k) > MaxAttributeLength:
		return errors.New(prefix + "a name is " + strconv.Itoa(utf8.RuneCountInString(k)) + " characters long; the limit is " + strconv.Itoa(MaxAttributeLength))
	case absent(v):
		return nil
	case !attribute(v):
		return errors.New(prefix + quoteKey(k) + " must be a string, number, boolean or an array of those, got " + TypeName(v))
	}
	if list, ok := v.([]any); ok && len(list) > MaxAttributeItems {
		return errors.New(prefix + quoteKey(k) + " has " + strconv.Itoa(len(list)) + " items; the limit is " + strconv.Itoa(MaxAttributeItems))
	}
	for _, s := range texts(v) {
		if n := utf8.RuneCountInString(s); n > MaxAttributeLength {
			return errors.New(prefix + quoteKey(k) + " is " + strconv.Itoa(n) + " characters long; the limit is " + strconv.Itoa(MaxAttributeLength))
		}
	}
	return nil
}

// quoteKey quotes a name for an error, cut to 100 characters: the page's
// developer recognises it, and a long one is not echoed whole.
func quoteKey(k string) string {
	const max = 100
	if utf8.RuneCountInString(k) <= max {
		return strconvlite.Quote(k)
	}
	i := 0
	for n := range k {
		if i == max {
			return strconvlite.Quote(k[:n]) + "…"
		}
		i++
	}
	return strconvlite.Quote(k)
}

// texts lists the strings of an attribute value.
func texts(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
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
// skipping values of any other shape and names or strings over
// [MaxAttributeLength] characters.
func ProvidedAttributes(tree any) map[string]any {
	m, _ := tree.(map[string]any)
	out := map[string]any{}
	for k, v := range m {
		if wrapped, ok := v.(map[string]any); ok {
			v = wrapped["value"]
		}
		s, _ := v.(string)
		if primitive(v) && utf8.RuneCountInString(k) <= MaxAttributeLength && utf8.RuneCountInString(s) <= MaxAttributeLength {
			out[k] = v
		}
	}
	return out
}
