package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// ruleOf wraps conditions in a rule "r" for decode tests.
func ruleOf(conds string) string {
	return `{"rules": [{"id": "r", "conditions": [` + conds + `]}]}`
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name, config string
		want         []string
	}{
		{"issue example", `{"rules": [{"id": "pricing", "conditions": [{"path": {"prefix": "/pricing"}}, {"timeOnPage": {"seconds": -5}}]}]}`,
			[]string{`rules: rule "pricing": conditions[1].timeOnPage: want seconds >= 0`}},
		{"unknown kind", ruleOf(`{"timeOnPag": {"seconds": 5}}`), []string{`rules: rule "r": conditions[0]: unknown condition "timeOnPag"`}},
		{"unknown field", ruleOf(`{"timeOnPage": {"secs": 5}}`), []string{
			`rules: rule "r": conditions[0].timeOnPage: unknown field "secs"`,
			`rules: rule "r": conditions[0].timeOnPage: missing seconds`}},
		{"two kinds in one object", ruleOf(`{"timeOnPage": {"seconds": 5}, "exitIntent": true}`),
			[]string{`rules: rule "r": conditions[0]: want an object with exactly one condition`}},
		{"nested path", ruleOf(`{"any": [{"exitIntent": true}, {"not": {"path": {"start": "/x"}}}]}`), []string{
			`rules: rule "r": conditions[0].any[1].not.path: unknown field "start"`,
			`rules: rule "r": conditions[0].any[1].not.path: want one of equals, prefix, suffix, contains, glob, regex`}},
		{"empty any", ruleOf(`{"any": []}`), []string{`rules: rule "r": conditions[0].any: want a list of conditions`}},
		{"two operators", ruleOf(`{"path": {"equals": "/a", "prefix": "/b"}}`),
			[]string{`rules: rule "r": conditions[0].path: want one of equals, prefix, suffix, contains, glob, regex`}},
		{"bad glob", ruleOf(`{"path": {"glob": "/[a-"}}`), []string{`rules: rule "r": conditions[0].path: glob: malformed segment [a-`}},
		{"bad regex", ruleOf(`{"url": {"regex": "("}}`),
			[]string{"rules: rule \"r\": conditions[0].url: regex: error parsing regexp: missing closing ): `(`"}},
		{"regex with ignoreCase", ruleOf(`{"url": {"regex": "x", "ignoreCase": true}}`),
			[]string{`rules: rule "r": conditions[0].url: ignoreCase does not apply to regex: put the flag in the pattern`}},
		{"query needs an operator", ruleOf(`{"query": {"name": "q"}}`),
			[]string{`rules: rule "r": conditions[0].query: want exists or one of equals, prefix, suffix, contains, glob, regex`}},
		{"utm tag", ruleOf(`{"utm": {"tag": "utm_source", "exists": true}}`),
			[]string{`rules: rule "r": conditions[0].utm: want tag one of source, medium, campaign, term, content`}},
		{"source", ruleOf(`{"source": ["search", "social"]}`), []string{`rules: rule "r": conditions[0].source[1]: want one of direct, search, internal, external`}},
		{"range order", ruleOf(`{"visitCount": {"min": 3, "max": 2}}`), []string{`rules: rule "r": conditions[0].visitCount: want min <= max`}},
		{"range empty", ruleOf(`{"pagesViewed": {}}`), []string{`rules: rule "r": conditions[0].pagesViewed: want min or max`}},
		{"scroll over 100", ruleOf(`{"scrollDepth": {"min": 120}}`),
			[]string{`rules: rule "r": conditions[0].scrollDepth: want min a whole number from 0 to 100`}},
		{"visitor", ruleOf(`{"visitor": "old"}`), []string{`rules: rule "r": conditions[0].visitor: want "new" or "returning"`}},
		{"journey", ruleOf(`{"journey": {"steps": [], "withinMinutes": 5}}`),
			[]string{`rules: rule "r": conditions[0].journey.steps: want a list of 1 to 64 text matchers`}},
		{"journey step", ruleOf(`{"journey": {"steps": [{"equals": "/a"}, "/b"]}}`),
			[]string{`rules: rule "r": conditions[0].journey.steps[1]: want an object`}},
		{"exit intent", ruleOf(`{"exitIntent": "yes"}`), []string{`rules: rule "r": conditions[0].exitIntent: want true or false`}},
		{"exit intent option", ruleOf(`{"exitIntent": {"seen": "yes"}}`), []string{`rules: rule "r": conditions[0].exitIntent: want {"seen": true} or {"seen": false}`}},
		{"agents", ruleOf(`{"agentsAvailable": "yes"}`), []string{`rules: rule "r": conditions[0].agentsAvailable: want true or false`}},
		{"agents object", ruleOf(`{"any": [{"agentsAvailable": {"available": true}}]}`),
			[]string{`rules: rule "r": conditions[0].any[0].agentsAvailable: want true or false`}},
		{"agents null", ruleOf(`{"not": {"agentsAvailable": null}}`), []string{`rules: rule "r": conditions[0].not.agentsAvailable: want true or false`}},
		{"device", ruleOf(`{"device": ["phone", "watch"]}`), []string{`rules: rule "r": conditions[0].device[1]: want phone, tablet or desktop`}},
		{"language", ruleOf(`{"language": []}`), []string{`rules: rule "r": conditions[0].language: want a string or a non-empty list of strings`}},
		{"attribute operators", ruleOf(`{"attribute": {"name": "a", "equals": 1, "gt": 0}}`),
			[]string{`rules: rule "r": conditions[0].attribute: want one of equals, notEqual, in, contains, gt, lt, exists`}},
		{"attribute operand", ruleOf(`{"attribute": {"name": "a", "in": [1, {}]}}`),
			[]string{`rules: rule "r": conditions[0].attribute.in: want a non-empty list of strings, numbers or booleans`}},
		{"element selector", ruleOf(`{"elementVisible": {"selector": "", "seconds": 2}}`),
			[]string{`rules: rule "r": conditions[0].elementVisible: want a non-empty selector`}},
		{"attribute name", ruleOf(`{"attribute": {"name": "", "exists": true}}`),
			[]string{`rules: rule "r": conditions[0].attribute: want a non-empty name`}},
		{"query name", ruleOf(`{"query": {"equals": "x"}}`), []string{`rules: rule "r": conditions[0].query: missing name`}},
		{"zone", ruleOf(`{"timeFrame": {"zone": "Europe/Atlantis", "days": ["mon"]}}`),
			[]string{`rules: rule "r": conditions[0].timeFrame: unknown zone "Europe/Atlantis"`}},
		{"time frame empty", ruleOf(`{"timeFrame": {"zone": "UTC"}}`), []string{`rules: rule "r": conditions[0].timeFrame: want days, hours or dates`}},
		{"days", ruleOf(`{"timeFrame": {"days": ["mon", "funday"]}}`),
			[]string{`rules: rule "r": conditions[0].timeFrame.days[1]: want a day (sun, mon, ... sat) or a range such as mon-fri`}},
		{"hours", ruleOf(`{"timeFrame": {"hours": ["9-17", "09:00-09:00"]}}`), []string{
			`rules: rule "r": conditions[0].timeFrame.hours[0]: want a range of times such as 09:00-17:30`,
			`rules: rule "r": conditions[0].timeFrame.hours[1]: want a range of times such as 09:00-17:30`}},
		{"dates", ruleOf(`{"timeFrame": {"dates": {"from": "2026-02-30", "to": "2026-01-01"}}}`),
			[]string{`rules: rule "r": conditions[0].timeFrame.dates.from: want a date such as 2026-12-24, from 1970 to 2200`}},
		{"dates order", ruleOf(`{"timeFrame": {"dates": {"from": "2026-02-03", "to": "2026-01-01"}}}`),
			[]string{`rules: rule "r": conditions[0].timeFrame.dates: want from <= to`}},
		{"conditions missing", `{"rules": [{"id": "r"}]}`, []string{`rules: rule "r": missing conditions`}},
		{"rule field", `{"rules": [{"id": "r", "conditions": [], "prio": 1}]}`, []string{`rules: rule "r": unknown field "prio"`}},
		{"limits", `{"rules": [{"id": "r", "conditions": [], "limits": {"once": "day", "perDay": 0, "cooldown": "1h"}}]}`, []string{
			`rules: rule "r": limits: want once page, session or visitor`,
			`rules: rule "r": limits: want perDay a whole number from 1 to 100`,
			`rules: rule "r": limits: want cooldown as a number`}},
		{"invitation", `{"rules": [{"id": "r", "conditions": [], "invitation": {"message": 1, "showPrechat": "yes"}}]}`, []string{
			`rules: rule "r": invitation: want message as a string`,
			`rules: rule "r": invitation: want showPrechat as true or false`}},
		{"priority", `{"rules": [{"id": "r", "conditions": [], "priority": 1.5}]}`,
			[]string{`rules: rule "r": want priority a whole number from -1000000 to 1000000`}},
		{"no id", `{"rules": [{"conditions": []}]}`, []string{`rules: rules[0].id: want a non-empty string`}},
		{"duplicate id", `{"rules": [{"id": "r", "conditions": []}, {"id": "r", "conditions": []}]}`,
			[]string{`rules: rules[1].id: duplicate id "r"`}},
		{"rule not an object", `{"rules": [3]}`, []string{`rules: rules[0]: want an object`}},
		{"top level", `{"rules": [], "budget": 2, "sessionBudget": -1}`, []string{
			`rules: unknown field "budget"`, `rules: want sessionBudget a whole number from 0 to 1000`}},
		{"rules missing", `{}`, []string{`rules: want rules as a list`}},
		{"not an object", `[]`, []string{`rules: want an object`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := testDecoder.Decode(parse(t, tc.config))
			var got []string
			for _, err := range errs {
				got = append(got, err.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestDecodeDisablesOnlyTheBadRule(t *testing.T) {
	s, errs := testDecoder.Decode(parse(t, `{"rules": [
		{"id": "good", "conditions": [{"exitIntent": true}]},
		{"id": "bad", "conditions": [{"timeOnPage": {"seconds": -1}}, {"path": {"glob": "/[x"}}]},
		{"id": "also-good", "conditions": []}]}`))
	if len(errs) != 2 {
		t.Fatalf("errors = %v, want 2", errs)
	}
	if got := strings.Join(s.Rules(), ","); got != "also-good,good" {
		t.Errorf("Rules() = %s, want also-good,good", got)
	}
	x := NewEngine(s, History{}).Explain(baseVisit(), t0)
	if last := x[len(x)-1]; last.Rule != "bad" || last.Err != errs[0] {
		t.Errorf("Explain lists %q with %v, want bad with %v", last.Rule, last.Err, errs[0])
	}
	var e *Error
	if e, _ = errs[1].(*Error); e == nil || e.Rule != "bad" || e.Path != "conditions[1].path" {
		t.Errorf("errs[1] = %#v, want an *Error for rule bad at conditions[1].path", errs[1])
	}
}

func TestZeroDecoder(t *testing.T) {
	_, errs := Decode(parse(t, ruleOf(`{"path": {"regex": "^/x"}}, {"timeFrame": {"zone": "Europe/Paris", "days": ["mon"]}}`)))
	want := []string{
		`rules: rule "r": conditions[0].path: regex: no regular expression compiler`,
		`rules: rule "r": conditions[1].timeFrame: unknown zone "Europe/Paris"`,
	}
	if len(errs) != 2 || errs[0].Error() != want[0] || errs[1].Error() != want[1] {
		t.Errorf("errors = %v, want %v", errs, want)
	}
	s, errs := Decode(parse(t, ruleOf(`{"timeFrame": {"zone": "UTC", "hours": ["10:00-11:00"]}}`)))
	if d := NewEngine(s, History{}).Evaluate(baseVisit(), t0); len(errs) != 0 || d.Rule != "r" || !d.Next.Equal(t0.Add(instant.Hour)) {
		t.Errorf("UTC time frame with the zero Decoder: %v, %+v", errs, d)
	}
}

func TestDecodeDefaults(t *testing.T) {
	s := mustDecode(t, `{"rules": [{"id": "r", "conditions": []}]}`)
	r := s.rules[0]
	if !reflect.DeepEqual(r.inv, Invitation{ShowPrechat: true}) || r.limits != (limits{once: perPage}) || r.priority != 0 {
		t.Errorf("defaults: invitation %+v, limits %+v, priority %d", r.inv, r.limits, r.priority)
	}
	if s.budget != -1 || s.cooldown != 0 {
		t.Errorf("set defaults: budget %d, cooldown %v", s.budget, s.cooldown)
	}
}

func TestSelectors(t *testing.T) {
	s := mustDecode(t, `{"rules": [
		{"id": "a", "conditions": [{"elementVisible": {"selector": "#pricing"}}]},
		{"id": "b", "conditions": [{"any": [{"elementVisible": {"selector": ".faq"}}, {"elementVisible": {"selector": "#pricing"}}]}]}]}`)
	if got := strings.Join(s.Selectors(), " "); got != "#pricing .faq" {
		t.Errorf("Selectors() = %q", got)
	}
}
