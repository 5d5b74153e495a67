package rules

import (
	"strings"
	"testing"
)

const variantConfig = `{"rules": [{"id": "a", "conditions": [],
	"invitation": {"showPrechat": false, "variants": [
		{"id": "short", "weight": 1, "message": "Questions, {{name}}?"},
		{"id": "long", "weight": 3, "message": "Hi {{name}}! Can we help you choose a plan?"}]}}]}`

func TestVariantsDecoded(t *testing.T) {
	e := engine(t, variantConfig)
	v := baseVisit()
	v.Attributes = map[string]any{"name": "Ada"}
	d := e.Evaluate(v, t0)
	if d.Rule != "a" || len(d.Invitation.Variants) != 2 {
		t.Fatalf("decision %+v", d)
	}
	if got := d.Invitation.Weights(); len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Errorf("weights %v, want [1 3]", got)
	}
	inv, id := d.Invitation.WithVariant(1)
	if id != "long" || inv.Message != "Hi Ada! Can we help you choose a plan?" || inv.ShowPrechat {
		t.Errorf("variant 1: %q %+v", id, inv)
	}
	if _, id := d.Invitation.WithVariant(5); id != "" {
		t.Errorf("an index out of range named variant %q", id)
	}
	if s := mustDecode(t, variantConfig); s.rules[0].inv.Variants[0].Message != "Questions, {{name}}?" {
		t.Error("the engine filled in the set's own variant (it must copy)")
	}
}

func TestVariantsRefused(t *testing.T) {
	v := func(list string) string {
		return `{"rules": [{"id": "a", "conditions": [], "invitation": {"variants": ` + list + `}}]}`
	}
	one := `{"id": "x", "weight": 1, "message": "m"}`
	nine := "[" + strings.Repeat(one+",", 8) + one + "]"
	cases := []struct{ name, config, want string }{
		{"not a list", v(`{}`), "want a list of 2 to 8"},
		{"one variant", v(`[` + one + `]`), "want a list of 2 to 8"},
		{"nine variants", v(nine), "want a list of 2 to 8"},
		{"duplicate id", v(`[` + one + `,` + one + `]`), `duplicate variant id "x"`},
		{"zero weight", v(`[{"id": "a", "weight": 0, "message": "m"}, ` + one + `]`), "weight a whole number from 1 to 100"},
		{"negative weight", v(`[{"id": "a", "weight": -2, "message": "m"}, ` + one + `]`), "weight a whole number"},
		{"no weight", v(`[{"id": "a", "message": "m"}, ` + one + `]`), "missing weight"},
		{"no message", v(`[{"id": "a", "weight": 1}, ` + one + `]`), "missing message"},
		{"bad id", v(`[{"id": "a b", "weight": 1, "message": "m"}, ` + one + `]`), "want id of 1 to 64"},
		{"unknown field", v(`[{"id": "a", "weight": 1, "message": "m", "title": "t"}, ` + one + `]`), `unknown field "title"`},
		{"message and variants", `{"rules": [{"id": "a", "conditions": [], "invitation": {"message": "m", "variants": [` +
			one + `, {"id": "y", "weight": 1, "message": "m"}]}}]}`, "message or variants, not both"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := testDecoder.Decode(parse(t, c.config))
			if len(errs) == 0 || !strings.Contains(errs[0].Error(), c.want) {
				t.Errorf("errors %v, want one with %q", errs, c.want)
			}
		})
	}
}
