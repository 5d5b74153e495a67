package rules

import (
	"testing"
	"time"
)

// TestExitIntentIsAMoment: Microsoft's scenario 4 (after 15 s on the page
// the visitor is about to leave), as its sample arms mouseleave only after
// 15 s: an exit before then does not make the rule fire at 15 s; the first
// exit after does, at once; exitIntent holds for ExitMoment after an exit.
func TestExitIntentIsAMoment(t *testing.T) {
	const scenario4 = `{"rules": [{"id": "leaving", "conditions": [{"timeOnPage": {"seconds": 15}}, {"exitIntent": true}]}]}`
	s := time.Second
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	fresh := func() (*Engine, *Visit) {
		var v Visit
		v.StartPage(Page{Path: "/kb"}, t0)
		return NewEngine(mustDecode(t, scenario4), History{}), &v
	}

	t.Run("an early exit", func(t *testing.T) {
		e, v := fresh()
		v.Exit(at(3 * s)) // left through the top at 3 s, and came back
		if d := e.Evaluate(v, at(3*s)); d.Rule != "" {
			t.Fatalf("at 3 s: %q fired before 15 s on the page", d.Rule)
		}
		for _, when := range []time.Duration{15 * s, 16 * s, 60 * s} {
			if d := e.Evaluate(v, at(when)); d.Rule != "" {
				t.Errorf("at %v: %q fired because of the exit at 3 s", when, d.Rule)
			}
		}
	})
	t.Run("a late exit", func(t *testing.T) {
		e, v := fresh()
		v.Exit(at(3 * s))
		v.Exit(at(20 * s))
		if d := e.Evaluate(v, at(20*s)); d.Rule != "leaving" {
			t.Errorf("at the exit at 20 s: rule %q, want leaving", d.Rule)
		}
		d := e.Evaluate(v, at(20*s+ExitMoment-time.Millisecond))
		if d.Rule != "leaving" {
			t.Errorf("just within the moment: rule %q, want leaving", d.Rule)
		}
		if want := at(20*s + ExitMoment); !d.Next.Equal(want) {
			t.Errorf("Next = %v, want the end of the moment %v", d.Next, want)
		}
		if d := e.Evaluate(v, at(20*s+ExitMoment)); d.Rule != "" {
			t.Errorf("after the moment: rule %q fired", d.Rule)
		}
	})
	t.Run("an exit just before 15 s lasts its moment", func(t *testing.T) {
		e, v := fresh()
		v.Exit(at(15*s - ExitMoment/2))
		if d := e.Evaluate(v, at(15*s)); d.Rule != "leaving" {
			t.Errorf("rule %q, want leaving", d.Rule)
		}
	})
	t.Run("an exit while the tab is hidden counts once it is shown", func(t *testing.T) {
		e, v := fresh()
		v.SetHidden(true, at(20*s))
		v.Exit(at(20 * s)) // a phone's tab going away
		v.SetHidden(false, at(90*s))
		if d := e.Evaluate(v, at(90*s)); d.Rule != "leaving" {
			t.Errorf("rule %q, want leaving", d.Rule)
		}
		if d := e.Evaluate(v, at(90*s+ExitMoment)); d.Rule != "" {
			t.Errorf("after the moment: rule %q fired", d.Rule)
		}
	})
	t.Run("a new page forgets the exit", func(t *testing.T) {
		e, v := fresh()
		v.Exit(at(20 * s))
		v.StartPage(Page{Path: "/next"}, at(20*s))
		if d := e.Evaluate(v, at(40*s)); d.Rule != "" {
			t.Errorf("rule %q fired on the next page", d.Rule)
		}
	})
}

func TestExitIntentConditions(t *testing.T) {
	s := time.Second
	exitAt := func(d time.Duration) func(*Visit) { return func(v *Visit) { v.Exit(t0.Add(d)) } }
	runConds(t, []condCase{
		{name: "at the exit", cond: `{"exitIntent": true}`, visit: exitAt(5 * s), at: 5 * s, want: true, next: 5*s + ExitMoment},
		{name: "after the moment", cond: `{"exitIntent": true}`, visit: exitAt(5 * s), at: 7 * s, want: false},
		{name: "false after the moment", cond: `{"exitIntent": false}`, visit: exitAt(5 * s), at: 7 * s, want: true},
		{name: "false at the exit", cond: `{"exitIntent": false}`, visit: exitAt(5 * s), at: 5 * s, want: false, next: 5*s + ExitMoment},
		{name: "seen: any time after", cond: `{"exitIntent": {"seen": true}}`, visit: exitAt(5 * s), at: 60 * s, want: true},
		{name: "seen: none", cond: `{"exitIntent": {"seen": true}}`, at: 60 * s, want: false},
		{name: "not seen", cond: `{"exitIntent": {"seen": false}}`, at: 60 * s, want: true},
		{name: "not seen, after one", cond: `{"exitIntent": {"seen": false}}`, visit: exitAt(5 * s), at: 60 * s, want: false},
	})
}
