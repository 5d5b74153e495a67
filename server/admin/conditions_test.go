package admin

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/rules"
)

// conditionTable is static/conditions.json, the rules editor's table of
// condition families.
type conditionTable struct {
	MatcherOps   []struct{ Value string } `json:"matcherOps"`
	AttributeOps []struct{ Value string } `json:"attributeOps"`
	Families     []struct {
		Kind    string          `json:"kind"`
		Group   string          `json:"group"`
		Arg     string          `json:"arg"`
		Default json.RawMessage `json:"default"`
		Fields  []struct {
			Key  *string `json:"key"`
			Type string  `json:"type"`
		} `json:"fields"`
	} `json:"families"`
	Groups []struct {
		ID string `json:"id"`
	} `json:"groups"`
}

func readConditionTable(t *testing.T) conditionTable {
	t.Helper()
	b, err := static.ReadFile("static/conditions.json")
	if err != nil {
		t.Fatal(err)
	}
	var tab conditionTable
	if err := json.Unmarshal(b, &tab); err != nil {
		t.Fatalf("conditions.json: %v", err)
	}
	return tab
}

// TestConditionFormsCoverEveryKind: the rules editor has a form for every
// condition kind the decoder accepts and none for a kind it refuses, so a
// new kind cannot be added to package rules without its form.
func TestConditionFormsCoverEveryKind(t *testing.T) {
	tab := readConditionTable(t)
	var inTable []string
	for _, f := range tab.Families {
		inTable = append(inTable, f.Kind)
	}
	for _, k := range rules.Kinds() {
		if !slices.Contains(inTable, k) {
			t.Errorf("conditions.json has no form for the condition %q", k)
		}
	}
	for _, k := range inTable {
		if !slices.Contains(rules.Kinds(), k) {
			t.Errorf("conditions.json has a form for %q, which the decoder does not know", k)
		}
	}
}

// TestConditionFormsDecode: each family's default (a new condition) is
// valid, every field it names is one the decoder reads, and every field
// type is one rules-fields.js renders.
func TestConditionFormsDecode(t *testing.T) {
	tab := readConditionTable(t)
	js, err := static.ReadFile("static/rules-fields.js")
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]bool{}
	for _, g := range tab.Groups {
		groups[g.ID] = true
	}
	for _, f := range tab.Families {
		t.Run(f.Kind, func(t *testing.T) {
			if !groups[f.Group] {
				t.Errorf("group %q is not in the table's groups", f.Group)
			}
			cond := `{"` + f.Kind + `": ` + string(f.Default) + `}`
			if p := decodeRule(cond); len(p) > 0 {
				t.Errorf("the default %s does not decode: %v", cond, p)
			}
			switch f.Arg {
			case "conditions", "condition":
				if len(f.Fields) > 0 {
					t.Errorf("a %s family has no fields", f.Arg)
				}
				return
			case "object", "value":
			default:
				t.Fatalf("arg %q: want object, value, conditions or condition", f.Arg)
			}
			if len(f.Fields) == 0 {
				t.Fatal("no fields")
			}
			for _, fd := range f.Fields {
				if !strings.Contains(string(js), "\n    "+fd.Type+": ") {
					t.Errorf("rules-fields.js renders no field of type %q", fd.Type)
				}
				if f.Arg == "value" && fd.Key != nil {
					t.Errorf("a value family's field has no key, got %q", *fd.Key)
				}
				if f.Arg == "object" && fd.Key == nil {
					t.Errorf("an object family's field of type %s needs a key", fd.Type)
				}
				if fd.Key == nil || *fd.Key == "" {
					continue
				}
				top, _, _ := strings.Cut(*fd.Key, ".")
				for _, p := range decodeRule(`{"` + f.Kind + `": {"` + top + `": null}}`) {
					if strings.Contains(p, "unknown field") {
						t.Errorf("field %q: %s", *fd.Key, p)
					}
				}
			}
		})
	}
}

// decodeRule decodes one condition in a rule with the server's decoder.
func decodeRule(cond string) []string {
	var tree any
	if err := json.Unmarshal([]byte(`{"rules": [{"id": "r", "conditions": [`+cond+`]}]}`), &tree); err != nil {
		return []string{err.Error()}
	}
	_, errs := decoder.Decode(tree)
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// TestConditionFormsOperators: the table's text matcher and attribute
// operators are the decoder's, all of them in its order, as its own
// message lists them.
func TestConditionFormsOperators(t *testing.T) {
	tab := readConditionTable(t)
	for _, c := range []struct {
		cond string
		ops  []struct{ Value string }
	}{
		{`{"path": {}}`, tab.MatcherOps},
		{`{"attribute": {"name": "a"}}`, tab.AttributeOps},
	} {
		p := decodeRule(c.cond)
		if len(p) != 1 {
			t.Fatalf("%s: %v", c.cond, p)
		}
		_, list, ok := strings.Cut(p[0], "want one of ")
		if !ok {
			t.Fatalf("%s: %s names no operators", c.cond, p[0])
		}
		var got []string
		for _, o := range c.ops {
			got = append(got, o.Value)
		}
		if want := strings.Split(list, ", "); !slices.Equal(got, want) {
			t.Errorf("%s: conditions.json has %v, the decoder %v", c.cond, got, want)
		}
	}
}
