package proactive_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/proactive"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// both tells the runner, then the recorder, as package main does.
type both struct {
	late
	rec *funnel.Recorder
}

func (b both) Shown(inv widget.Invitation, at, dl instant.Time) {
	b.late.Shown(inv, at, dl)
	b.rec.Shown(inv, at, dl)
}

func (b both) Answered(inv widget.Invitation, o widget.Outcome, at instant.Time) {
	b.late.Answered(inv, o, at)
	b.rec.Answered(inv, o, at)
}

type beacons struct{ bodies []map[string]any }

func (b *beacons) send(body map[string]any) bool { b.bodies = append(b.bodies, body); return true }

// counted is what the beacons carried: "event[/reason] rule group" -> n.
func (b *beacons) counted() map[string]int {
	out := map[string]int{}
	for _, body := range b.bodies {
		for _, c := range body[funnel.FieldCounters].([]any) {
			m := c.(map[string]any)
			k := m["event"].(string)
			if r, ok := m["reason"].(string); ok {
				k += "/" + r
			}
			rule, _ := m["rule"].(string)
			g, _ := m["group"].(string)
			out[k+" "+rule+" "+g] += m["n"].(int)
		}
	}
	return out
}

// openCounted is origin.open with a funnel recorder seeded with seed.
func openCounted(t *testing.T, src, seed string, opts ...func(*proactive.Deps)) (*tab, *funnel.Recorder, *beacons) {
	t.Helper()
	return openConfigured(t, src, seed, proactive.Config{AppID: "app", Tab: "tabA", DefaultMessage: "Need help?"}, opts...)
}

// openConfigured is openCounted with the runner's configuration.
func openConfigured(t *testing.T, src, seed string, cfg proactive.Config, opts ...func(*proactive.Deps)) (*tab, *funnel.Recorder, *beacons) {
	t.Helper()
	o := newOrigin()
	var tree any
	if err := json.Unmarshal([]byte(src), &tree); err != nil {
		t.Fatal(err)
	}
	tb := &tab{o: o, now: t0, timer: &timer{}, wtimer: &timer{}, page: &page{href: "https://shop.example/a"}, log: &logger{}, events: &events{}}
	sent := &beacons{}
	rec := funnel.NewRecorder(seed, "lcwasm:app:", store{o, tb}, &timer{}, sent.send, t0)
	tb.w = widget.New(widget.Config{AppID: "app", ProactiveEnabled: true, Texts: widget.DefaultTexts()}, widget.Deps{
		Clock: clock{&tb.now}, Timer: tb.wtimer, View: widget.NewDOMView(domtest.New()), Events: tb.events,
		Log: tb.log, Opener: opener{}, Zones: zones{}, Invitations: both{late{&tb.r}, rec},
	})
	d := proactive.Deps{Widget: tb.w, Store: store{o, tb}, JSON: stdJSON{}, Lock: locks{o, tb}, Page: tb.page,
		Timer: tb.timer, Log: tb.log, Funnel: rec}
	for _, opt := range opts {
		opt(&d)
	}
	tb.r, tb.errs = proactive.New(rules.Decoder{}, tree, cfg, d, t0)
	o.tabs = append(o.tabs, tb)
	return tb, rec, sent
}

// seedIn finds a seed that puts the visitor in (or out of) rule's holdout.
func seedIn(rule string, percent int, g funnel.Group) string {
	for i := 0; ; i++ {
		if s := strconv.Itoa(i); funnel.Assign(s, rule, percent) == g {
			return s
		}
	}
}

const holdoutRules = `{"cooldown": 0, "rules": [
	{"id": "first", "priority": 2, "holdout": 50, "conditions": []},
	{"id": "second", "priority": 1, "conditions": []}]}`

