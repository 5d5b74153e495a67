package chat_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// withConfig replaces the tab's client with one configured by cfg.
func (tb *tab) withConfig(cfg chat.Config) *tab {
	tb.c = chat.New(cfg, chat.Deps{
		Socket: tb.net, Clock: tb.clock, Timer: tb.timer, Store: tb.store, Events: tb.events,
		Log: tb.log, Random: tb.rnd, View: tb.view,
	})
	tb.net.c = tb.c
	return tb
}

func (l *fakeLog) warnings() []string {
	var out []string
	for _, s := range l.lines {
		if strings.HasPrefix(s, "warn: ") {
			out = append(out, s)
		}
	}
	return out
}

// TestAuthProviderNeverCallsBack: a provider that never calls back is
// lcw:error code 2 when the wait is over (10 s, or the configured one),
// not a moment before; no connection is opened, a late token is ignored
// with a warning, and the next chat starts normally.
func TestAuthProviderNeverCallsBack(t *testing.T) {
	for _, tt := range []struct {
		name    string
		timeout instant.Duration
		want    instant.Duration
		text    string
	}{
		{"default", 0, 10 * instant.Second, "within 10s"},
		{"configured", 2 * instant.Second, 2 * instant.Second, "within 2s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTab(t, newServer(), fakeStore{}, "a").withConfig(chat.Config{URL: "ws://chat.test/x", Key: key, AuthTimeout: tt.timeout})
			var done func(any, error)
			require.NoError(t, tb.c.Start(chat.Start{Auth: func(cb func(any, error)) error { done = cb; return nil }}))
			assert.Equal(t, t0.Add(tt.want), tb.timer.at, "the wake-up is the end of the wait")

			tb.clock.now = t0.Add(tt.want - instant.Millisecond)
			tb.c.Tick()
			assert.Equal(t, chat.Authorizing, tb.c.Phase(), "still waiting")
			assert.Empty(t, tb.events.named("lcw:error"))

			tb.wait(t)
			errs := tb.events.named("lcw:error")
			require.Len(t, errs, 1)
			assert.Equal(t, chat.CodeAuthProvider, errs[0]["errorCode"])
			assert.Equal(t, "chat: the auth token provider did not call back "+tt.text+"; no chat", errs[0]["errorDescription"])
			assert.Equal(t, chat.Ended, tb.c.Phase())
			assert.Zero(t, tb.net.opens, "no connection")
			assert.True(t, tb.timer.at.IsZero(), "nothing more to wait for")

			done("eyJ.late.token", nil)
			assert.Zero(t, tb.net.opens, "a late token starts nothing")
			assert.Len(t, tb.log.warnings(), 1, "but says so")

			require.NoError(t, tb.c.Start(withToken("eyJ.next.token")), "the widget is usable again")
			tb.settle()
			assert.Equal(t, chat.Queued, tb.c.Phase())
			assert.Equal(t, "eyJ.next.token", tb.net.sent[0]["authToken"])
		})
	}
}

// TestAuthProviderCallsBackTwice: the first token counts; the second is
// ignored with a warning, and only one chat starts.
func TestAuthProviderCallsBackTwice(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "a")
	require.NoError(t, tb.c.Start(chat.Start{Auth: func(done func(any, error)) error {
		done("first", nil)
		done("second", nil)
		return nil
	}}))
	tb.settle()
	assert.Equal(t, chat.Queued, tb.c.Phase())
	assert.Equal(t, 1, tb.net.opens)
	require.Len(t, tb.net.sent, 1)
	assert.Equal(t, "first", tb.net.sent[0]["authToken"])
	assert.Empty(t, tb.events.named("lcw:error"))
	assert.Equal(t, []string{"warn: lcwasm: chat: the auth token provider called back again, or too late; this token is ignored"}, tb.log.warnings())
}

// TestServiceRefusesAuth: the real service answers a bad or missing token
// with an error frame naming the start, then closes with 4401: one
// lcw:error (4 for a bad token, 3 for none), the chat ends, no retry.
func TestServiceRefusesAuth(t *testing.T) {
	for _, tt := range []struct {
		code, detail string
		want         int
	}{
		{"auth_invalid", "chat: token: not a compact JWT", chat.CodeInvalidToken},
		{"auth_required", "this widget requires an authToken", chat.CodeNoToken},
	} {
		t.Run(tt.code, func(t *testing.T) {
			tb := newTab(t, newServer(), fakeStore{}, "a")
			require.NoError(t, tb.c.Start(withToken("forged")))
			tb.net.accept()
			start := tb.net.sent[0]
			tb.c.Received(map[string]any{"type": "error", "code": tt.code, "message": tt.detail, "cid": start["cid"]})
			tb.c.Closed(chat.CloseAuthFailed, tt.detail)
			errs := tb.events.named("lcw:error")
			require.Len(t, errs, 1)
			assert.Equal(t, tt.want, errs[0]["errorCode"])
			if tt.want == chat.CodeInvalidToken {
				assert.Equal(t, "chat: the chat service refused the auth token: "+tt.detail, errs[0]["errorDescription"])
			}
			assert.Equal(t, chat.Ended, tb.c.Phase())
			assert.True(t, tb.timer.at.IsZero(), "no retry")
			assert.Equal(t, 1, tb.net.opens)
		})
	}
}

