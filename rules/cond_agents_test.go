package rules

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// agentsAre sets what the chat service said, counting for a minute.
func agentsAre(available bool) func(v *Visit) {
	return func(v *Visit) { v.Agents = Agents{Known: true, Available: available, Until: t0.Add(instant.Minute)} }
}

func TestAgentsAvailable(t *testing.T) {
	runConds(t, []condCase{
		{name: "available", cond: `{"agentsAvailable": true}`, visit: agentsAre(true), want: true, next: instant.Minute},
		{name: "none available", cond: `{"agentsAvailable": true}`, visit: agentsAre(false), want: false, next: instant.Minute},
		{name: "false when none", cond: `{"agentsAvailable": false}`, visit: agentsAre(false), want: true, next: instant.Minute},
		{name: "false when one is", cond: `{"agentsAvailable": false}`, visit: agentsAre(true), want: false, next: instant.Minute},
		{name: "not known: true does not hold", cond: `{"agentsAvailable": true}`, want: false},
		{name: "not known: false does not hold", cond: `{"agentsAvailable": false}`, want: false},
		{name: "not known: not true holds", cond: `{"not": {"agentsAvailable": true}}`, want: true},
		{name: "just before the answer expires", cond: `{"agentsAvailable": true}`, visit: agentsAre(true),
			at: instant.Minute - instant.Millisecond, want: true, next: instant.Minute},
		{name: "expired answer", cond: `{"agentsAvailable": true}`, visit: agentsAre(true), at: instant.Minute, want: false},
		{name: "expired answer, false", cond: `{"agentsAvailable": false}`, visit: agentsAre(false), at: 2 * instant.Minute, want: false},
		{name: "an answer that does not expire", cond: `{"agentsAvailable": false}`,
			visit: func(v *Visit) { v.Agents = Agents{Known: true} }, at: 1000 * instant.Hour, want: true},
	})
}

// TestAgentsAvailableFires: a rule that needs an agent waits for the
// service's answer, fires with it, and stops holding when it expires.
func TestAgentsAvailableFires(t *testing.T) {
	set := mustDecode(t, `{"rules": [
		{"id": "staffed", "conditions": [{"timeOnPage": {"seconds": 10}}, {"agentsAvailable": true}]},
		{"id": "plain", "conditions": [{"timeOnPage": {"seconds": 30}}]}]}`)
	e := NewEngine(set, History{})
	v := baseVisit()
	if d := e.Evaluate(v, t0.Add(10*instant.Second)); d.Rule != "" || !d.Next.Equal(t0.Add(30*instant.Second)) {
		t.Fatalf("no answer yet: got %q next %v, want none until the plain rule at 30 s", d.Rule, d.Next)
	}
	v.Agents = Agents{Known: true, Available: false, Until: t0.Add(100 * instant.Second)}
	if d := e.Evaluate(v, t0.Add(11*instant.Second)); d.Rule != "" {
		t.Fatalf("no agent: %q fires", d.Rule)
	}
	v.Agents = Agents{Known: true, Available: true, Until: t0.Add(100 * instant.Second)}
	if d := e.Evaluate(v, t0.Add(12*instant.Second)); d.Rule != "staffed" {
		t.Fatalf("an agent: got %q, want staffed", d.Rule)
	}
	x := e.Explain(v, t0.Add(12*instant.Second)) // plain, then staffed (by id)
	if got := x[1].Conditions[1]; got.Path != "conditions[1].agentsAvailable" || !got.Holds || !got.Next.Equal(t0.Add(100*instant.Second)) {
		t.Errorf("Explain: %+v", got)
	}
	if x := e.Explain(v, t0.Add(100*instant.Second)); x[1].Rule != "staffed" || x[1].Fires || x[1].Conditions[1].Holds {
		t.Errorf("an expired answer: %+v", x[1])
	}
	if !set.ReadsAgents("staffed") || set.ReadsAgents("plain") || set.ReadsAgents("nope") || !set.AnyReadsAgents() {
		t.Error("ReadsAgents: want staffed only")
	}
}

// TestReadsAgentsNested: a condition deep in any/not counts; a rule
// switched off or broken does not.
func TestReadsAgentsNested(t *testing.T) {
	set, _ := testDecoder.Decode(parse(t, `{"rules": [
		{"id": "deep", "conditions": [{"any": [{"path": {"equals": "/"}}, {"not": {"agentsAvailable": false}}]}]},
		{"id": "off", "enabled": false, "conditions": [{"agentsAvailable": true}]},
		{"id": "broken", "conditions": [{"agentsAvailable": true}, {"path": 1}]},
		{"id": "after", "conditions": []}]}`))
	for id, want := range map[string]bool{"deep": true, "off": false, "broken": false, "after": false} {
		if got := set.ReadsAgents(id); got != want {
			t.Errorf("ReadsAgents(%q) = %v, want %v", id, got, want)
		}
	}
	if none := mustDecode(t, `{"rules": [{"id": "a", "conditions": []}]}`); none.AnyReadsAgents() {
		t.Error("AnyReadsAgents: a set without the condition")
	}
}
