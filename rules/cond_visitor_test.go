package rules

import "testing"

func TestDevice(t *testing.T) {
	runConds(t, []condCase{
		{name: "one", cond: `{"device": "desktop"}`, want: true},
		{name: "list", cond: `{"device": ["phone", "tablet"]}`, want: false},
		{name: "phone", cond: `{"device": ["phone", "tablet"]}`, visit: func(v *Visit) { v.Device = Phone }, want: true},
		{name: "unknown device", cond: `{"device": "desktop"}`, visit: func(v *Visit) { v.Device = "" }, want: false},
	})
}

func TestLanguage(t *testing.T) {
	runConds(t, []condCase{
		{name: "primary subtag", cond: `{"language": "fr"}`, want: true},
		{name: "exact region", cond: `{"language": ["de-CH", "FR-ca"]}`, want: true},
		{name: "other region", cond: `{"language": "fr-FR"}`, want: false},
		{name: "only the preferred language", cond: `{"language": "en"}`, want: false},
		{name: "prefix is not a subtag", cond: `{"language": "f"}`, want: false},
		{name: "no languages", cond: `{"language": "fr"}`, visit: func(v *Visit) { v.Languages = nil }, want: false},
	})
}

func TestAttribute(t *testing.T) {
	runConds(t, []condCase{
		{name: "equals string", cond: `{"attribute": {"name": "plan", "equals": "gold"}}`, want: true},
		{name: "equals number", cond: `{"attribute": {"name": "cases", "equals": 2}}`, want: true},
		{name: "equals bool", cond: `{"attribute": {"name": "vip", "equals": true}}`, want: true},
		{name: "equals needs same type", cond: `{"attribute": {"name": "cases", "equals": "2"}}`, want: false},
		{name: "equals on a Go int", cond: `{"attribute": {"name": "n", "equals": 7}}`,
			visit: func(v *Visit) { v.Attributes["n"] = 7 }, want: true},
		{name: "notEqual", cond: `{"attribute": {"name": "plan", "notEqual": "free"}}`, want: true},
		{name: "notEqual when absent", cond: `{"attribute": {"name": "missing", "notEqual": "free"}}`, want: true},
		{name: "in", cond: `{"attribute": {"name": "plan", "in": ["silver", "gold"]}}`, want: true},
		{name: "not in", cond: `{"attribute": {"name": "plan", "in": ["free"]}}`, want: false},
		{name: "contains substring", cond: `{"attribute": {"name": "plan", "contains": "ol"}}`, want: true},
		{name: "list contains", cond: `{"attribute": {"name": "tags", "contains": "eu"}}`, want: true},
		{name: "list lacks", cond: `{"attribute": {"name": "tags", "contains": "us"}}`, want: false},
		{name: "gt", cond: `{"attribute": {"name": "cases", "gt": 0}}`, want: true},
		{name: "not gt", cond: `{"attribute": {"name": "cases", "gt": 2}}`, want: false},
		{name: "lt", cond: `{"attribute": {"name": "cases", "lt": 3}}`, want: true},
		{name: "gt on strings", cond: `{"attribute": {"name": "since", "gt": "2025-12-31"}}`,
			visit: func(v *Visit) { v.Attributes["since"] = "2026-01-15" }, want: true},
		{name: "gt mixes no types", cond: `{"attribute": {"name": "plan", "gt": 1}}`, want: false},
		{name: "exists", cond: `{"attribute": {"name": "vip", "exists": true}}`, want: true},
		{name: "not exists", cond: `{"attribute": {"name": "vip", "exists": false}}`, want: false},
		{name: "absent", cond: `{"attribute": {"name": "missing", "equals": 1}}`, want: false},
		{name: "no attributes", cond: `{"attribute": {"name": "plan", "exists": false}}`,
			visit: func(v *Visit) { v.Attributes = nil }, want: true},
	})
}
