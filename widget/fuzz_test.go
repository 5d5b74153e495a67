package widget_test

import (
	"encoding/binary"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/widget"
)

// FuzzSDKArgs decodes the arguments of an SDK call from the fuzz input (a
// tree such as jsbridge.ToGo makes of JavaScript values) and hands them to
// every pure parser of page input: startProactiveChat's and startChat's
// arguments, setAudienceAttributes, and what a context provider returns
// (as audience attributes, and as a chat's variables). None may panic;
// each gives either an error or a valid result, never both. Seeds live in
// testdata/fuzz/FuzzSDKArgs.
func FuzzSDKArgs(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x04\x05\x05hello"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &treeReader{b: data}
		args := make([]any, int(r.byte()%5))
		for i := range args {
			args[i] = r.value(0)
		}
		checkProactive(t, args)
		checkStartChat(t, args)
		for _, a := range args {
			checkAttributes(t, a)
			checkVariables(t, a)
		}
	})
}

func checkProactive(t *testing.T, args []any) {
	inv, err := widget.ParseProactiveArgs(args, widget.DefaultTexts())
	if err != nil {
		if inv != (widget.Invitation{}) {
			t.Fatalf("ParseProactiveArgs: an error (%v) and an invitation %+v", err, inv)
		}
		wantPrefix(t, err, "widget: startProactiveChat: ")
		return
	}
	n := utf8.RuneCountInString(inv.Message)
	if strings.TrimSpace(inv.Message) == "" || n > widget.MaxMessageLength {
		t.Fatalf("ParseProactiveArgs: message of %d characters %q", n, clip(inv.Message))
	}
	if inv.Source.Kind != widget.SourceCall {
		t.Fatalf("ParseProactiveArgs: source %+v", inv.Source)
	}
}

func checkStartChat(t *testing.T, args []any) {
	o, err := widget.ParseStartChatArgs(args)
	if err != nil {
		if !reflect.DeepEqual(o, widget.ChatOptions{}) {
			t.Fatalf("ParseStartChatArgs: an error (%v) and options %+v", err, o)
		}
		wantPrefix(t, err, "widget: startChat: ")
		return
	}
	if o.CustomContext != nil {
		checkVariables(t, o.CustomContext)
	}
}

func checkAttributes(t *testing.T, update any) {
	cur := map[string]any{"plan": "gold", "tags": []any{"a", 1.0}}
	before := map[string]any{"plan": "gold", "tags": []any{"a", 1.0}}
	got, err := widget.MergeAttributes(cur, update)
	if !reflect.DeepEqual(cur, before) {
		t.Fatalf("MergeAttributes changed its input: %v", cur)
	}
	if err != nil {
		if got != nil {
			t.Fatalf("MergeAttributes: an error (%v) and attributes", err)
		}
		wantPrefix(t, err, "widget: setAudienceAttributes: ")
		return
	}
	if len(got) > widget.MaxAttributes {
		t.Fatalf("MergeAttributes: %d attributes", len(got))
	}
	for k, v := range got {
		if utf8.RuneCountInString(k) > widget.MaxAttributeLength || !attributeValue(v) {
			t.Fatalf("MergeAttributes kept %q: %#v", clip(k), v)
		}
	}
	for k, v := range widget.ProvidedAttributes(update) {
		if !primitive(v) {
			t.Fatalf("ProvidedAttributes kept %q: %#v", clip(k), v)
		}
	}
}

// checkVariables: every key of the provider's object is kept or left out
// for exactly one reason; what is kept is {value: primitive,
// isDisplayable: bool} within the limits.
func checkVariables(t *testing.T, provided any) {
	vars, left := chat.Variables(provided)
	m, isObject := provided.(map[string]any)
	lists := [][]string{left.Rejected, left.TooLong, left.Dropped, left.Overflow}
	seen := map[string]int{}
	for k := range vars {
		seen[k]++
	}
	for _, l := range lists {
		if !slices.IsSorted(l) {
			t.Fatalf("Variables: %q is not sorted", l)
		}
		for _, k := range l {
			seen[k]++
		}
	}
	if !isObject {
		if len(seen) > 0 {
			t.Fatalf("Variables of a %s: %v", widget.TypeName(provided), seen)
		}
		return
	}
	for k := range m {
		if seen[k] != 1 {
			t.Fatalf("Variables: key %q is accounted for %d times", clip(k), seen[k])
		}
	}
	if len(seen) != len(m) || len(vars) > chat.MaxVariables {
		t.Fatalf("Variables: %d keys in, %d accounted for, %d kept", len(m), len(seen), len(vars))
	}
	size := 2
	for k, x := range vars {
		v, ok := x.(map[string]any)
		_, isBool := v["isDisplayable"].(bool)
		if !ok || len(v) != 2 || !isBool || !primitive(v["value"]) {
			t.Fatalf("Variables kept %q as %#v", clip(k), x)
		}
		s, _ := v["value"].(string)
		if utf8.RuneCountInString(k) > chat.MaxKeyLength || utf8.RuneCountInString(s) > chat.MaxValueLength {
			t.Fatalf("Variables kept %q of %d characters", clip(k), utf8.RuneCountInString(s))
		}
		size += stringifySize(k) + len(`:{"value":,"isDisplayable":false},`) + stringifySize(v["value"])
	}
	if size > chat.MaxContextBytes {
		t.Fatalf("Variables kept %d bytes of JSON", size)
	}
}