func TestHoldoutShowsNothingAndCounts(t *testing.T) {
	tb, rec, sent := openCounted(t, holdoutRules, seedIn("first", 50, funnel.Holdout))
	tb.run(t0)
	tb.run(t0) // the rules after the held-out one get their turn
	if !tb.showing() || tb.w.Phase() != widget.Inviting {
		t.Fatal("the next rule's invitation is not showing")
	}
	tb.now = t0.Add(2 * instant.Second)
	tb.w.Escape(false)
	rec.Flush(t0.Add(3 * instant.Second))
	got := sent.counted()
	want := map[string]int{
		"eligible first holdout": 1, "held/holdout first holdout": 1,
		"eligible second treatment": 1, "shown second ": 1, "declined second ": 1,
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if got["shown first "] != 0 {
		t.Error("the held-out rule's invitation was shown")
	}
}

func TestTreatmentInvitesAndCountsGoals(t *testing.T) {
	tb, rec, sent := openCounted(t, holdoutRules, seedIn("first", 50, funnel.Treatment))
	tb.run(t0)
	if !tb.showing() {
		t.Fatal("no invitation")
	}
	tb.run(t0.Add(widget.InvitationLifetime)) // times out
	// once the first timed out, the second (once per page too) fired
	if n := tb.r.Goal("purchase", t0.Add(2*instant.Minute)); n != 2 {
		t.Errorf("goal counted for %d rules, want 2", n)
	}
	rec.Flush(t0.Add(2 * instant.Minute))
	got := sent.counted()
	for k, n := range map[string]int{"eligible first treatment": 1, "shown first ": 1, "timedOut first ": 1, "goal first treatment": 1, "goal second treatment": 1} {
		if got[k] != n {
			t.Errorf("%s: %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
}

func TestHeldReasons(t *testing.T) {
	tb, rec, sent := openCounted(t, `{"rules": [{"id": "once", "conditions": [], "limits": {"once": "session"}}]}`, "s")
	tb.r.Typing(t0)
	tb.run(t0)
	tb.run(t0.Add(instant.Second))
	if tb.showing() {
		t.Fatal("an invitation interrupted typing")
	}
	tb.run(t0.Add(rules.TypingPause))
	if !tb.showing() {
		t.Fatal("no invitation after the typing pause")
	}
	tb.now = t0.Add(5 * instant.Second)
	tb.w.Escape(false)
	route(tb, "/b", t0.Add(6*instant.Second))
	tb.run(t0.Add(7 * instant.Second))
	rec.Flush(t0.Add(8 * instant.Second))
	got := sent.counted()
	for k, n := range map[string]int{"held/typing once treatment": 1, "held/limit once treatment": 1, "eligible once treatment": 1} {
		if got[k] != n {
			t.Errorf("%s: %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
}

const variantRules = `{"rules": [{"id": "plans", "conditions": [], "invitation": {"variants": [
	{"id": "short", "weight": 1, "message": "Questions?"},
	{"id": "long", "weight": 1, "message": "Can we help you choose a plan?"}]}}]}`

// seedFor finds a seed that gives the visitor variant i of rule.
func seedFor(rule string, weights []int, i int) string {
	for n := 0; ; n++ {
		if s := strconv.Itoa(n); funnel.Pick(s, rule, weights) == i {
			return s
		}
	}
}

// The visitor sees the variant their seed picks, and every counter of the
// rule carries it.
func TestVariantShownAndCounted(t *testing.T) {
	for i, v := range []struct{ id, text string }{{"short", "Questions?"}, {"long", "Can we help you choose a plan?"}} {
		t.Run(v.id, func(t *testing.T) {
			tb, rec, sent := openCounted(t, variantRules, seedFor("plans", []int{1, 1}, i))
			tb.run(t0)
			if !tb.showing() {
				t.Fatal("no invitation")
			}
			d := tb.events.details[len(tb.events.details)-1]
			if d["message"] != v.text || d["variant"] != v.id {
				t.Errorf("showing %v, want %q (variant %q)", d, v.text, v.id)
			}
			tb.r.Goal("purchase", t0.Add(instant.Second))
			rec.Flush(t0.Add(2 * instant.Second))
			for _, body := range sent.bodies {
				for _, c := range body[funnel.FieldCounters].([]any) {
					if got := c.(map[string]any)["variant"]; got != v.id {
						t.Errorf("counter %v: variant %v, want %q", c, got, v.id)
					}
				}
			}
		})
	}
}
