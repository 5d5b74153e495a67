package rules

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

func TestComposite(t *testing.T) {
	s := instant.Second
	inside := `{"timeFrame": {"zone": "UTC", "hours": ["10:00-16:00"]}}` // holds at t0 until +6h
	later := `{"timeFrame": {"zone": "UTC", "hours": ["10:00-11:00"]}}`  // holds at t0 until +1h
	never := `{"path": {"equals": "/nowhere"}}`
	runConds(t, []condCase{
		{name: "all waits for its last part", cond: `{"all": [{"timeOnPage": {"seconds": 20}}, {"timeOnPage": {"seconds": 40}}]}`,
			at: 5 * s, want: false, next: 40 * s},
		{name: "all with a part that never changes", cond: `{"all": [{"timeOnPage": {"seconds": 20}}, ` + never + `]}`,
			at: 5 * s, want: false},
		{name: "all holds until a part changes", cond: `{"all": [` + inside + `, ` + later + `]}`, want: true, next: instant.Hour},
		{name: "any waits for its first part", cond: `{"any": [{"timeOnPage": {"seconds": 20}}, {"timeOnPage": {"seconds": 40}}]}`,
			at: 5 * s, want: false, next: 20 * s},
		{name: "any holds until its last part changes", cond: `{"any": [` + inside + `, ` + later + `]}`, want: true, next: 6 * instant.Hour},
		{name: "any with a part that always holds", cond: `{"any": [` + inside + `, {"exitIntent": false}]}`, want: true},
		{name: "not", cond: `{"not": {"timeOnPage": {"seconds": 20}}}`, at: 5 * s, want: true, next: 20 * s},
		{name: "nested", cond: `{"all": [{"not": ` + never + `}, {"any": [{"timeOnPage": {"seconds": 30}}, {"inactive": {"seconds": 10}}]}]}`,
			at: 5 * s, want: false, next: 10 * s},
	})
}

// engine decodes config and records events (rule, outcome, offset from t0).
func engine(t *testing.T, config string, events ...Event) *Engine {
	t.Helper()
	e := NewEngine(mustDecode(t, config), History{})
	for _, ev := range events {
		e.Record(ev.Rule, ev.Outcome, ev.At)
	}
	return e
}

func TestPriorityAndTieBreak(t *testing.T) {
	e := engine(t, `{"rules": [
		{"id": "b", "priority": 1, "conditions": []},
		{"id": "a", "priority": 1, "conditions": []},
		{"id": "c", "priority": 5, "conditions": []},
		{"id": "low", "priority": -3, "conditions": []}]}`)
	if got := e.set.Rules(); !slices.Equal(got, []string{"c", "a", "b", "low"}) {
		t.Fatalf("order = %v, want c a b low", got)
	}
	v := baseVisit()
	for _, want := range []string{"c", "a", "b", "low", ""} {
		d := e.Evaluate(v, t0)
		if d.Rule != want {
			t.Fatalf("Rule = %q, want %q", d.Rule, want)
		}
		e.Record(d.Rule, Shown, t0)
	}
}

func TestOrderOfManyRules(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"rules": [`)
	for i := range 37 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": "r%02d", "priority": %d, "conditions": []}`, (i*17)%37, i%4)
	}
	b.WriteString("]}")
	got := mustDecode(t, b.String()).Rules()
	want := slices.Clone(got)
	slices.SortFunc(want, func(x, y string) int {
		px, py := priorityOf(x), priorityOf(y)
		if px != py {
			return py - px
		}
		return strings.Compare(x, y)
	})
	if !slices.Equal(got, want) || len(got) != 37 {
		t.Errorf("order %v\nwant  %v", got, want)
	}
}

// priorityOf recovers the priority TestOrderOfManyRules gave rule id.
func priorityOf(id string) int {
	n, _ := strconv.Atoi(id[1:])
	for i := range 37 {
		if (i*17)%37 == n {
			return i % 4
		}
	}
	return -1
}

