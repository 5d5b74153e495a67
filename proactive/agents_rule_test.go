package proactive_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/proactive"
)

const (
	staffed = `{"cooldown": 0, "rules": [{"id": "staffed", "conditions": [{"agentsAvailable": true}]}]}`
	empty   = `{"cooldown": 0, "rules": [{"id": "leave", "conditions": [{"agentsAvailable": false}]}]}`
)

// holdOff is the site owner's proactiveChat.inviteWhenNoAgent.
var holdOff = proactive.Config{AppID: "app", Tab: "tabA", DefaultMessage: "Need help?", InviteWhenNoAgent: true}

// A rule with agentsAvailable: true does not fire while no agent is
// available, is neither held nor counted eligible meanwhile, and fires
// once an answer has one; with the hold on or off alike.
func TestAgentsAvailableRuleWaitsForAnAgent(t *testing.T) {
	for name, cfg := range map[string]proactive.Config{
		"hold on":  {AppID: "app", Tab: "tabA", DefaultMessage: "Need help?"},
		"hold off": holdOff,
	} {
		t.Run(name, func(t *testing.T) {
			dk := &desk{}
			tb, rec, sent := openConfigured(t, staffed, "s", cfg, withDesk(dk))
			tb.run(t0)
			if len(dk.asked) != 1 {
				t.Fatalf("asked %d times, want once at start", len(dk.asked))
			}
			dk.answer(t, noAgent)
			for i := 1; i <= 3; i++ {
				at := t0.Add(instant.Duration(i) * instant.Second)
				tb.r.Activity(at)
				tb.run(at)
			}
			if tb.showing() {
				t.Fatal("invited with no agent available")
			}
			tb.run(t0.Add(proactive.AgentsEvery))
			if len(dk.asked) != 2 {
				t.Fatalf("asked %d times, want again after %v", len(dk.asked), proactive.AgentsEvery)
			}
			dk.answer(t, anAgent)
			tb.run(t0.Add(proactive.AgentsEvery + instant.Millisecond))
			if !tb.showing() {
				t.Fatal("no invitation once an agent is available")
			}
			rec.Flush(t0.Add(2 * instant.Minute))
			got := sent.counted()
			for k, n := range map[string]int{"eligible staffed treatment": 1, "held/noAgent staffed treatment": 0, "shown staffed ": 1} {
				if got[k] != n {
					t.Errorf("%s: %d, want %d (all: %v)", k, got[k], n, got)
				}
			}
		})
	}
}

// agentsAvailable: true never fires on a guess: not before the first
// answer (no AgentsWait fail-open), not when the request failed, not on
// an answer older than AgentsStale.
func TestAgentsAvailableRuleNeedsAnAnswer(t *testing.T) {
	t.Run("pending", func(t *testing.T) {
		dk := &desk{}
		tb, _, _ := openCounted(t, staffed, "s", withDesk(dk))
		tb.run(t0)
		tb.run(t0.Add(proactive.AgentsWait))
		if tb.showing() {
			t.Fatal("invited before any answer")
		}
	})
	t.Run("failed", func(t *testing.T) {
		dk := &desk{}
		tb, _, _ := openCounted(t, staffed, "s", withDesk(dk))
		tb.run(t0)
		dk.answer(t, noAnswer)
		tb.run(t0.Add(instant.Millisecond))
		if tb.showing() {
			t.Fatal("invited when the service did not answer")
		}
	})
	t.Run("stale", func(t *testing.T) {
		dk := &desk{}
		tb, _, _ := openCounted(t, staffed, "s", withDesk(dk))
		tb.run(t0)
		dk.answer(t, anAgent)
		tb.r.Visibility(false, t0) // hidden at once: it waits, and asks nothing more
		tb.run(t0.Add(instant.Millisecond))
		back := t0.Add(proactive.AgentsStale)
		tb.r.Visibility(true, back)
		tb.run(back)
		if tb.showing() {
			t.Fatal("invited on an answer older than AgentsStale")
		}
		if len(dk.asked) != 2 {
			t.Fatalf("asked %d times, want again on coming back", len(dk.asked))
		}
		dk.answer(t, anAgent)
		tb.run(back.Add(instant.Millisecond))
		if !tb.showing() {
			t.Fatal("no invitation on the fresh answer")
		}
	})
}

// A rule for when nobody is there (agentsAvailable: false) is not held
// by the no-agent hold it would otherwise always meet.
func TestAgentsAvailableFalseIsNotHeld(t *testing.T) {
	dk := &desk{}
	tb, rec, sent := openCounted(t, empty, "s", withDesk(dk))
	tb.run(t0)
	dk.answer(t, closed)
	tb.run(t0.Add(instant.Millisecond))
	if !tb.showing() {
		t.Fatal("agentsAvailable: false did not fire with the service closed")
	}
	rec.Flush(t0.Add(instant.Minute))
	if n := sent.counted()["held/noAgent leave treatment"]; n != 0 {
		t.Errorf("held/noAgent counted %d times", n)
	}
}

// With the hold off and no rule reading agentsAvailable, the widget asks
// nothing; without a chat service, agentsAvailable: false holds.
func TestAgentsAskedOnlyWhenNeeded(t *testing.T) {
	dk := &desk{}
	tb, _, _ := openConfigured(t, atOnce, "s", holdOff, withDesk(dk))
	tb.run(t0)
	if !tb.showing() || len(dk.asked) != 0 {
		t.Fatalf("showing %v, asked %d times: want at once, asking nothing", tb.showing(), len(dk.asked))
	}
	for src, want := range map[string]bool{empty: true, staffed: false} {
		tb, _, _ := openCounted(t, src, "s")
		tb.run(t0)
		if tb.showing() != want {
			t.Errorf("no chat service, %s: showing %v, want %v", src, tb.showing(), want)
		}
	}
}

// A page's getAgentAvailability answer counts as the runner's own: a
// rule waiting for an agent fires on it at once, and the next question
// comes AgentsEvery after it. With nothing to ask for, it is ignored.
func TestAgentsSaidByThePage(t *testing.T) {
	dk := &desk{}
	tb, _, _ := openCounted(t, staffed, "s", withDesk(dk))
	tb.run(t0)
	dk.answer(t, noAgent)
	tb.run(t0.Add(instant.Millisecond))
	said := t0.Add(10 * instant.Second)
	tb.r.AgentsSaid(anAgent, said)
	tb.run(said)
	if !tb.showing() {
		t.Fatal("no invitation on the page's answer")
	}
	if len(dk.asked) != 1 {
		t.Errorf("asked %d times, want once", len(dk.asked))
	}

	quiet, _, _ := openConfigured(t, atOnce, "s", holdOff, withDesk(&desk{}))
	quiet.r.AgentsSaid(noAgent, t0)
	quiet.run(t0)
	if !quiet.showing() {
		t.Error("an answer held a rule the hold does not apply to")
	}
}
