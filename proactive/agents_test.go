package proactive_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/proactive"
	"github.com/lcwasm/lcwasm/widget"
)

// desk is the chat service's availability: the questions asked, answered
// by the test.
type desk struct{ asked []func(widget.Availability) }

func (d *desk) ask(then func(widget.Availability)) { d.asked = append(d.asked, then) }

// answer answers the last question.
func (d *desk) answer(t *testing.T, a widget.Availability) {
	t.Helper()
	if len(d.asked) == 0 {
		t.Fatal("the chat service was not asked")
	}
	d.asked[len(d.asked)-1](a)
}

var (
	noAgent  = widget.Availability{Known: true, Agents: false, Open: true}
	closed   = widget.Availability{Known: true, Agents: true, Open: false}
	anAgent  = widget.Availability{Known: true, Agents: true, Open: true}
	noAnswer = widget.Availability{} // the request failed
)

const atOnce = `{"cooldown": 0, "rules": [{"id": "welcome", "conditions": []}]}`

func withDesk(d *desk) func(*proactive.Deps) {
	return func(deps *proactive.Deps) { deps.Agents = d.ask }
}

// With no agent the rule's invitation is held and counted once per page
// view as noAgent; when a later answer has an agent, it shows.
func TestNoAgentHoldsTheInvitation(t *testing.T) {
	for name, a := range map[string]widget.Availability{"none available": noAgent, "closed": closed} {
		t.Run(name, func(t *testing.T) {
			dk := &desk{}
			tb, rec, sent := openCounted(t, atOnce, "s", withDesk(dk))
			tb.run(t0)
			if tb.showing() || len(dk.asked) != 1 {
				t.Fatalf("showing %v before the answer, asked %d times", tb.showing(), len(dk.asked))
			}
			dk.answer(t, a)
			tb.run(t0.Add(100 * instant.Millisecond))
			for i := 1; i <= 5; i++ { // the visitor moves: evaluations, one count
				at := t0.Add(instant.Duration(i) * instant.Second)
				tb.r.Activity(at)
				tb.run(at)
			}
			if tb.showing() {
				t.Fatal("invited with no agent available")
			}
			if len(dk.asked) != 1 {
				t.Fatalf("asked %d times within %v", len(dk.asked), proactive.AgentsEvery)
			}
			if dl, ok := tb.r.Deadline(); !ok || !dl.Equal(t0.Add(proactive.AgentsEvery)) {
				t.Fatalf("next wake-up %v %v, want the next question at %v", dl, ok, t0.Add(proactive.AgentsEvery))
			}
			tb.run(t0.Add(proactive.AgentsEvery))
			if len(dk.asked) != 2 {
				t.Fatalf("not asked again after %v", proactive.AgentsEvery)
			}
			dk.answer(t, anAgent)
			tb.run(t0.Add(proactive.AgentsEvery + instant.Millisecond))
			if !tb.showing() {
				t.Fatal("no invitation once an agent is available")
			}
			if _, ok := tb.r.Deadline(); ok {
				t.Error("still asking while the invitation shows")
			}
			rec.Flush(t0.Add(instant.Minute))
			got := sent.counted()
			for k, n := range map[string]int{"eligible welcome treatment": 1, "held/noAgent welcome treatment": 1, "shown welcome ": 1} {
				if got[k] != n {
					t.Errorf("%s: %d, want %d (all: %v)", k, got[k], n, got)
				}
			}
		})
	}
}

// Without an answer the invitation shows as without the check (fail
// open): at once when the request failed, after AgentsWait when it hangs.
func TestUnknownAvailabilityInvites(t *testing.T) {
	t.Run("failed", func(t *testing.T) {
		dk := &desk{}
		tb, rec, sent := openCounted(t, atOnce, "s", withDesk(dk))
		tb.run(t0)
		dk.answer(t, noAnswer)
		tb.run(t0.Add(10 * instant.Millisecond))
		if !tb.showing() {
			t.Fatal("no invitation when the service did not answer")
		}
		rec.Flush(t0.Add(instant.Second))
		if n := sent.counted()["held/noAgent welcome treatment"]; n != 0 {
			t.Errorf("counted held/noAgent %d times", n)
		}
	})
	t.Run("hangs", func(t *testing.T) {
		dk := &desk{}
		tb, _, _ := openCounted(t, atOnce, "s", withDesk(dk))
		tb.run(t0)
		tb.run(t0.Add(proactive.AgentsWait - instant.Millisecond))
		if tb.showing() {
			t.Fatal("invited before the wait for the answer ended")
		}
		tb.run(t0.Add(proactive.AgentsWait))
		if !tb.showing() {
			t.Fatal("no invitation after the wait for an answer that never came")
		}
	})
	t.Run("stale", func(t *testing.T) {
		dk := &desk{}
		tb, _, _ := openCounted(t, atOnce, "s", withDesk(dk))
		tb.run(t0)
		dk.answer(t, noAgent)
		tb.run(t0.Add(instant.Millisecond))
		tb.r.Visibility(false, t0.Add(instant.Second))
		tb.run(t0.Add(instant.Second))
		if _, ok := tb.r.Deadline(); ok {
			t.Fatal("a hidden tab keeps asking")
		}
		back := t0.Add(proactive.AgentsStale)
		tb.r.Visibility(true, back)
		tb.run(back)
		if len(dk.asked) != 2 {
			t.Fatalf("asked %d times, want again on coming back", len(dk.asked))
		}
		if !tb.showing() {
			t.Fatal("an old no-agent answer still holds the invitation")
		}
	})
}

// Without Deps.Agents (no chat service, or inviteWhenNoAgent) the rule
// invites at once and nothing is asked.
func TestNoDeskInvitesAtOnce(t *testing.T) {
	tb, _, _ := openCounted(t, atOnce, "s")
	tb.run(t0)
	if !tb.showing() {
		t.Fatal("no invitation")
	}
}
