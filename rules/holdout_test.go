package rules

import (
	"strings"
	"testing"
)

const holdoutConfig = `{"sessionBudget": 1, "rules": [
	{"id": "a", "priority": 2, "holdout": 20, "conditions": [{"path": {"glob": "/products/**"}}]},
	{"id": "b", "priority": 1, "conditions": [{"path": {"glob": "/products/**"}}], "limits": {"once": "session"}}]}`

func TestHoldoutDecoded(t *testing.T) {
	s := mustDecode(t, holdoutConfig)
	if s.Holdout("a") != 20 || s.Holdout("b") != 0 || s.Holdout("nope") != 0 {
		t.Errorf("holdouts %d %d %d", s.Holdout("a"), s.Holdout("b"), s.Holdout("nope"))
	}
	for _, bad := range []string{"51", "-1", "2.5", `"10"`} {
		_, errs := testDecoder.Decode(parse(t, `{"rules": [{"id": "a", "holdout": `+bad+`, "conditions": []}]}`))
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), "holdout") {
			t.Errorf("holdout %s: errors %v", bad, errs)
		}
	}
}

func TestMuteLetsTheNextRuleFire(t *testing.T) {
	e := engine(t, holdoutConfig)
	v := baseVisit()
	if d := e.Evaluate(v, t0); d.Rule != "a" {
		t.Fatalf("first fires %q, want a", d.Rule)
	}
	e.Mute("a")
	if d := e.Evaluate(v, t0); d.Rule != "b" {
		t.Fatalf("with a muted, %q fires, want b", d.Rule)
	}
}

func TestBlocked(t *testing.T) {
	v := baseVisit()
	if r, _ := engine(t, holdoutConfig).Blocked(v, t0); r != "" {
		t.Errorf("a rule that fires is blocked: %q", r)
	}
	e := engine(t, holdoutConfig, Event{Rule: "a", Outcome: Shown, At: t0})
	if r, set := e.Blocked(v, t0); r != "a" || !set {
		t.Errorf("budget spent: blocked %q set %v, want a by the set", r, set)
	}
	e = engine(t, `{"rules": [{"id": "b", "conditions": [], "limits": {"once": "session"}}]}`,
		Event{Rule: "b", Outcome: Shown, At: t0})
	if r, set := e.Blocked(v, t0); r != "b" || set {
		t.Errorf("once spent: blocked %q set %v, want b by its own limit", r, set)
	}
	e = engine(t, `{"rules": [{"id": "c", "conditions": [{"path": {"equals": "/nowhere"}}]}]}`)
	if r, _ := e.Blocked(v, t0); r != "" {
		t.Errorf("conditions that do not hold: blocked %q", r)
	}
}
