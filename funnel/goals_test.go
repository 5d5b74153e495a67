package funnel

import (
	"strings"
	"testing"
)

func TestDecodeGoals(t *testing.T) {
	goals, errs := DecodeGoals([]any{
		map[string]any{"name": "purchase", "path": "/checkout/done"},
		map[string]any{"name": "signup", "path": "/welcome*"},
		map[string]any{"name": "bad name", "path": "/x"},
		map[string]any{"name": "a", "path": "relative"},
		map[string]any{"name": "a", "path": "/x?y=1"},
		map[string]any{"name": "a", "path": "/*/done"},
		map[string]any{"name": "a", "path": "/x", "url": "https://x/"},
		"purchase",
	})
	if len(goals) != 2 || goals[0] != (GoalPath{"purchase", "/checkout/done"}) || goals[1].Path != "/welcome*" {
		t.Errorf("goals %+v", goals)
	}
	want := []string{"goals[2]: name", "goals[3]: path", "goals[4]: path", "goals[5]: path", `goals[6]: unknown key "url"`, "goals[7]: want an object"}
	if len(errs) != len(want) {
		t.Fatalf("errors %v", errs)
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), "funnel: "+w) {
			t.Errorf("error %d: %v, want %q", i, errs[i], w)
		}
	}
	if _, errs := DecodeGoals(map[string]any{}); len(errs) != 1 {
		t.Errorf("an object: %v", errs)
	}
	many := make([]any, MaxGoalPaths+1)
	if _, errs := DecodeGoals(many); len(errs) != 1 || !strings.Contains(errs[0].Error(), "at most 20") {
		t.Errorf("21 goals: %v", errs)
	}
}

func TestGoalPathMatches(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"/checkout/done", "/checkout/done", true},
		{"/checkout/done", "/checkout/done/", false},
		{"/checkout/done", "/checkout", false},
		{"/welcome*", "/welcome", true},
		{"/welcome*", "/welcome/pro", true},
		{"/welcome*", "/", false},
	}
	for _, c := range cases {
		if got := (GoalPath{Name: "g", Path: c.pattern}).Matches(c.path); got != c.want {
			t.Errorf("%q matches %q = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

// A goal by address counts like reportGoal: once per session for each
// rule the visitor was eligible for earlier, on the page view that
// reaches it.
func TestRecorderGoalByAddress(t *testing.T) {
	session := memStore{}
	r, _, _ := newRecorder(session)
	r.SetGoals([]GoalPath{{Name: "purchase", Path: "/checkout/done"}})
	r.PageView("/checkout/done", now) // nothing eligible yet
	r.Eligible("a", "", Treatment, now)
	r.PageView("/pricing", now)
	r.PageView("/checkout/done", now)
	r.PageView("/checkout/done", now) // again: once per session
	goals := 0
	for _, e := range r.batch.Entries() {
		if e.Event == Goal {
			goals += e.N
			if e.Goal != "purchase" || e.Rule != "a" {
				t.Errorf("goal %+v", e.Key)
			}
		}
	}
	if goals != 1 {
		t.Errorf("%d goals counted, want 1", goals)
	}
}