func TestLimits(t *testing.T) {
	s, h := instant.Second, instant.Hour
	rule := func(limits string) string {
		return `{"cooldown": 0, "rules": [{"id": "r", "conditions": [], "limits": ` + limits + `}, {"id": "other", "priority": -1, "conditions": [{"exitIntent": true}]}]}`
	}
	ev := func(rule string, o Outcome, at instant.Duration) Event { return Event{rule, o, t0.Add(at)} }
	cases := []struct {
		name   string
		limits string
		events []Event
		fires  bool
		next   instant.Duration
	}{
		{"once per page, fresh page", `{}`, []Event{ev("r", Shown, -s)}, true, 0},
		{"once per page, shown on it", `{"once": "page"}`, []Event{ev("r", Shown, 0)}, false, 0},
		{"once per session, shown on an earlier page", `{"once": "session"}`, []Event{ev("r", Shown, -5*instant.Minute)}, false, 0},
		{"once per session, shown in an earlier session", `{"once": "session"}`, []Event{ev("r", Shown, -11*instant.Minute)}, true, 0},
		{"once per visitor", `{"once": "visitor"}`, []Event{ev("r", Shown, -6*24*h)}, false, 0},
		{"once per visitor, never shown", `{"once": "visitor"}`, []Event{ev("other", Shown, -h)}, true, 0},
		{"per day, under", `{"perDay": 2}`, []Event{ev("r", Shown, -h)}, true, 0},
		{"per day, reached", `{"perDay": 2}`, []Event{ev("r", Shown, -23*h), ev("r", Shown, -h)}, false, h},
		{"per day, rolling", `{"perDay": 2}`, []Event{ev("r", Shown, -25*h), ev("r", Shown, -h)}, true, 0},
		{"per day, over", `{"perDay": 1}`, []Event{ev("r", Shown, -20*h), ev("r", Shown, -h)}, false, 23 * h},
		{"cool-down after decline", `{"cooldown": 600}`, []Event{ev("r", Shown, -70*s), ev("r", Declined, -60*s)}, false, 540 * s},
		{"cool-down after time-out", `{"cooldown": 600}`, []Event{ev("r", TimedOut, -60*s)}, false, 540 * s},
		{"cool-down over", `{"cooldown": 60}`, []Event{ev("r", Declined, -60*s)}, true, 0},
		{"cool-down ignores other rules", `{"cooldown": 600}`, []Event{ev("other", Declined, -60*s)}, true, 0},
		{"cool-down ignores acceptance", `{"cooldown": 600}`, []Event{ev("r", Accepted, -60*s)}, true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := engine(t, rule(tc.limits), tc.events...)
			d := e.Evaluate(baseVisit(), t0)
			if (d.Rule == "r") != tc.fires || !d.Next.Equal(at(tc.next)) {
				t.Errorf("Rule %q, Next %v; want fires %v, next %v", d.Rule, d.Next, tc.fires, at(tc.next))
			}
		})
	}
}

func TestSetLimits(t *testing.T) {
	config := `{"sessionBudget": 1, "cooldown": 300, "rules": [{"id": "r", "conditions": [{"timeOnPage": {"seconds": 20}}]}]}`
	cases := []struct {
		name   string
		events []Event
		at     instant.Duration
		want   string
		next   instant.Duration
	}{
		{"nothing yet", nil, 0, "", 20 * instant.Second},
		{"fires", nil, 20 * instant.Second, "r", 0},
		{"budget spent by a page call", []Event{{"", Shown, t0.Add(-instant.Minute)}}, 20 * instant.Second, "", 0},
		{"budget of an earlier session", []Event{{"", Shown, t0.Add(-instant.Hour)}}, 20 * instant.Second, "r", 0},
		{"cool-down after any decline", []Event{{"x", Declined, t0.Add(-instant.Hour)}, {"x", Declined, t0.Add(-100 * instant.Second)}},
			20 * instant.Second, "", 200 * instant.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := engine(t, config, tc.events...)
			d := e.Evaluate(baseVisit(), t0.Add(tc.at))
			if d.Rule != tc.want || !d.Next.Equal(at(tc.next)) {
				t.Errorf("Rule %q, Next %v; want %q, %v", d.Rule, d.Next, tc.want, at(tc.next))
			}
		})
	}
}

func TestAdmits(t *testing.T) {
	e := engine(t, `{"sessionBudget": 2, "cooldown": 60, "rules": []}`)
	v := baseVisit()
	check := func(name string, want bool, until instant.Time) {
		t.Helper()
		if ok, next := e.Admits(v, t0); ok != want || !next.Equal(until) {
			t.Errorf("%s: Admits = %v, %v; want %v, %v", name, ok, next, want, until)
		}
	}
	check("fresh", true, instant.Time(0))
	e.Record("", Shown, t0.Add(-50*instant.Second))
	e.Record("", Declined, t0.Add(-30*instant.Second))
	check("cool-down", false, t0.Add(30*instant.Second))
	e.Record("", Outcome(0), t0)
	e.Record("", Shown, t0.Add(-20*instant.Second))
	check("budget spent", false, instant.Time(0))
	if n := len(e.History().Events); n != 3 {
		t.Errorf("history has %d events, want 3 (the unknown outcome ignored)", n)
	}
}

