package proactive_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/proactive"
	"github.com/lcwasm/lcwasm/rules"
)

// never holds no rule that time alone can make fire.
const never = `{"rules": [{"id": "exit", "conditions": [{"exitIntent": true}]}]}`

// TestThrottle: input is recorded every time but evaluates at most every
// EvaluateEvery.
func TestThrottle(t *testing.T) {
	o := newOrigin()
	tb := o.open(t, never, "https://shop.example/", t0)
	tb.run(t0)
	inputs := []struct {
		at    instant.Duration
		armed bool
	}{
		{instant.Second, true},
		{instant.Second + 100*instant.Millisecond, false},
		{instant.Second + 499*instant.Millisecond, false},
		{instant.Second + 500*instant.Millisecond, true},
		{instant.Second + 900*instant.Millisecond, false},
		{3 * instant.Second, true},
	}
	for _, in := range inputs {
		now := t0.Add(in.at)
		tb.r.Activity(now)
		_, armed := tb.r.Deadline()
		if armed != in.armed {
			t.Errorf("input at +%v: armed %v, want %v", in.at, armed, in.armed)
		}
		tb.run(now)
	}
}

// TestSoonArmsOnce: a burst of signals in one task arms the timer once.
func TestSoonArmsOnce(t *testing.T) {
	o := newOrigin()
	tb := o.open(t, `{"rules": [{"id": "deep", "conditions": [{"scrollDepth": {"min": 90}}]}]}`, "https://shop.example/", t0)
	tb.run(t0)
	before := tb.timer.calls
	now := t0.Add(instant.Second)
	for depth := 1; depth <= 50; depth++ {
		tb.r.Scrolled(depth, now)
	}
	if got := tb.timer.calls - before; got != 1 {
		t.Errorf("timer armed %d times for 50 scrolls, want 1", got)
	}
	tb.r.Scrolled(95, now)
	tb.run(now)
	if !tb.showing() {
		t.Error("scrolled to 95% and no invitation")
	}
}

// TestRouteCoalesces: a burst of pushState calls is one page view, read
// once and saved once, after the current task.
func TestRouteCoalesces(t *testing.T) {
	o := newOrigin()
	tb := o.open(t, `{"rules": [{"id": "third", "conditions": [{"pagesViewed": {"min": 3}}]}]}`, "https://shop.example/a", t0)
	tb.run(t0)
	reads, writes, arms := tb.page.reads, o.writes, tb.timer.calls
	now := t0.Add(instant.Second)
	for i := range 1000 {
		tb.page.href = "https://shop.example/b?i=" + string(rune('0'+i%10))
		tb.r.Route(now)
	}
	if tb.page.reads != reads || o.writes != writes {
		t.Errorf("route changes read the page %d times and wrote %d times before the task ended, want 0",
			tb.page.reads-reads, o.writes-writes)
	}
	if got := tb.timer.calls - arms; got != 1 {
		t.Errorf("timer armed %d times, want 1", got)
	}
	tb.run(now.Add(instant.Millisecond))
	if got := tb.page.reads - reads; got != 1 {
		t.Errorf("page read %d times, want 1", got)
	}
	if o.writes != writes {
		t.Errorf("the journey was saved at once (%d writes), want within %v", o.writes-writes, proactive.SaveJourneyEvery)
	}
	if dl, _ := tb.r.Deadline(); !dl.Equal(now.Add(proactive.SaveJourneyEvery)) {
		t.Errorf("deadline %v, want the journey's save at +%v", dl, proactive.SaveJourneyEvery)
	}
	tb.run(now.Add(proactive.SaveJourneyEvery))
	if got := o.writes - writes; got != 1 {
		t.Errorf("%d writes for one page view, want 1", got)
	}
	j := rules.JourneyFromTree(mustParse(t, o.data["lcwasm:app:journey"]))
	if j.PageCount != 2 {
		t.Errorf("saved journey has %d page views, want 2", j.PageCount)
	}
	if got := tb.r.PageStart(now); !got.Equal(now) {
		t.Errorf("page view started at %v, want the first route change's %v", got, now)
	}
	if tb.showing() {
		t.Fatal("1,000 route changes in one task counted as more than one page view")
	}
	route(tb, "/c", now.Add(instant.Second))
	route(tb, "/c", now.Add(instant.Second)) // popstate and hashchange for one change
	tb.run(now.Add(instant.Second))
	if !tb.showing() {
		t.Error("the third page view shows no invitation")
	}
	if !tb.log.has("new page view https://shop.example/c") {
		t.Errorf("no debug line; got %q", tb.log.lines)
	}
}

