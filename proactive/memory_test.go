package proactive_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// TestPersistenceAcrossReloads: the journey and the limit history live in
// the store, so the next page load continues them.
func TestPersistenceAcrossReloads(t *testing.T) {
	const src = `{"cooldown": 600, "rules": [{"id": "third", "conditions": [{"pagesViewed": {"min": 3}}]}]}`
	o := newOrigin()
	first := o.open(t, src, "https://shop.example/a", t0)
	first.run(t0)
	route(first, "/b", t0.Add(10*instant.Second))
	first.run(t0.Add(10 * instant.Second))
	first.r.PageHide(t0.Add(20 * instant.Second))
	first.die()

	second := o.open(t, src, "https://shop.example/c", t0.Add(30*instant.Second))
	second.run(t0.Add(30 * instant.Second))
	if !second.showing() {
		t.Fatal("the third page view, after a reload, shows no invitation")
	}
	second.now = t0.Add(40 * instant.Second)
	second.w.Decline("close")
	second.r.PageHide(t0.Add(41 * instant.Second))
	second.die()

	third := o.open(t, src, "https://shop.example/d", t0.Add(50*instant.Second))
	third.run(t0.Add(50 * instant.Second))
	if third.showing() {
		t.Fatal("shown during the cool-down declared before the reload")
	}
	dl, ok := third.r.Deadline()
	if want := t0.Add(640 * instant.Second); !ok || !dl.Equal(want) {
		t.Errorf("deadline %v, want the cool-down's end %v", dl, want)
	}
	third.run(dl)
	if !third.showing() {
		t.Error("nothing shown after the cool-down")
	}
}

// TestDamagedStore: what the store holds cannot stop the widget: garbage
// is a new visitor and an empty history.
func TestDamagedStore(t *testing.T) {
	for _, raw := range []string{"{", "[1,2]", `{"events": "x"}`, `null`} {
		t.Run(raw, func(t *testing.T) {
			o := newOrigin()
			o.data["lcwasm:app:journey"] = raw
			o.data["lcwasm:app:history"] = raw
			o.data["lcwasm:app:lock"] = raw
			tb := o.open(t, now0, "https://shop.example/", t0)
			tb.run(t0)
			if !tb.showing() {
				t.Errorf("no invitation with %q stored; log %q", raw, tb.log.lines)
			}
			j := rules.JourneyFromTree(mustParse(t, o.data["lcwasm:app:journey"]))
			if j.Visits != 1 || j.PageCount != 1 {
				t.Errorf("journey %+v, want a first visit", j)
			}
		})
	}
}

// TestSessionEnds: a journey last seen more than rules.SessionTimeout ago
// begins a new visit.
func TestSessionEnds(t *testing.T) {
	const src = `{"rules": [{"id": "back", "conditions": [{"visitCount": {"min": 2}}]}]}`
	o := newOrigin()
	first := o.open(t, src, "https://shop.example/", t0)
	first.r.PageHide(t0.Add(instant.Minute))
	first.die()
	second := o.open(t, src, "https://shop.example/", t0.Add(10*instant.Minute))
	second.run(t0.Add(10 * instant.Minute))
	if second.showing() {
		t.Fatal("ten minutes later is the same visit")
	}
	second.r.PageHide(t0.Add(11 * instant.Minute))
	second.die()
	third := o.open(t, src, "https://shop.example/", t0.Add(instant.Hour))
	third.run(t0.Add(instant.Hour))
	if !third.showing() {
		t.Error("an hour later is not a second visit")
	}
}

func mustParse(t *testing.T, s string) any {
	t.Helper()
	tree, err := stdJSON{}.Parse(s)
	if err != nil {
		t.Fatalf("stored %q: %v", s, err)
	}
	return tree
}
