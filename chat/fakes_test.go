package chat_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/stretchr/testify/require"
)

// t0 is when every test starts.
var t0 = instant.Date(2026, instant.March, 2, 10, 0, 0, 0)

type fakeClock struct{ now instant.Time }

func (c *fakeClock) Now() instant.Time          { return c.now }
func (c *fakeClock) Advance(d instant.Duration) { c.now = c.now.Add(d) }

// fakeTimer keeps the wake-up in force; the zero time is none.
type fakeTimer struct{ at instant.Time }

func (t *fakeTimer) WakeAt(at instant.Time) { t.at = at }

// fakeStore is localStorage, shareable between two clients ("tabs").
type fakeStore map[string]string

func (s fakeStore) Get(k string) (string, bool) { v, ok := s[k]; return v, ok }
func (s fakeStore) Set(k, v string)             { s[k] = v }
func (s fakeStore) Remove(k string)             { delete(s, k) }

type event struct {
	name   string
	detail map[string]any
}

type fakeEvents struct{ list []event }

func (e *fakeEvents) Emit(name string, detail map[string]any) {
	// Details cross to JavaScript: they must survive JSON.
	_, err := json.Marshal(detail)
	if err != nil {
		panic(err)
	}
	e.list = append(e.list, event{name, detail})
}

func (e *fakeEvents) named(name string) []map[string]any {
	var out []map[string]any
	for _, ev := range e.list {
		if ev.name == name {
			out = append(out, ev.detail)
		}
	}
	return out
}

func (e *fakeEvents) names() []string {
	var out []string
	for _, ev := range e.list {
		out = append(out, ev.name)
	}
	return out
}

type fakeLog struct{ lines []string }

func (l *fakeLog) Debug(m string) { l.lines = append(l.lines, "debug: "+m) }
func (l *fakeLog) Warn(m string)  { l.lines = append(l.lines, "warn: "+m) }
func (l *fakeLog) Error(m string) { l.lines = append(l.lines, "error: "+m) }

func (l *fakeLog) errors() []string {
	var out []string
	for _, s := range l.lines {
		if strings.HasPrefix(s, "error: ") {
			out = append(out, s)
		}
	}
	return out
}

// fakeRandom counts ids and returns a fixed jitter fraction; with broken
// set, ID fails with it.
type fakeRandom struct {
	prefix string
	n      int
	frac   float64
	broken error
}

func (r *fakeRandom) ID() (string, error) {
	if r.broken != nil {
		return "", r.broken
	}
	r.n++
	return fmt.Sprintf("%s%d", r.prefix, r.n), nil
}
func (r *fakeRandom) Fraction() float64 { return r.frac }

// recView logs each View call as a line.
type recView struct{ log []string }

func (v *recView) add(f string, a ...any) { v.log = append(v.log, fmt.Sprintf(f, a...)) }
func (v *recView) Message(m chat.Message, before string) {
	v.add("message %s %s %q %s seq=%d%s", m.Key(), m.From, m.Text, m.State, m.Seq, map[bool]string{true: " before " + before}[before != ""])
}
func (v *recView) Queue(p int, w instant.Duration) { v.add("queue %d %s", p, w) }
func (v *recView) AgentJoined(name string)         { v.add("agent joined %q", name) }
func (v *recView) Connection(l chat.Link, at instant.Time) {
	if at.IsZero() {
		v.add("connection %s", l)
		return
	}
	v.add("connection %s retry +%s", l, at.Sub(t0))
}
func (v *recView) Ended(by string) { v.add("ended %s", by) }
func (v *recView) Unread(n int)    { v.add("unread %d", n) }

// jsonTree sends v through JSON, as the browser's stringify and parse do.
func jsonTree(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

func (v *recView) AgentTyping(on bool) { v.add("agent typing %v", on) }