// TestRouteToSameAddress: a route event without a new address is no page
// view.
func TestRouteToSameAddress(t *testing.T) {
	o := newOrigin()
	tb := o.open(t, `{"rules": [{"id": "second", "conditions": [{"pagesViewed": {"min": 2}}]}]}`, "https://shop.example/a", t0)
	tb.r.Route(t0)
	tb.run(t0)
	if tb.showing() {
		t.Error("a route event to the same address counted as a page view")
	}
}

// TestExitIntentSignals: the pointer leaving, a flick on a touch screen
// and a phone's tab going hidden are exit intent; a desktop's hidden tab
// is not.
func TestExitIntentSignals(t *testing.T) {
	tests := []struct {
		name   string
		device rules.Device
		act    func(tb *tab, now instant.Time)
		want   bool
	}{
		{"pointer leaves", rules.Desktop, func(tb *tab, now instant.Time) { tb.r.ExitIntent(now) }, true},
		{"flick up", rules.Phone, func(tb *tab, now instant.Time) {
			tb.r.ScrollY(900, instant.Second, now)
			tb.r.ScrollY(600, instant.Second+100*instant.Millisecond, now)
		}, true},
		{"slow scroll up", rules.Phone, func(tb *tab, now instant.Time) {
			for i := range 8 {
				tb.r.ScrollY(float64(900-50*i), instant.Duration(i)*400*instant.Millisecond, now)
			}
		}, false},
		{"phone tab hidden", rules.Phone, func(tb *tab, now instant.Time) { tb.r.Visibility(false, now); tb.r.Visibility(true, now) }, true},
		{"desktop tab hidden", rules.Desktop, func(tb *tab, now instant.Time) { tb.r.Visibility(false, now); tb.r.Visibility(true, now) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrigin()
			tb := o.open(t, never, "https://shop.example/", t0, func(c *proactive.Config) { c.Device = tt.device })
			tb.run(t0)
			now := t0.Add(5 * instant.Second)
			tt.act(tb, now)
			tb.run(now)
			if tb.showing() != tt.want {
				t.Errorf("showing %v, want %v", tb.showing(), tt.want)
			}
		})
	}
}

// TestTypingDefers: an invitation waits while the visitor types.
func TestTypingDefers(t *testing.T) {
	o := newOrigin()
	tb := o.open(t, now0, "https://shop.example/", t0)
	tb.r.Typing(t0)
	tb.run(t0)
	if tb.showing() {
		t.Error("an invitation interrupted the visitor's typing")
	}
	if !tb.log.has("waits: the visitor is typing") {
		t.Errorf("no debug line; got %q", tb.log.lines)
	}
	dl, ok := tb.r.Deadline()
	if !ok {
		t.Fatal("no deadline to look again")
	}
	tb.run(dl)
	if !tb.showing() {
		t.Error("no invitation once the visitor stopped typing")
	}
}

// TestElementVisible: the element's visibility is a signal.
func TestElementVisible(t *testing.T) {
	o := newOrigin()
	tb := o.open(t, `{"rules": [{"id": "seen", "conditions": [{"elementVisible": {"selector": "#pricing", "seconds": 2}}]}]}`, "https://shop.example/", t0)
	if got := tb.r.Selectors(); len(got) != 1 || got[0] != "#pricing" {
		t.Fatalf("selectors %q", got)
	}
	tb.run(t0)
	tb.r.Element("#pricing", true, t0.Add(instant.Second))
	tb.r.Element("#pricing", false, t0.Add(1500*instant.Millisecond))
	tb.run(t0.Add(4 * instant.Second))
	if tb.showing() {
		t.Fatal("shown though the element was visible for half a second")
	}
	tb.r.Element("#pricing", true, t0.Add(5*instant.Second))
	tb.run(t0.Add(5 * instant.Second))
	dl, _ := tb.r.Deadline()
	if want := t0.Add(7 * instant.Second); !dl.Equal(want) {
		t.Errorf("deadline %v, want %v", dl, want)
	}
	tb.run(dl)
	if !tb.showing() {
		t.Error("not shown after two seconds of visibility")
	}
}

// TestEarlyTickKeepsDeadline: a wake-up that comes early re-arms the
// timer instead of losing it.
func TestEarlyTickKeepsDeadline(t *testing.T) {
	o := newOrigin()
	tb := o.open(t, `{"rules": [{"id": "later", "conditions": [{"timeOnPage": {"seconds": 30}}]}]}`, "https://shop.example/", t0)
	tb.run(t0)
	dl, _ := tb.r.Deadline()
	tb.timer.at = instant.Time(0)
	tb.r.Tick(dl.Add(-instant.Second))
	if !tb.timer.at.Equal(dl) {
		t.Errorf("timer at %v after an early tick, want %v", tb.timer.at, dl)
	}
	tb.r.Tick(dl)
	if !tb.showing() {
		t.Error("nothing shown at the deadline")
	}
}
