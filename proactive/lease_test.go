package proactive_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
)

// now fires at once and may fire again at once after an outcome.
const now0 = `{"cooldown": 0, "rules": [{"id": "now", "conditions": []}]}`

// step is one moment of a two-tab story: at is the offset from t0, do
// acts on the tabs, and want says which tabs show an invitation after.
type step struct {
	at   instant.Duration
	do   func(a, b *tab, now instant.Time)
	want [2]bool
}

// route is an SPA route change in tb at now: a new page view, where a
// rule shown on the last one may show again.
func route(tb *tab, path string, now instant.Time) {
	tb.page.href = "https://shop.example" + path
	tb.r.Route(now)
}

func TestLeaseRaces(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"two tabs deciding at the same moment show one invitation", []step{
			{0, nil, [2]bool{true, false}},
			{instant.Second, nil, [2]bool{true, false}},
			{59 * instant.Second, func(_, b *tab, now instant.Time) { route(b, "/c", now) }, [2]bool{true, false}},
			{60 * instant.Second, nil, [2]bool{false, true}}, // A timed out; its storage event wakes B
		}},
		{"a declined invitation frees the other tab at once", []step{
			{0, nil, [2]bool{true, false}},
			{5 * instant.Second, func(_, b *tab, now instant.Time) { route(b, "/c", now) }, [2]bool{true, false}},
			{6 * instant.Second, func(a, _ *tab, now instant.Time) { a.now = now; a.w.Decline("close") }, [2]bool{false, true}},
		}},
		{"a tab that dies holding the lease holds it until the deadline and a second", []step{
			{0, nil, [2]bool{true, false}},
			{2 * instant.Second, func(a, b *tab, now instant.Time) { a.die(); route(b, "/c", now) }, [2]bool{true, false}},
			{60 * instant.Second, nil, [2]bool{true, false}},
			{61 * instant.Second, nil, [2]bool{true, true}}, // A is dead, its invitation with it
		}},
		{"pagehide gives the lease and the lock back", []step{
			{0, nil, [2]bool{true, false}},
			{3 * instant.Second, func(a, b *tab, now instant.Time) { a.r.PageHide(now); a.die(); route(b, "/c", now) }, [2]bool{true, true}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrigin()
			a := o.open(t, now0, "https://shop.example/a", t0)
			b := o.open(t, now0, "https://shop.example/b", t0)
			for _, s := range tt.steps {
				now := t0.Add(s.at)
				if s.do != nil {
					s.do(a, b, now)
				}
				// the browser's event loop: timers due, then storage
				// events, until nothing more happens at this instant
				for range 5 {
					for _, tb := range []*tab{a, b} {
						if !tb.dead {
							tb.run(now)
						}
					}
					o.deliver(now)
				}
				if got := [2]bool{a.showing(), b.showing()}; got != s.want {
					t.Fatalf("at +%v: showing %v, want %v\nA: %q\nB: %q", s.at, got, s.want, a.log.lines, b.log.lines)
				}
			}
		})
	}
}

// TestLostWebLockRetries: a tab that finds the Web Lock taken (the other
// tab is between its decision and its lease) says so and looks again a
// second later.
func TestLostWebLockRetries(t *testing.T) {
	o := newOrigin()
	b := o.open(t, now0, "https://shop.example/b", t0)
	o.locks["lcwasm:app:invitation"] = &tab{} // held by a tab not yet showing
	b.run(t0)
	if b.showing() {
		t.Fatal("B showed an invitation while another tab held the Web Lock")
	}
	if !b.log.has("about to show an invitation; waiting") {
		t.Errorf("no log line; got %q", b.log.lines)
	}
	if dl, _ := b.r.Deadline(); !dl.Equal(t0.Add(instant.Second)) {
		t.Errorf("deadline %v, want +1s", dl)
	}
	delete(o.locks, "lcwasm:app:invitation")
	b.run(t0.Add(instant.Second))
	if !b.showing() {
		t.Error("B did not show once the lock was free")
	}
}

// TestOtherTabsOutcomesCount: an outcome in one tab reaches the limits
// of the other through the storage event for the history.
func TestOtherTabsOutcomesCount(t *testing.T) {
	o := newOrigin()
	src := `{"sessionBudget": 1, "rules": [{"id": "once", "conditions": [{"exitIntent": true}]}]}`
	a := o.open(t, src, "https://shop.example/a", t0)
	b := o.open(t, src, "https://shop.example/b", t0)
	a.r.ExitIntent(t0)
	a.run(t0)
	if !a.showing() {
		t.Fatal("A shows nothing")
	}
	o.deliver(t0)
	a.w.Decline("close")
	o.deliver(t0)
	b.r.ExitIntent(t0.Add(2 * instant.Minute))
	b.run(t0.Add(2 * instant.Minute))
	if b.showing() {
		t.Error("B showed a second invitation; the session budget is 1")
	}
	if b.r.Admits(t0.Add(2 * instant.Minute)) {
		t.Error("B admits a page's startProactiveChat past the budget")
	}
	if !b.log.has("startProactiveChat ignored") {
		t.Errorf("no warning; got %q", b.log.lines)
	}
}

// TestBusyWidgetWaits: while a chat is open, nothing is raised and no
// timer runs; the widget's return to idle brings the runner back.
func TestBusyWidgetWaits(t *testing.T) {
	o := newOrigin()
	a := o.open(t, `{"cooldown": 0, "rules": [{"id": "later", "conditions": [{"timeOnPage": {"seconds": 30}}]}]}`, "https://shop.example/a", t0)
	a.w.StartChat(widget.ChatOptions{})
	a.run(t0)
	if _, ok := a.r.Deadline(); ok {
		t.Error("the runner keeps a timer while a chat is open")
	}
	a.now = t0.Add(instant.Minute)
	a.w.CloseChat()
	a.run(t0.Add(instant.Minute))
	if !a.showing() {
		t.Error("no invitation once the chat closed")
	}
}