// TestServiceUnreachable: a chat service that refuses connections is one
// warning on the console per outage, not one per retry; what the visitor
// types meanwhile is pending and delivered once, in order, when it
// answers.
func TestServiceUnreachable(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "a")
	require.NoError(t, tb.c.Start(chat.Start{}))
	for i := 0; i < 3; i++ {
		tb.net.drop() // refused
		_, err := tb.c.Send("typed offline " + string(rune('1'+i)))
		require.NoError(t, err)
		tb.wait(t)
	}
	warns := tb.log.warnings()
	require.Len(t, warns, 1, "one warning for the outage")
	assert.Contains(t, warns[0], "cannot reach the chat service at ws://chat.test/")
	assert.Contains(t, warns[0], "messages typed meanwhile are kept")
	assert.Equal(t, []string{"visitor:typed offline 1:pending", "visitor:typed offline 2:pending", "visitor:typed offline 3:pending"}, tb.texts())

	tb.settle()
	assert.Equal(t, chat.Online, tb.c.Link())
	assert.Equal(t, []string{"typed offline 1", "typed offline 2", "typed offline 3"}, tb.net.srv.visitorTexts())
	assert.Len(t, tb.events.named("lcw:onMessageSent"), 3)

	tb.net.drop() // a drop after being in sync is a new outage
	require.Len(t, tb.log.warnings(), 2)
	assert.Contains(t, tb.log.warnings()[1], "lost the connection to the chat service (code 1006)")
}

// TestServiceURLUnusable: a WebSocket the browser cannot even construct
// (a malformed data-org-url, ws: from an https page) is a drop like any
// other, and the warning carries the browser's reason.
func TestServiceURLUnusable(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "a")
	require.NoError(t, tb.c.Start(chat.Start{}))
	tb.net.Close()
	tb.c.Closed(1006, "jsbridge: cannot open not a url/x: SyntaxError: the URL is invalid")
	require.Len(t, tb.log.warnings(), 1)
	assert.Contains(t, tb.log.warnings()[0], "(code 1006: jsbridge: cannot open not a url/x: SyntaxError: the URL is invalid)")
	assert.Equal(t, chat.Offline, tb.c.Link())
}

// TestConnectTimeout: a connection that opens but never gets in sync (a
// service that accepts and never answers) is given up after
// ConnectTimeout and retried; the message typed meanwhile is delivered
// on the next connection.
func TestConnectTimeout(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "a")
	require.NoError(t, tb.c.Start(chat.Start{}))
	_, err := tb.c.Send("hello?")
	require.NoError(t, err)
	assert.Equal(t, t0.Add(chat.ConnectTimeout), tb.timer.at)
	tb.wait(t) // nothing answered
	assert.Equal(t, chat.Offline, tb.c.Link())
	require.Len(t, tb.log.warnings(), 1)
	assert.Contains(t, tb.log.warnings()[0], "no answer within 15s")
	tb.wait(t) // the retry
	tb.settle()
	assert.Equal(t, chat.Online, tb.c.Link())
	assert.Equal(t, []string{"hello?"}, tb.net.srv.visitorTexts())
	assert.Equal(t, 2, tb.net.opens)
}

// TestAckTimeout: a message on a connection in sync that gets no
// acknowledgement within AckTimeout (a half-open connection: the frame
// or its ack is lost and nothing says so) makes the client reconnect and
// send it again; the service stores it once either way.
func TestAckTimeout(t *testing.T) {
	for _, tt := range []struct {
		name   string
		stored bool // the service got the frame; only its ack was lost
	}{
		{"the frame was lost", false},
		{"the ack was lost", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer()
			tb := started(t, srv, fakeStore{})
			_, err := tb.c.Send("hello?")
			require.NoError(t, err)
			assert.Equal(t, tb.clock.now.Add(chat.AckTimeout), tb.timer.at)
			if tt.stored {
				tb.net.serve()
				tb.net.down = nil // the ack is lost
			} else {
				tb.net.up = nil // the frame is lost
			}
			tb.clock.Advance(chat.AckTimeout - instant.Millisecond)
			tb.c.Tick()
			assert.Equal(t, chat.Online, tb.c.Link(), "still waiting")

			tb.wait(t)
			assert.Equal(t, chat.Offline, tb.c.Link())
			require.Len(t, tb.log.warnings(), 1)
			assert.Contains(t, tb.log.warnings()[0], "lost the connection to the chat service (no acknowledgement within 20s)")
			tb.wait(t) // the reconnection
			tb.settle()
			assert.Equal(t, []string{"visitor:hello?:sent"}, tb.texts())
			assert.Equal(t, []string{"hello?"}, srv.visitorTexts(), "stored once")
			assert.Len(t, tb.events.named("lcw:onMessageSent"), 1)
			assert.True(t, tb.timer.at.IsZero(), "nothing left to wait for")
		})
	}
}

