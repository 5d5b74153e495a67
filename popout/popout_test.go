package popout_test

import (
	"errors"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/jstree"
	"github.com/lcwasm/lcwasm/popout"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = instant.Date(2026, 12, 3, 12, 0, 0, 0)

// fakeWindow records what was posted to it.
type fakeWindow struct {
	closed bool
	posted []map[string]any
}

func (w *fakeWindow) Closed() bool            { return w.closed }
func (w *fakeWindow) Post(msg map[string]any) { w.posted = append(w.posted, msg) }

// step is one thing that happens to the opener, at an offset from t0.
type step struct {
	at     instant.Duration
	msg    string // a message from the pop-out, "" for none
	close  bool   // the visitor closes the window first
	tick   bool   // the timer fires
	closed bool   // Closed has been called by now
}

func TestOpenerLiveness(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{name: "looks every 0.5 s while the window is open", steps: []step{
			{at: popout.Check, tick: true}, {at: 2 * popout.Check, tick: true}, {at: 30 * instant.Second, tick: true}}},
		{name: "a closed window is gone at the next look", steps: []step{
			{at: popout.Check, tick: true}, {at: 2 * popout.Check, close: true, tick: true, closed: true}}},
		{name: "a closing note from a window that closed is gone at once", steps: []step{
			{at: instant.Second, close: true, msg: popout.ClosedNote, closed: true}}},
		{name: "a reload: closing note, then hello within 10 s", steps: []step{
			{at: instant.Second, msg: popout.ClosedNote},
			{at: instant.Second + popout.Check, tick: true},
			{at: 3 * instant.Second, msg: popout.Hello},
			{at: 3*instant.Second + popout.Gone, tick: true}}},
		{name: "a closing note not followed by hello: gone after 10 s", steps: []step{
			{at: instant.Second, msg: popout.ClosedNote},
			{at: instant.Second + popout.Gone - popout.Check, tick: true},
			{at: instant.Second + popout.Gone, tick: true, closed: true}}},
		{name: "other messages change nothing", steps: []step{
			{at: instant.Second, msg: "popout-what"}, {at: instant.Second, msg: popout.Attrs}, {at: 2 * instant.Second, tick: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			closed := 0
			o := &popout.Opener{Closed: func() { closed++ }}
			win := &fakeWindow{}
			o.Open(win, popout.Source{}, nil, t0)
			want := t0.Add(popout.Check)
			assert.Equal(t, want, o.Deadline())
			for i, s := range tt.steps {
				now := t0.Add(s.at)
				win.closed = win.closed || s.close
				if s.msg != "" {
					o.Message(s.msg, now)
				}
				if s.tick {
					require.False(t, now.Before(o.Deadline()), "step %d: ticked before the deadline %v", i, o.Deadline())
					o.Tick(now)
				}
				if s.closed {
					assert.Equal(t, 1, closed, "step %d: Closed calls", i)
					assert.True(t, o.Deadline().IsZero(), "step %d: a gone pop-out is not looked at", i)
					assert.False(t, o.Serving())
				} else {
					assert.Zero(t, closed, "step %d: Closed called", i)
					if s.tick || s.msg == popout.ClosedNote { // a closing note looks at once
						want = now.Add(popout.Check)
					}
					assert.Equal(t, want, o.Deadline(), "step %d: the next look", i)
				}
			}
			// Once gone, nothing more is served or reported.
			o.Tick(t0.Add(instant.Hour))
			o.Message(popout.Hello, t0.Add(instant.Hour))
			assert.LessOrEqual(t, closed, 1)
		})
	}
}

func TestOpenerAnswersHello(t *testing.T) {
	var asked []map[string]any
	o := &popout.Opener{
		Attrs: map[string]string{"data-app-id": "demo", "data-org-url": "https://chat.example"},
		Page: func(custom map[string]any) map[string]any {
			asked = append(asked, custom)
			return map[string]any{"url": "https://shop.example/cart"}
		},
	}
	win := &fakeWindow{}
	custom := map[string]any{"plan": "gold"}
	o.Open(win, popout.Source{Kind: "rule", RuleID: "cart", Message: "Need a hand with your cart?"}, custom, t0)
	o.Message(popout.Hello, t0.Add(instant.Second))
	require.Len(t, win.posted, 1)
	assert.Equal(t, map[string]any{
		"lcwasm": popout.Attrs,
		"attrs":  map[string]any{"data-app-id": "demo", "data-org-url": "https://chat.example"},
		"source": map[string]any{"kind": "rule", "ruleId": "cart", "message": "Need a hand with your cart?"},
		"page":   map[string]any{"url": "https://shop.example/cart"},
	}, win.posted[0])
	assert.Equal(t, []map[string]any{custom}, asked, "the page context is made for startChat's customContext")

	// A second pop-out replaces the first: only it is answered, without
	// a source when it answers none.
	other := &fakeWindow{}
	o.Page = nil
	o.Open(other, popout.Source{}, nil, t0.Add(2*instant.Second))
	o.Message(popout.Hello, t0.Add(3*instant.Second))
	require.Len(t, other.posted, 1)
	assert.NotContains(t, other.posted[0], "source")
	assert.NotContains(t, other.posted[0], "page")
	assert.Len(t, win.posted, 1)
}

func TestOpenerToken(t *testing.T) {
	tests := []struct {
		name  string
		token any
		err   error
		want  map[string]any
	}{
		{"a token", "eyJ.jwt", nil, map[string]any{"lcwasm": popout.Token, "token": "eyJ.jwt"}},
		{"null", nil, nil, map[string]any{"lcwasm": popout.Token, "token": nil}},
		{"a number", 42.0, nil, map[string]any{"lcwasm": popout.Token, "token": 42.0}},
		{"undefined", jstree.Undefined{}, nil, map[string]any{"lcwasm": popout.Token}},
		{"an object", map[string]any{"a": 1.0}, nil, map[string]any{"lcwasm": popout.Token, "invalid": "object"}},
		{"a function", jstree.Function{}, nil, map[string]any{"lcwasm": popout.Token, "invalid": "function"}},
		{"the provider failed", nil, errors.New("boom"), map[string]any{"lcwasm": popout.Token, "failure": "boom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reply func(any, error)
			o := &popout.Opener{Token: func(r func(any, error)) { reply = r }}
			win := &fakeWindow{}
			o.Open(win, popout.Source{}, nil, t0)
			o.Message(popout.Auth, t0)
			require.NotNil(t, reply, "the page's provider was asked")
			assert.Empty(t, win.posted, "answered before the provider called back")
			reply(tt.token, tt.err)
			require.Len(t, win.posted, 1)
			assert.Equal(t, tt.want, win.posted[0])

			// What the pop-out reads of it.
			token, ok, err := popout.ReadToken(win.posted[0])
			require.True(t, ok)
			switch {
			case tt.err != nil:
				assert.EqualError(t, err, tt.err.Error())
			case tt.want["invalid"] != nil:
				assert.Equal(t, jstree.Opaque{Type: tt.want["invalid"].(string)}, token)
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.token, token)
			}
		})
	}
	t.Run("no provider: no answer", func(t *testing.T) {
		o := &popout.Opener{}
		win := &fakeWindow{}
		o.Open(win, popout.Source{}, nil, t0)
		o.Message(popout.Auth, t0)
		assert.Empty(t, win.posted)
	})
	t.Run("not a token answer", func(t *testing.T) {
		_, ok, err := popout.ReadToken(map[string]any{"lcwasm": popout.Attrs, "failure": "x"})
		assert.False(t, ok)
		assert.NoError(t, err)
	})
}

