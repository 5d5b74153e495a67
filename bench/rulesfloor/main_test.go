//go:build js && wasm

package main

import (
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
)

// TestEvaluate: the program the bench measures really decodes and
// evaluates rules in the browser (run by cmd/wasmbrowser in Chromium).
func TestEvaluate(t *testing.T) {
	cases := []struct{ set, want string }{
		{`{"rules": [{"id": "now", "conditions": [{"timeOnPage": {"seconds": 0}}]}]}`, "now"},
		{`{"rules": [{"id": "later", "conditions": [{"timeOnPage": {"seconds": 30}}]}]}`, ""},
		{`{"rules": [{"id": "bad", "conditions": [{"nope": {}}]}]}`, `unknown condition "nope"`},
		{`{"rules": [`, "JSON"},
	}
	for _, c := range cases {
		arg, err := safejs.ValueOf(c.set)
		if err != nil {
			t.Fatal(err)
		}
		got := evaluate(arg)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("evaluate(%s) = %q, want %q", c.set, got, c.want)
		}
	}
}
