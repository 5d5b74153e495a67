package widget_test

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// The invitation cycle of make bench (startProactiveChat, then the X), run
// natively: what one cycle allocates and what a thousand keep.

// nopTimer, nopEvents and nopLog keep nothing, unlike the recording fakes,
// so that only the widget's own memory is measured.
type nopTimer struct{}

func (nopTimer) WakeAt(instant.Time) {}

type nopEvents struct{}

func (nopEvents) Emit(string, map[string]any) {}

type nopLog struct{}

func (nopLog) Debug(string) {}
func (nopLog) Warn(string)  {}
func (nopLog) Error(string) {}

// cycler is a widget over the fake document with fakes that keep nothing.
type cycler struct {
	w     *widget.Widget
	doc   *domtest.Doc
	clock *fakeClock
	n     int
}

func newCycler() *cycler {
	c := &cycler{doc: domtest.New(), clock: &fakeClock{now: t0}}
	v := widget.NewDOMView(c.doc)
	c.w = widget.New(enabled(), widget.Deps{
		Clock: c.clock, Timer: nopTimer{}, View: v, Events: nopEvents{},
		Log: nopLog{}, Opener: &fakeOpener{}, Zones: &fakeZones{day: instant.Monday, minute: 10 * 60},
	})
	v.Bind(c.w)
	return c
}

// cycle shows an invitation and closes it with its X, as the bench does.
func (c *cycler) cycle(tb testing.TB) {
	c.n++
	if !c.w.Invite(call("Need a hand choosing a size? (" + strconv.Itoa(c.n%10) + ")")) {
		tb.Fatalf("cycle %d: the invitation was not shown", c.n)
	}
	x := c.doc.ByID("oc-lcw-proactivechat-closebutton")
	if x == nil || !x.Fire("click") {
		tb.Fatalf("cycle %d: no close button to click", c.n)
	}
	if c.doc.ByID("oc-lcw-proactivechat") != nil {
		tb.Fatalf("cycle %d: the invitation stayed after its X", c.n)
	}
	c.doc.ClearLog() // the fake's call log is the test's, not the widget's
	c.clock.Advance(instant.Second)
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestInvitationCyclesRetainNothing runs 1,000 invitation cycles and fails
// when the live heap after them is larger than after the first 100 by more
// than a few kilobytes: a cycle that keeps anything (a node, a listener, a
// record) keeps it 900 times.
func TestInvitationCyclesRetainNothing(t *testing.T) {
	c := newCycler()
	for range 100 {
		c.cycle(t)
	}
	before := liveHeap()
	for range 900 {
		c.cycle(t)
	}
	after := liveHeap()
	const slack = 16 << 10 // the runtime's own noise between two readings
	if after > before+slack {
		t.Errorf("live heap after 1,000 cycles %d bytes, after 100 %d: +%d bytes (%d per cycle), want ≤ %d",
			after, before, after-before, (after-before)/900, slack)
	}
	if got := c.doc.RootNode().Children(); len(got) == 0 {
		t.Fatalf("the widget rendered nothing")
	}
	runtime.KeepAlive(c)
}

// BenchmarkInvitationCycle is one show/decline cycle; -benchmem counts its
// allocations.
func BenchmarkInvitationCycle(b *testing.B) {
	c := newCycler()
	b.ReportAllocs()
	for b.Loop() {
		c.cycle(b)
	}
}