// stringifySize is at least the length of JSON.stringify(v) for a
// primitive: strings exactly, numbers by their longest form.
func stringifySize(v any) int {
	switch v := v.(type) {
	case string:
		n := 2
		for i := 0; i < len(v); i++ {
			switch c := v[i]; {
			case c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t':
				n += 2
			case c < 0x20:
				n += 6
			default:
				n++
			}
		}
		return n
	case bool:
		return len("false")
	}
	return len("-0.0000012345678901234567")
}

func wantPrefix(t *testing.T, err error, prefix string) {
	t.Helper()
	if !strings.HasPrefix(err.Error(), prefix) {
		t.Fatalf("error %q does not start with %q", clip(err.Error()), prefix)
	}
	if len(err.Error()) > 2000 {
		t.Fatalf("error of %d bytes echoes the value: %q", len(err.Error()), clip(err.Error()))
	}
}

func attributeValue(v any) bool {
	if list, ok := v.([]any); ok {
		if len(list) > widget.MaxAttributeItems {
			return false
		}
		for _, x := range list {
			if !primitive(x) || utf8.RuneCountInString(str(x)) > widget.MaxAttributeLength {
				return false
			}
		}
		return true
	}
	return primitive(v) && utf8.RuneCountInString(str(v)) <= widget.MaxAttributeLength
}

func primitive(v any) bool {
	switch v.(type) {
	case string, float64, bool:
		return true
	}
	return false
}

func str(v any) string { s, _ := v.(string); return s }

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// treeReader decodes JavaScript-like values from fuzz bytes. Each value
// starts with a tag byte; a missing byte reads as 0, so every input is a
// value. Strings are valid UTF-8, as ToGo makes them.
type treeReader struct{ b []byte }

func (r *treeReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// opaque are the names ToGo gives values the widget cannot use.
var opaque = []string{"symbol", "bigint", "cyclic object", "object nested deeper than 32 levels",
	"object that cannot be read", "Promise", "Date", "object whose message cannot be read"}

func (r *treeReader) value(depth int) any {
	if depth > 4 {
		return "leaf"
	}
	switch r.byte() % 13 {
	case 0:
		return nil
	case 1:
		return widget.Undefined{}
	case 2:
		return r.byte()&1 == 1
	case 3:
		return float64(int8(r.byte()))
	case 4:
		var b [8]byte
		for i := range b {
			b[i] = r.byte()
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(b[:])) // NaN and ±Inf too
	case 5:
		return r.text()
	case 6:
		return r.long()
	case 7:
		list := make([]any, int(r.byte()%8))
		for i := range list {
			list[i] = r.value(depth + 1)
		}
		return list
	case 8:
		return r.object(depth, int(r.byte()%8))
	case 9:
		return widget.Function{}
	case 10:
		return widget.Opaque{Type: opaque[int(r.byte())%len(opaque)]}
	case 11: // shaped like the SDK's options, to reach deeper checks
		return map[string]any{"message": r.value(depth + 1), "inNewWindow": r.value(depth + 1),
			"customContext": r.value(depth + 1)}
	default: // many keys, for the 100-variable and 100-attribute limits
		m := map[string]any{}
		n := int(r.byte())
		for i := range n {
			m["k"+strconv.Itoa(i)] = r.value(depth + 5) // a leaf
		}
		return m
	}
}

func (r *treeReader) object(depth, n int) map[string]any {
	m := make(map[string]any, n)
	for range n {
		var k string
		if r.byte()%4 == 0 {
			k = r.long()
		} else {
			k = r.text()
		}
		m[k] = r.value(depth + 1)
	}
	return m
}

// text is a short string of the input's bytes.
func (r *treeReader) text() string {
	n := int(r.byte() % 32)
	if n > len(r.b) {
		n = len(r.b)
	}
	s := strings.ToValidUTF8(string(r.b[:n]), "\uFFFD")
	r.b = r.b[n:]
	return s
}

// long is a string of up to 2,550 characters, for the length limits.
func (r *treeReader) long() string {
	c := []string{"x", "é", "\x01", "\"", " "}[int(r.byte())%5]
	return strings.Repeat(c, int(r.byte())*10)
}