// TestAckTimeoutCountsFromTheLastAck: while acknowledgements keep coming,
// a long queue of messages on a slow connection is not taken for a dead
// one.
func TestAckTimeoutCountsFromTheLastAck(t *testing.T) {
	tb := started(t, newServer(), fakeStore{})
	for _, text := range []string{"one", "two"} {
		_, err := tb.c.Send(text)
		require.NoError(t, err)
	}
	first := tb.timer.at
	tb.net.serve()
	acks := tb.net.down
	require.Len(t, acks, 2)
	tb.clock.Advance(15 * instant.Second)
	tb.net.down = acks[:1] // the ack of "one" only
	tb.net.deliver()
	assert.Equal(t, tb.clock.now.Add(chat.AckTimeout), tb.timer.at, "the wait starts again")
	assert.True(t, tb.timer.at.After(first))
	tb.net.down = acks[1:]
	tb.net.deliver()
	assert.True(t, tb.timer.at.IsZero(), "all acknowledged")
	assert.Equal(t, []string{"visitor:one:sent", "visitor:two:sent"}, tb.texts())
}

// TestConnectTimeoutGrows: the wait for sync doubles on the second
// attempt in a row and is four times as long from the third on, so a
// slow service is not cut off forever.
func TestConnectTimeoutGrows(t *testing.T) {
	tb := newTab(t, newServer(), fakeStore{}, "a")
	require.NoError(t, tb.c.Start(chat.Start{}))
	for _, want := range []instant.Duration{15 * instant.Second, 30 * instant.Second, instant.Minute, instant.Minute} {
		assert.Equal(t, tb.clock.now.Add(want), tb.timer.at)
		tb.wait(t) // no answer
		tb.wait(t) // the retry
	}
	tb.settle()
	assert.Equal(t, chat.Online, tb.c.Link())
}

// fakeJSON is the browser's JSON.
type fakeJSON struct{}

func (fakeJSON) Stringify(tree any) (string, error) {
	b, err := json.Marshal(tree)
	return string(b), err
}

func (fakeJSON) Parse(text string) (any, error) {
	var tree any
	err := json.Unmarshal([]byte(text), &tree)
	return tree, err
}

// withJSON gives the tab's client the browser's JSON.
func (tb *tab) withJSON() *tab {
	tb.c = chat.New(chat.Config{URL: "ws://chat.test/api/v1/widgets/demo/chat", Key: key}, chat.Deps{
		Socket: tb.net, Clock: tb.clock, Timer: tb.timer, Store: tb.store, Events: tb.events,
		Log: tb.log, Random: tb.rnd, View: tb.view, JSON: fakeJSON{},
	})
	tb.net.c = tb.c
	return tb
}

// TestReloadBeforeTheServiceAnswers: the service cannot be reached when
// the chat starts; the visitor types, then reloads (or opens the next
// page). The chat comes back with the message pending, starts with the
// same start id once the service answers, and the message is stored once.
func TestReloadBeforeTheServiceAnswers(t *testing.T) {
	srv, store := newServer(), fakeStore{}
	a := newTab(t, srv, store, "a").withJSON()
	require.NoError(t, a.c.Start(chat.Start{Source: "startChat", Custom: map[string]any{"plan": "gold"}}))
	a.net.drop() // refused
	_, err := a.c.Send("typed while it was down")
	require.NoError(t, err)
	assert.Contains(t, store[key+":chat"], "lcwasm.chat.start.1\n")
	assert.Empty(t, a.net.sent, "nothing reached the service")

	b := newTab(t, srv, store, "b").withJSON() // the reloaded page
	require.True(t, b.c.Restore())
	assert.Equal(t, []string{"visitor:typed while it was down:pending"}, b.texts(), "shown at once, pending")
	b.settle()
	assert.Equal(t, chat.Queued, b.c.Phase())
	assert.Equal(t, chat.Online, b.c.Link())
	assert.Equal(t, []string{"visitor:typed while it was down:sent"}, b.texts())
	assert.Equal(t, []string{"typed while it was down"}, srv.visitorTexts(), "stored once")
	assert.Equal(t, "a1", srv.startCID, "the first page's start")
	assert.Equal(t, map[string]any{"plan": map[string]any{"value": "gold", "isDisplayable": false}},
		b.net.sent[0]["context"].(map[string]any)["custom"], "with its context")
	assert.Len(t, b.events.named("lcw:chatRetrieved"), 1)
	assert.Empty(t, b.events.named("lcw:startChat"), "no second start")
	assert.Len(t, b.events.named("lcw:onMessageSent"), 1)
	assert.NotContains(t, store[key+":chat"], "lcwasm.chat.start.1", "now stored as a conversation")
}

// TestStoredStartUnreadable: a stored start that does not parse is
// forgotten with a warning, and no chat is resumed.
func TestStoredStartUnreadable(t *testing.T) {
	store := fakeStore{key + ":chat": "lcwasm.chat.start.1\n{not json\n"}
	tb := newTab(t, newServer(), store, "a").withJSON()
	assert.False(t, tb.c.Restore())
	assert.Len(t, tb.log.warnings(), 1)
	assert.Empty(t, store)
	assert.Zero(t, tb.net.opens)
}
