package rules

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// TestExitIntentIsAMoment: Microsoft's scenario 4 (after 15 s on the page
// the visitor is about to leave), as its sample arms mouseleave only after
// 15 s: an exit before then, the visitor back, does not make the rule fire
// at 15 s; the first exit after does, at once. exitIntent holds while the
// visitor is away and for ExitMoment after they are back.
func TestExitIntentIsAMoment(t *testing.T) {
	const scenario4 = `{"rules": [{"id": "leaving", "conditions": [{"timeOnPage": {"seconds": 15}}, {"exitIntent": true}]}]}`
	s := instant.Second
	at := func(d instant.Duration) instant.Time { return t0.Add(d) }
	fresh := func() (*Engine, *Visit) {
		var v Visit
		v.StartPage(Page{Path: "/kb"}, t0)
		return NewEngine(mustDecode(t, scenario4), History{}), &v
	}
	rule := func(e *Engine, v *Visit, d instant.Duration) string { return e.Evaluate(v, at(d)).Rule }

	t.Run("an early exit", func(t *testing.T) {
		e, v := fresh()
		v.Exit(at(3 * s))  // the pointer left through the top at 3 s
		v.Touch(at(4 * s)) // and came back
		if r := rule(e, v, 3*s); r != "" {
			t.Fatalf("at 3 s: %q fired before 15 s on the page", r)
		}
		for _, when := range []instant.Duration{15 * s, 16 * s, 60 * s} {
			if r := rule(e, v, when); r != "" {
				t.Errorf("at %v: %q fired because of the exit at 3 s", when, r)
			}
		}
	})
	t.Run("a late exit", func(t *testing.T) {
		e, v := fresh()
		v.Exit(at(3 * s))
		v.Touch(at(4 * s))
		v.Exit(at(20 * s))
		if r := rule(e, v, 20*s); r != "leaving" {
			t.Errorf("at the exit at 20 s: rule %q, want leaving", r)
		}
		if r := rule(e, v, 25*s); r != "leaving" {
			t.Errorf("still away at 25 s: rule %q, want leaving", r)
		}
		v.Touch(at(30 * s)) // back
		d := e.Evaluate(v, at(30*s+ExitMoment-instant.Millisecond))
		if d.Rule != "leaving" {
			t.Errorf("just within the moment after coming back: rule %q, want leaving", d.Rule)
		}
		if want := at(30*s + ExitMoment); !d.Next.Equal(want) {
			t.Errorf("Next = %v, want the end of the moment %v", d.Next, want)
		}
		if r := rule(e, v, 30*s+ExitMoment); r != "" {
			t.Errorf("after the moment: rule %q fired", r)
		}
	})
	t.Run("back just before 15 s, within the moment", func(t *testing.T) {
		e, v := fresh()
		v.Exit(at(14 * s))
		v.Touch(at(15*s - ExitMoment/2))
		if r := rule(e, v, 15*s); r != "leaving" {
			t.Errorf("rule %q, want leaving", r)
		}
	})
	t.Run("an exit while the tab is hidden lasts until it is shown, then its moment", func(t *testing.T) {
		e, v := fresh()
		v.SetHidden(true, at(20*s))
		v.Exit(at(20 * s)) // a phone's tab going away
		if d := e.Evaluate(v, at(30*s)); d.Rule != "" || d.Waiting != "leaving" {
			t.Errorf("hidden: %+v, want waiting for leaving", d)
		}
		v.SetHidden(false, at(90*s))
		if r := rule(e, v, 90*s); r != "leaving" {
			t.Errorf("shown again: rule %q, want leaving", r)
		}
		if r := rule(e, v, 90*s+ExitMoment); r != "" {
			t.Errorf("after the moment: rule %q fired", r)
		}
	})
	t.Run("a new page forgets the exit", func(t *testing.T) {
		e, v := fresh()
		v.Exit(at(20 * s))
		v.StartPage(Page{Path: "/next"}, at(20*s))
		if r := rule(e, v, 40*s); r != "" {
			t.Errorf("rule %q fired on the next page", r)
		}
	})
}

func TestExitIntentConditions(t *testing.T) {
	s := instant.Second
	exitAt := func(exit, back instant.Duration) func(*Visit) {
		return func(v *Visit) {
			v.Exit(t0.Add(exit))
			if back > 0 {
				v.Touch(t0.Add(back))
			}
		}
	}
	runConds(t, []condCase{
		{name: "away", cond: `{"exitIntent": true}`, visit: exitAt(5*s, 0), at: 60 * s, want: true},
		{name: "back", cond: `{"exitIntent": true}`, visit: exitAt(5*s, 6*s), at: 6 * s, want: true, next: 6*s + ExitMoment},
		{name: "after the moment", cond: `{"exitIntent": true}`, visit: exitAt(5*s, 6*s), at: 8 * s, want: false},
		{name: "false after the moment", cond: `{"exitIntent": false}`, visit: exitAt(5*s, 6*s), at: 8 * s, want: true},
		{name: "false at the exit", cond: `{"exitIntent": false}`, visit: exitAt(5*s, 6*s), at: 6 * s, want: false, next: 6*s + ExitMoment},
		{name: "seen: any time after", cond: `{"exitIntent": {"seen": true}}`, visit: exitAt(5*s, 6*s), at: 60 * s, want: true},
		{name: "seen: none", cond: `{"exitIntent": {"seen": true}}`, at: 60 * s, want: false},
		{name: "not seen", cond: `{"exitIntent": {"seen": false}}`, at: 60 * s, want: true},
		{name: "not seen, after one", cond: `{"exitIntent": {"seen": false}}`, visit: exitAt(5*s, 6*s), at: 60 * s, want: false},
	})
}
