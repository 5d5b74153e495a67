package proactive_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/hours"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/proactive"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

var t0 = instant.Date(2026, 3, 2, 10, 0, 0, 0)

// origin is what the visitor's tabs of one site share: localStorage, its
// storage events (queued, as the browser delivers them in a later task)
// and the Web Locks.
type origin struct {
	data   map[string]string
	tabs   []*tab
	queue  []storageEvent
	locks  map[string]*tab
	writes int // Set calls, all tabs together
}

type storageEvent struct {
	key  string
	from *tab
}

func newOrigin() *origin {
	return &origin{data: map[string]string{}, locks: map[string]*tab{}}
}

// deliver hands the queued storage events to every other open tab.
func (o *origin) deliver(now instant.Time) {
	q := o.queue
	o.queue = nil
	for _, ev := range q {
		for _, t := range o.tabs {
			if t != ev.from && !t.dead {
				t.r.StorageChanged(ev.key, now)
			}
		}
	}
}

// store is one tab's view of localStorage.
type store struct {
	o    *origin
	self *tab
}

func (s store) Get(key string) (string, bool) { v, ok := s.o.data[key]; return v, ok }
func (s store) Set(key, value string) {
	s.o.writes++
	s.o.data[key] = value
	s.o.queue = append(s.o.queue, storageEvent{key, s.self})
}
func (s store) Remove(key string) {
	if _, ok := s.o.data[key]; ok {
		delete(s.o.data, key)
		s.o.queue = append(s.o.queue, storageEvent{key, s.self})
	}
}

// locks is one tab's navigator.locks.
type locks struct {
	o    *origin
	self *tab
}

func (l locks) Claim(name string, got func(release func())) {
	if h := l.o.locks[name]; h != nil && h != l.self {
		got(nil)
		return
	}
	l.o.locks[name] = l.self
	got(func() {
		if l.o.locks[name] == l.self {
			delete(l.o.locks, name)
		}
	})
}

// stdJSON stands for the browser's JSON object.
type stdJSON struct{}

func (stdJSON) Stringify(tree any) (string, error) {
	b, err := json.Marshal(tree)
	return string(b), err
}

func (stdJSON) Parse(text string) (any, error) {
	var tree any
	err := json.Unmarshal([]byte(text), &tree)
	return tree, err
}

// page is the tab's address.
type page struct {
	href  string
	reads int // Current calls
}

func (p *page) Href() string { return p.href }
func (p *page) Current(referrer string) rules.Page {
	p.reads++
	u, _ := url.Parse(p.href)
	q := map[string]string{}
	for k, v := range u.Query() {
		q[k] = v[0]
	}
	return rules.Page{URL: p.href, Path: u.Path, Hash: u.Fragment, Referrer: referrer, Query: q}
}

type timer struct {
	at    instant.Time
	calls int
}

func (t *timer) WakeAt(at instant.Time) { t.at = at; t.calls++ }

type clock struct{ now *instant.Time }

func (c clock) Now() instant.Time { return *c.now }

type logger struct{ lines []string }

func (l *logger) Debug(m string) { l.lines = append(l.lines, "debug: "+m) }
func (l *logger) Warn(m string)  { l.lines = append(l.lines, "warn: "+m) }
func (l *logger) Error(m string) { l.lines = append(l.lines, "error: "+m) }

func (l *logger) has(part string) bool {
	for _, line := range l.lines {
		if strings.Contains(line, part) {
			return true
		}
	}
	return false
}

type events struct {
	names   []string
	details []map[string]any
}

func (e *events) Emit(name string, d map[string]any) {
	e.names, e.details = append(e.names, name), append(e.details, d)
}

type opener struct{}

func (opener) OpenChat(widget.Invitation, map[string]any) bool { return false }

type zones struct{}

func (zones) Wall(t instant.Time, _ string) (hours.Wall, error) { return hours.WallOf(t), nil }

// late is widget.Invitations for a runner made after its widget, as in
// package main.
type late struct{ r **proactive.Runner }

func (l late) Shown(inv widget.Invitation, at, dl instant.Time) { (*l.r).Shown(inv, at, dl) }
func (l late) Answered(inv widget.Invitation, o widget.Outcome, at instant.Time) {
	(*l.r).Answered(inv, o, at)
}
func (l late) Idle(at instant.Time) { (*l.r).Idle(at) }

// tab is one page load of the visitor: the real widget over a fake
// document, and a runner.
type tab struct {
	o       *origin
	r       *proactive.Runner
	w       *widget.Widget
	now     instant.Time
	timer   *timer // the runner's
	wtimer  *timer // the widget's
	page    *page
	log     *logger
	events  *events
	context func() (any, error)
	dead    bool
	errs    []error
}

// open loads href in a new tab of o at now with the rules document src.
func (o *origin) open(t *testing.T, src, href string, now instant.Time, opts ...func(*proactive.Config)) *tab {
	t.Helper()
	var tree any
	if err := json.Unmarshal([]byte(src), &tree); err != nil {
		t.Fatalf("rules %s: %v", src, err)
	}
	tb := &tab{o: o, now: now, timer: &timer{}, wtimer: &timer{}, page: &page{href: href}, log: &logger{}, events: &events{}}
	cfg := widget.Config{AppID: "app", ProactiveEnabled: true, Texts: widget.DefaultTexts()}
	tb.w = widget.New(cfg, widget.Deps{
		Clock: clock{&tb.now}, Timer: tb.wtimer, View: widget.NewDOMView(domtest.New()), Events: tb.events,
		Log: tb.log, Opener: opener{}, Zones: zones{}, Invitations: late{&tb.r},
	})
	pc := proactive.Config{AppID: "app", Tab: "tab" + string(rune('A'+len(o.tabs))), DefaultMessage: "Need help?",
		Device: rules.Desktop, Languages: []string{"en"}}
	for _, opt := range opts {
		opt(&pc)
	}
	tb.r, tb.errs = proactive.New(rules.Decoder{}, tree, pc, proactive.Deps{
		Widget: tb.w, Store: store{o, tb}, JSON: stdJSON{}, Lock: locks{o, tb}, Page: tb.page,
		Timer: tb.timer, Log: tb.log,
		Context: func() (any, error) {
			if tb.context == nil {
				return nil, nil
			}
			return tb.context()
		},
	}, now)
	o.tabs = append(o.tabs, tb)
	return tb
}

// run lets the tab's timers fire up to now.
func (tb *tab) run(now instant.Time) {
	tb.now = now
	if !tb.wtimer.at.IsZero() && !now.Before(tb.wtimer.at) {
		tb.wtimer.at = instant.Time(0)
		tb.w.Tick()
	}
	if dl, ok := tb.r.Deadline(); ok && !now.Before(dl) {
		tb.r.Tick(now)
	}
}

// showing reports whether the tab shows an invitation.
func (tb *tab) showing() bool { return tb.w.Phase() == widget.Inviting }

// die is the tab crashing or being killed: no pagehide, and the browser
// frees its Web Locks.
func (tb *tab) die() {
	tb.dead = true
	for name, h := range tb.o.locks {
		if h == tb {
			delete(tb.o.locks, name)
		}
	}
}

var errThrew = errors.New("TypeError: boom")
