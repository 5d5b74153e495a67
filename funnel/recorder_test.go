package funnel

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

type memStore map[string]string

func (m memStore) Get(k string) (string, bool) { v, ok := m[k]; return v, ok }
func (m memStore) Set(k, v string)             { m[k] = v }

type timer struct{ at instant.Time }

func (t *timer) WakeAt(at instant.Time) { t.at = at }

type sink struct {
	bodies []map[string]any
	refuse bool
}

func (s *sink) send(b map[string]any) bool {
	if s.refuse {
		return false
	}
	s.bodies = append(s.bodies, b)
	return true
}

func newRecorder(session memStore) (*Recorder, *timer, *sink) {
	tm, sk := &timer{}, &sink{}
	return NewRecorder("seed", "lcwasm:w:", session, tm, sk.send, now), tm, sk
}

func counters(b map[string]any) []any { return b[FieldCounters].([]any) }

func TestRecorderSendsEvery30s(t *testing.T) {
	r, tm, sk := newRecorder(memStore{})
	r.Outcome("a", "", Shown, now.Add(instant.Second))
	if want := now.Add(SendEvery); !tm.at.Equal(want) {
		t.Fatalf("armed %v, want %v (30 s after start)", tm.at, want)
	}
	r.Tick(now.Add(10 * instant.Second)) // early
	if len(sk.bodies) != 0 {
		t.Fatal("sent early")
	}
	r.Outcome("a", "", Declined, now.Add(20*instant.Second))
	r.Tick(now.Add(SendEvery))
	if len(sk.bodies) != 1 || len(counters(sk.bodies[0])) != 2 {
		t.Fatalf("bodies %v", sk.bodies)
	}
	if _, ok := r.Deadline(); ok || !tm.at.IsZero() {
		t.Error("still armed with nothing to send")
	}
	r.Outcome(PageCall, "", Shown, now.Add(40*instant.Second))
	if want := now.Add(2 * SendEvery); !tm.at.Equal(want) {
		t.Errorf("armed %v, want %v (30 s after the last send)", tm.at, want)
	}
	r.Flush(now.Add(41 * instant.Second)) // pagehide
	if len(sk.bodies) != 2 {
		t.Errorf("pagehide sent %d bodies in all, want 2", len(sk.bodies))
	}
	r.Flush(now.Add(42 * instant.Second))
	if len(sk.bodies) != 2 {
		t.Error("an empty batch was sent")
	}
}

func TestRecorderKeepsWhatTheBrowserRefused(t *testing.T) {
	r, _, sk := newRecorder(memStore{})
	r.Outcome("a", "", Shown, now)
	sk.refuse = true
	r.Flush(now)
	sk.refuse = false
	r.Flush(now.Add(instant.Second))
	if len(sk.bodies) != 1 || len(counters(sk.bodies[0])) != 1 {
		t.Errorf("bodies %v", sk.bodies)
	}
}

func TestRecorderDedups(t *testing.T) {
	session := memStore{}
	r, _, _ := newRecorder(session)
	r.Eligible("a", "", Treatment, now)
	r.Eligible("a", "", Treatment, now)
	r.Held("a", Treatment, ReasonTyping, now)
	r.Held("a", Treatment, ReasonTyping, now)
	r.Held("a", Treatment, ReasonHidden, now)
	r.PageView("/", now)
	r.Held("a", Treatment, ReasonTyping, now)
	// the next page of the session
	next, _, _ := newRecorder(session)
	next.Eligible("a", "", Treatment, now)
	next.Eligible("b", "", Holdout, now)
	got := map[Event]int{}
	for _, e := range append(r.batch.Entries(), next.batch.Entries()...) {
		got[e.Event] += e.N
	}
	if got[Eligible] != 2 || got[Held] != 3 {
		t.Errorf("counts %v, want 2 eligible (a once, b) and 3 held", got)
	}
}

func TestRecorderGoals(t *testing.T) {
	session := memStore{}
	r, _, _ := newRecorder(session)
	if n := r.Goal("purchase", now); n != 0 {
		t.Errorf("a goal before any rule was eligible counted for %d rules", n)
	}
	r.Eligible("a", "", Treatment, now)
	r.Eligible(`b "quoted" rule`, "", Holdout, now)
	if n := r.Goal("purchase", now); n != 2 {
		t.Errorf("counted for %d rules, want 2", n)
	}
	if n := r.Goal("purchase", now); n != 0 {
		t.Errorf("the same goal again counted for %d rules", n)
	}
	if n := r.Goal("signup", now); n != 2 {
		t.Errorf("another goal counted for %d rules, want 2", n)
	}
	var goals []Key
	for _, e := range r.batch.Entries() {
		if e.Event == Goal {
			goals = append(goals, e.Key)
		}
	}
	want := Key{Rule: `b "quoted" rule`, Group: Holdout, Event: Goal, Goal: "purchase", Day: Day(now)}
	if len(goals) != 4 || goals[1] != want {
		t.Errorf("goals %+v", goals)
	}
}

func TestSeedKept(t *testing.T) {
	store := memStore{}
	n := 0
	random := func() string { n++; return "r" + string(rune('0'+n)) }
	if a, b := Seed(store, "p:", random), Seed(store, "p:", random); a != "r1" || b != "r1" {
		t.Errorf("seeds %q %q, want r1 twice", a, b)
	}
}

func TestCheckGoal(t *testing.T) {
	for _, bad := range []any{nil, 3.0, "", "a b", "x/y", string(make([]byte, 65))} {
		if _, err := CheckGoal(bad); err == nil {
			t.Errorf("%#v accepted", bad)
		}
	}
	if name, err := CheckGoal("checkout.done-2"); err != nil || name != "checkout.done-2" {
		t.Errorf("good name: %q %v", name, err)
	}
}

// A goal counts in the variant the visitor was shown, once per rule.
func TestRecorderGoalsPerVariant(t *testing.T) {
	session := memStore{}
	r, _, _ := newRecorder(session)
	r.Eligible("a", "long", Treatment, now)
	r.Eligible("a", "long", Treatment, now)
	r.Eligible("b", "", Holdout, now)
	if n := r.Goal("purchase", now); n != 2 {
		t.Fatalf("counted for %d rules, want 2", n)
	}
	var got []Key
	for _, e := range r.batch.Entries() {
		got = append(got, e.Key)
	}
	d := Day(now)
	want := []Key{
		{Rule: "a", Variant: "long", Group: Treatment, Event: Eligible, Day: d},
		{Rule: "b", Group: Holdout, Event: Eligible, Day: d},
		{Rule: "a", Variant: "long", Group: Treatment, Event: Goal, Goal: "purchase", Day: d},
		{Rule: "b", Group: Holdout, Event: Goal, Goal: "purchase", Day: d},
	}
	if len(got) != len(want) {
		t.Fatalf("keys %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("key %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if v := r.Variant("a", []int{1, 1}); v != Pick("seed", "a", []int{1, 1}) {
		t.Errorf("variant %d, not Pick's", v)
	}
}
