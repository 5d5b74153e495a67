package rules

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// TestSwitchedOffRule: "enabled": false keeps a rule in the configuration
// but out of evaluation; its problems are still reported.
func TestSwitchedOffRule(t *testing.T) {
	s := mustDecode(t, `{"rules": [
		{"id": "off", "enabled": false, "priority": 9, "conditions": [], "invitation": {"message": "never"}},
		{"id": "on", "enabled": true, "conditions": []}]}`)
	if got := s.Rules(); len(got) != 1 || got[0] != "on" {
		t.Fatalf("Rules() = %v, want [on]", got)
	}
	now := instant.Date(2026, 12, 3, 10, 0, 0, 0)
	v := &Visit{PageStart: now, SessionStart: now}
	x := NewEngine(s, History{}).Explain(v, now)
	if len(x) != 2 || x[1].Rule != "off" || x[1].Err == nil || x[1].Fires {
		t.Fatalf("Explain = %+v, want on, then off disabled", x)
	}
	if got, want := x[1].Err.Error(), `rules: rule "off": enabled: switched off`; got != want {
		t.Errorf("Err = %q, want %q", got, want)
	}
	if x[1].Invitation.Message != "never" || x[1].Priority != 9 {
		t.Errorf("the switched-off rule's invitation and priority: %+v", x[1])
	}

	_, errs := testDecoder.Decode(parse(t, `{"rules": [{"id": "bad", "enabled": false, "conditions": [{"timeOnPage": {"seconds": -1}}]}]}`))
	if len(errs) != 1 || errs[0].Error() != `rules: rule "bad": conditions[0].timeOnPage: want seconds >= 0` {
		t.Errorf("a switched-off rule's problems: %v", errs)
	}
	_, errs = testDecoder.Decode(parse(t, `{"rules": [{"id": "r", "enabled": "no", "conditions": []}]}`))
	if len(errs) != 1 || errs[0].Error() != `rules: rule "r": want enabled as true or false` {
		t.Errorf("enabled not a boolean: %v", errs)
	}
}
