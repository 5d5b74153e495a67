package rules

import "github.com/lcwasm/lcwasm/internal/strconvlite"

// Decoder decodes rules configurations. Its zero value has no regular
// expressions and knows only the "UTC" zone.
type Decoder struct {
	Compile Compiler // compiles "regex" patterns; nil: a regex is an error
	Zones   Zones    // reads time zones for "timeFrame"; nil: UTC only
}

// Decode decodes a configuration with the zero Decoder.
func Decode(tree any) (*Set, []error) { return Decoder{}.Decode(tree) }

// Decode turns a generic tree, as JSON.parse or encoding/json into an any
// produce (map[string]any, []any, float64, string, bool, nil), into a Set.
// Every problem comes back as an *Error. A malformed rule is left out of the
// Set (Explain still lists it); the other rules work. The Set is never nil.
func (dc Decoder) Decode(tree any) (*Set, []error) {
	d := &decoder{Decoder: dc, kinds: kindList}
	s := &Set{budget: -1, zones: d.zones()}
	defer s.sort()
	m := d.object(tree, "", "rules", "sessionBudget", "cooldown")
	if m == nil {
		return s, d.errs
	}
	if n, ok := d.whole(m, "sessionBudget", "", 0, 1000); ok {
		s.budget = n
	}
	s.cooldown, _ = d.seconds(m, "cooldown", "")
	list, ok := m["rules"].([]any)
	if !ok {
		d.fail("", "want rules as a list")
		return s, d.errs
	}
	seen := map[string]bool{}
	for i, v := range list {
		d.rule, d.agents = "", false
		before, sels := len(d.errs), len(d.selectors)
		r := d.decodeRule(v, index("rules", i), seen)
		var err error
		if len(d.errs) > before {
			err = d.errs[before]
		} else if r != nil && r.off {
			err = &Error{Rule: r.id, Path: "enabled", Msg: "switched off"}
		}
		s.add(r, d.rule, err, d.selectors[sels:])
	}
	return s, d.errs
}

// ruleFields are the fields of a rule.
var ruleFields = []string{"id", "description", "enabled", "priority", "conditions", "limits", "invitation", "holdout"}

// decodeRule decodes the rule at path; problems are in d.errs.
func (d *decoder) decodeRule(v any, path string, seen map[string]bool) *rule {
	m, ok := v.(map[string]any)
	if !ok {
		d.fail(path, "want an object")
		return nil
	}
	id, ok := m["id"].(string)
	switch {
	case !ok || id == "":
		d.fail(field(path, "id"), "want a non-empty string")
		return nil
	case seen[id]:
		d.fail(field(path, "id"), "duplicate id "+strconvlite.Quote(id))
		return nil
	}
	seen[id], d.rule = true, id
	d.object(m, "", ruleFields...)
	d.str(m, "description", "")
	r := &rule{id: id, off: !d.boolean(m, "enabled", "", true)}
	r.priority, _ = d.whole(m, "priority", "", -1000000, 1000000)
	r.holdout, _ = d.whole(m, "holdout", "", 0, MaxHoldout)
	if d.need(m, "conditions", "") {
		r.when = all{newParts(d.conditions(m["conditions"], "conditions", true))}
	}
	r.limits = d.limits(m, "limits")
	r.inv = d.invitation(m, "invitation")
	r.agents = d.agents
	return r
}

// limits decodes the optional "limits" of a rule.
func (d *decoder) limits(rule map[string]any, path string) limits {
	l := limits{once: perPage}
	v, ok := rule[path]
	if !ok {
		return l
	}
	m := d.object(v, path, "once", "perDay", "cooldown")
	if m == nil {
		return l
	}
	if s, ok := d.str(m, "once", path); ok {
		if l.once = scopeOf(s); l.once < 0 {
			d.fail(path, "want once page, session or visitor")
		}
	}
	l.perDay, _ = d.whole(m, "perDay", path, 1, 100)
	l.cooldown, _ = d.seconds(m, "cooldown", path)
	return l
}

// invitation decodes the optional "invitation" of a rule.
func (d *decoder) invitation(rule map[string]any, path string) Invitation {
	inv := Invitation{ShowPrechat: true}
	v, ok := rule[path]
	if !ok {
		return inv
	}
	m := d.object(v, path, "message", "showPrechat", "inNewWindow", variantsField)
	if m == nil {
		return inv
	}
	inv.Message, _ = d.str(m, "message", path)
	inv.ShowPrechat = d.boolean(m, "showPrechat", path, true)
	inv.InNewWindow = d.boolean(m, "inNewWindow", path, false)
	inv.Variants = d.variants(m, path)
	return inv
}