func TestRefused(t *testing.T) {
	const here, shop, evil = "https://widget.example", "https://shop.example", "https://evil.example"
	tests := []struct {
		name               string
		popout, page, chat string
		refused            bool
	}{
		{"a page of the pop-out's origin", here, here, evil, false},
		{"a chat server of the pop-out's origin", here, shop, here, false},
		{"both", here, here, here, false},
		{"neither", here, shop, evil, true},
		{"a page on another site with its own chat server", here, evil, evil, true},
		{"no pop-out origin", "", "", "", true},
		{"a chat server that is not a URL", here, shop, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			why := popout.Refused(tt.popout, tt.page, tt.chat)
			assert.Equal(t, tt.refused, why != "", "%q", why)
			if tt.refused {
				assert.Contains(t, why, "chats only for pages of its own origin or with a chat server there")
			}
		})
	}
}

// TestOpenerChatClosed: the pop-out saying its chat was closed reaches
// ChatClosed (the page then fires lcw:closeChat), and only while a
// pop-out is served.
func TestOpenerChatClosed(t *testing.T) {
	closed := 0
	o := &popout.Opener{ChatClosed: func() { closed++ }}
	o.Message(popout.ChatClosed, t0)
	assert.Zero(t, closed, "no pop-out served yet")
	o.Open(&fakeWindow{}, popout.Source{}, nil, t0)
	o.Message(popout.ChatClosed, t0)
	assert.Equal(t, 1, closed)
}
