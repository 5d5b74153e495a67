package rules

import (
	"math"
	"slices"
	"strconv"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// decoder walks one generic tree (what JSON.parse or encoding/json into any
// produce) and collects every problem with its path.
type decoder struct {
	Decoder
	kinds     []kind   // the condition kinds: kindList
	rule      string   // id of the rule being decoded, for messages
	errs      []error  // problems found so far
	selectors []string // selectors of elementVisible conditions so far
	agents    bool     // the rule being decoded has an agentsAvailable condition
}

func (d *decoder) fail(path, msg string) {
	d.errs = append(d.errs, &Error{Rule: d.rule, Path: path, Msg: msg})
}

// object returns v as an object whose fields are all among known. It reports
// unknown fields (in name order) and returns nil when v is not an object.
func (d *decoder) object(v any, path string, known ...string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		d.fail(path, "want an object")
		return nil
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		d.fail(path, "unknown field "+strconvlite.Quote(k))
	}
	return m
}

// need reports a missing required field.
func (d *decoder) need(m map[string]any, key, path string) bool {
	if _, ok := m[key]; !ok {
		d.fail(path, "missing "+key)
		return false
	}
	return true
}

// str reads an optional string field.
func (d *decoder) str(m map[string]any, key, path string) (string, bool) {
	v, ok := m[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		d.fail(path, "want "+key+" as a string")
	}
	return s, ok
}

// name reads a required, non-empty string field.
func (d *decoder) name(m map[string]any, key, path string) (string, bool) {
	if !d.need(m, key, path) {
		return "", false
	}
	s, ok := d.str(m, key, path)
	if ok && s == "" {
		d.fail(path, "want a non-empty "+key)
		ok = false
	}
	return s, ok
}

// boolean reads an optional boolean field, def when absent.
func (d *decoder) boolean(m map[string]any, key, path string, def bool) bool {
	v, ok := m[key]
	if !ok {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		d.fail(path, "want "+key+" as true or false")
	}
	return b
}

// num reads an optional number field; ok is false when absent or bad.
func (d *decoder) num(m map[string]any, key, path string) (float64, bool) {
	v, ok := m[key]
	if !ok {
		return 0, false
	}
	f, ok := toFloat(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		d.fail(path, "want "+key+" as a number")
		return 0, false
	}
	return f, true
}

// whole reads an optional whole-number field within [lo, hi].
func (d *decoder) whole(m map[string]any, key, path string, lo, hi int) (int, bool) {
	f, ok := d.num(m, key, path)
	if !ok {
		return 0, false
	}
	if f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		d.fail(path, "want "+key+" a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
		return 0, false
	}
	return int(f), true
}

// maxSeconds bounds every duration in a config (about three years).
const maxSeconds = 1e8

// seconds reads an optional duration given in seconds.
func (d *decoder) seconds(m map[string]any, key, path string) (instant.Duration, bool) {
	f, ok := d.num(m, key, path)
	if !ok {
		return 0, false
	}
	if f < 0 {
		d.fail(path, "want "+key+" >= 0")
		return 0, false
	}
	if f > maxSeconds {
		d.fail(path, "want "+key+" <= 100000000")
		return 0, false
	}
	return instant.Duration(f * float64(instant.Second)), true
}

// strings reads v as one string or a list of strings.
func (d *decoder) strings(v any, path string) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		d.fail(path, "want a string or a non-empty list of strings")
		return nil
	}
	out := make([]string, len(list))
	for i, e := range list {
		if out[i], ok = e.(string); !ok {
			d.fail(index(path, i), "want a string")
		}
	}
	return out
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func field(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// toFloat turns a JSON or Go number into a float64.
func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	}
	return 0, false
}
