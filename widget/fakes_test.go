package widget_test

import (
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// t0 is when every test starts.
var t0 = instant.Date(2026, instant.March, 2, 10, 0, 0, 0) // a Monday

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ now instant.Time }

func (c *fakeClock) Now() instant.Time          { return c.now }
func (c *fakeClock) Advance(d instant.Duration) { c.now = c.now.Add(d) }

// fakeTimer records every wake-up request; the zero time cancels.
type fakeTimer struct{ calls []instant.Time }

func (t *fakeTimer) WakeAt(at instant.Time) { t.calls = append(t.calls, at) }

// armed is the wake-up in force, or the zero time.
func (t *fakeTimer) armed() instant.Time {
	if len(t.calls) == 0 {
		return instant.Time(0)
	}
	return t.calls[len(t.calls)-1]
}

type event struct {
	name   string
	detail map[string]any
}

// fakeEvents records the lcw:* events.
type fakeEvents struct{ list []event }

func (e *fakeEvents) Emit(name string, detail map[string]any) {
	e.list = append(e.list, event{name, detail})
}

func (e *fakeEvents) names() []string {
	var out []string
	for _, ev := range e.list {
		out = append(out, ev.name)
	}
	return out
}

// last is the detail of the last event called name, or nil.
func (e *fakeEvents) last(name string) map[string]any {
	for i := len(e.list) - 1; i >= 0; i-- {
		if e.list[i].name == name {
			return e.list[i].detail
		}
	}
	return nil
}

// fakeLog records console lines as "warn: ...", "debug: ...", "error: ...".
type fakeLog struct{ lines []string }

func (l *fakeLog) Debug(msg string) { l.lines = append(l.lines, "debug: "+msg) }
func (l *fakeLog) Warn(msg string)  { l.lines = append(l.lines, "warn: "+msg) }
func (l *fakeLog) Error(msg string) { l.lines = append(l.lines, "error: "+msg) }

// with returns the lines at level ("warn", ...).
func (l *fakeLog) with(level string) []string {
	var out []string
	for _, s := range l.lines {
		if strings.HasPrefix(s, level+": ") {
			out = append(out, s)
		}
	}
	return out
}

// fakeOpener opens pop-outs, or reports them blocked.
type fakeOpener struct {
	blocked bool
	opened  []widget.Invitation
	customs []map[string]any // the customContext of each
}

func (o *fakeOpener) OpenChat(inv widget.Invitation, custom map[string]any) bool {
	o.opened = append(o.opened, inv)
	o.customs = append(o.customs, custom)
	return !o.blocked
}

// fakeZones reports one fixed local time for every zone.
type fakeZones struct {
	day    instant.Weekday
	minute int
	err    error
}

// Wall is a day of the week of January 2023 (the 1st is a Sunday) at minute.
func (z *fakeZones) Wall(instant.Time, string) (hours.Wall, error) {
	return hours.Wall{Year: 2023, Month: instant.January, Day: 1 + int(z.day), Hour: z.minute / 60, Minute: z.minute % 60}, z.err
}

// harness is a widget rendered into a fake document, with fake everything.
type harness struct {
	w      *widget.Widget
	doc    *domtest.Doc
	clock  *fakeClock
	timer  *fakeTimer
	events *fakeEvents
	log    *fakeLog
	opener *fakeOpener
	zones  *fakeZones
}

// enabled is a configuration with proactive chat on and nothing else.
func enabled() widget.Config {
	return widget.Config{AppID: "test", ProactiveEnabled: true, Texts: widget.DefaultTexts()}
}

func newHarness(t *testing.T, cfg widget.Config) *harness {
	t.Helper()
	h := &harness{
		doc:    domtest.New(),
		clock:  &fakeClock{now: t0},
		timer:  &fakeTimer{},
		events: &fakeEvents{},
		log:    &fakeLog{},
		opener: &fakeOpener{},
		zones:  &fakeZones{day: instant.Monday, minute: 10 * 60},
	}
	v := widget.NewDOMView(h.doc)
	h.w = widget.New(cfg, widget.Deps{
		Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones,
	})
	v.Bind(h.w)
	return h
}

// call is an invitation from startProactiveChat.
func call(msg string) widget.Invitation {
	return widget.Invitation{Message: msg, ShowPrechat: true, Source: widget.Source{Kind: widget.SourceCall}}
}

// byRule is an invitation raised by a rule.
func byRule(id, msg string) widget.Invitation {
	return widget.Invitation{Message: msg, ShowPrechat: true, Source: widget.Source{Kind: widget.SourceRule, RuleID: id}}
}

// node finds id in the document or fails the test.
func (h *harness) node(t *testing.T, id string) *domtest.Node {
	t.Helper()
	n := h.doc.ByID(id)
	if n == nil {
		t.Fatalf("no #%s in\n%s", id, domtest.Serialize(h.doc.RootNode()))
	}
	return n
}

// showing reports whether the invitation is in the document.
func (h *harness) showing() bool { return h.doc.ByID("oc-lcw-proactivechat") != nil }

// launcher reports whether the chat button is in the document.
func (h *harness) launcher() bool { return h.doc.ByID("oc-lcw-chat-button") != nil }

// focusedID is the id of the focused element, or "".
func (h *harness) focusedID() string {
	n := h.doc.FocusedNode()
	if n == nil {
		return ""
	}
	id, _ := n.Attr("id")
	return id
}
