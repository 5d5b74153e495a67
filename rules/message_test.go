package rules

import "testing"

func TestExpand(t *testing.T) {
	attrs := map[string]any{"caseId": "CAS-42", "n": 3.0, "vip": true, "list": []any{1.0}}
	for msg, want := range map[string]string{
		"no placeholders":              "no placeholders",
		"case {{caseId}} is open":      "case CAS-42 is open",
		"{{ caseId }}/{{n}}/{{vip}}":   "CAS-42/3/true",
		"missing: [{{nope}}]":          "missing: []",
		"not a scalar: [{{list}}]":     "not a scalar: []",
		"unclosed {{caseId":            "unclosed {{caseId",
		"{{n}} then unclosed {{caseId": "3 then unclosed {{caseId",
		"}} {{ {{n}}":                  "}} ",
	} {
		if got := expand(msg, attrs); got != want {
			t.Errorf("expand(%q) = %q, want %q", msg, got, want)
		}
	}
}