func TestCourtesy(t *testing.T) {
	e := engine(t, `{"rules": [{"id": "r", "conditions": [], "invitation": {"message": "Hi", "showPrechat": false}}]}`)
	v := baseVisit()
	v.LastTyping = t0.Add(-instant.Second)
	if d := e.Evaluate(v, t0); d.Rule != "" || d.Waiting != "r" || !d.Next.Equal(t0.Add(2*instant.Second)) {
		t.Errorf("typing: %+v, want waiting for r until +2s", d)
	}
	want := Decision{Rule: "r", Invitation: Invitation{Message: "Hi"}}
	if d := e.Evaluate(v, t0.Add(2*instant.Second)); !reflect.DeepEqual(d, want) {
		t.Errorf("after typing: %+v, want %+v", d, want)
	}
	v.Hidden = true
	if d := e.Evaluate(v, t0.Add(instant.Minute)); d.Rule != "" || d.Waiting != "r" || !d.Next.IsZero() {
		t.Errorf("hidden: %+v, want waiting for r with no deadline", d)
	}
}

func TestNextStopsAtTheWinner(t *testing.T) {
	e := engine(t, `{"rules": [
		{"id": "soon", "priority": 2, "conditions": [{"timeOnPage": {"seconds": 20}}]},
		{"id": "now", "priority": 1, "conditions": [{"inactive": {"seconds": 5}}]},
		{"id": "below", "conditions": [{"timeOnPage": {"seconds": 10}}]}]}`)
	d := e.Evaluate(baseVisit(), t0.Add(5*instant.Second))
	if d.Rule != "now" || !d.Next.Equal(t0.Add(20*instant.Second)) {
		t.Errorf("%+v, want now until soon can fire at +20s", d)
	}
}

func TestExplain(t *testing.T) {
	e := engine(t, `{"sessionBudget": 3, "rules": [{"id": "pricing", "priority": 4,
		"conditions": [{"path": {"prefix": "/products"}}, {"any": [{"timeOnPage": {"seconds": 20}}, {"exitIntent": true}]}],
		"limits": {"cooldown": 600}}]}`, Event{"pricing", Declined, t0})
	x := e.Explain(baseVisit(), t0.Add(5*instant.Second))[0]
	wantConds := []Check{
		{Path: "conditions[0].path", Holds: true},
		{Path: "conditions[1].any[0].timeOnPage", Next: t0.Add(20 * instant.Second)},
		{Path: "conditions[1].any[1].exitIntent"},
	}
	wantLimits := []Check{
		{Path: "limits.once", Holds: true},
		{Path: "limits.cooldown", Next: t0.Add(600 * instant.Second)},
		{Path: "sessionBudget", Holds: true},
	}
	if x.Rule != "pricing" || x.Priority != 4 || x.Holds || x.Fires || x.Err != nil {
		t.Errorf("explanation %+v", x)
	}
	if !slices.Equal(x.Conditions, wantConds) || !slices.Equal(x.Limits, wantLimits) {
		t.Errorf("conditions %+v\nlimits %+v", x.Conditions, x.Limits)
	}
	if !x.Next.Equal(t0.Add(600 * instant.Second)) {
		t.Errorf("Next = %v, want the end of the cool-down", x.Next)
	}
}

func TestExplainNext(t *testing.T) {
	e := engine(t, `{"rules": [
		{"id": "fires", "conditions": []},
		{"id": "later", "conditions": [{"timeFrame": {"zone": "UTC", "days": ["wed"], "hours": ["09:00-10:00"]}}]},
		{"id": "never", "conditions": [{"exitIntent": true}]}]}`)
	x := e.Explain(baseVisit(), t0)
	want := []instant.Time{t0, instant.Date(2026, 3, 4, 9, 0, 0, 0), 0}
	for i, w := range want {
		if !x[i].Next.Equal(w) {
			t.Errorf("%s: Next = %v, want %v", x[i].Rule, x[i].Next, w)
		}
	}
}

// TestExplainDisabled: a rule a configuration error disables is explained
// with its error and what it was configured to raise.
func TestExplainDisabled(t *testing.T) {
	set, errs := testDecoder.Decode(parse(t, `{"rules": [
		{"id": "ok", "conditions": []},
		{"id": "broken", "priority": 7, "conditions": [{"exitIntent": "yes"}],
		 "invitation": {"message": "Need help with {{plan}}?", "showPrechat": false, "inNewWindow": true}},
		{"id": "bare", "conditions": [{"nope": 1}]}]}`))
	if len(errs) != 2 {
		t.Fatalf("errors %v, want 2", errs)
	}
	x := NewEngine(set, History{}).Explain(baseVisit(), t0)
	if len(x) != 3 {
		t.Fatalf("%d explanations, want 3", len(x))
	}
	got := x[1]
	want := Invitation{Message: "Need help with {{plan}}?", ShowPrechat: false, InNewWindow: true}
	if got.Rule != "broken" || got.Err == nil || got.Priority != 7 || !reflect.DeepEqual(got.Invitation, want) {
		t.Errorf("broken: %+v, want its error, priority 7 and invitation %+v", got, want)
	}
	if bare := x[2]; bare.Rule != "bare" || !reflect.DeepEqual(bare.Invitation, Invitation{ShowPrechat: true}) {
		t.Errorf("bare: %+v, want the default invitation (showPrechat true)", bare)
	}
}
