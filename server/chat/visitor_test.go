package chat_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
)

func TestVisitorStartSendAck(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	v.send(frame{"type": "start", "cid": "s1", "visitor": frame{"id": "v1"},
		"context": frame{"pageUrl": "https://shop.example/boots", "proactive": true, "source": "rule", "ruleId": "r1"}})
	started := v.expect("started")
	assert.Equal(t, "s1", started["cid"])
	assert.Equal(t, "queued", started["state"])
	assert.EqualValues(t, 1, started["position"])
	assert.Len(t, started["token"], 43)

	v.send(frame{"type": "send", "cid": "m1", "text": "Do you have size 44?"})
	ack := v.expect("ack")
	assert.Equal(t, frame{"type": "ack", "cid": "m1", "seq": 1.0, "at": ack["at"]}, ack)
	v.send(frame{"type": "send", "cid": "m1", "text": "Do you have size 44?"})
	assert.EqualValues(t, 1, v.expect("ack")["seq"], "a duplicate gets the original seq")
	v.send(frame{"type": "send", "cid": "m2", "text": "And 45?"})
	assert.EqualValues(t, 2, v.expect("ack")["seq"])
	conv := started["conversation"].(string)
	msgs, err := e.store.Messages(t.Context(), conv, 0)
	require.NoError(t, err)
	assert.Len(t, msgs, 2, "stored once each")
}

func TestVisitorReconnectResendsWithoutDuplicates(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	conv, token := v.start("v1", nil)
	v.send(frame{"type": "send", "cid": "m1", "text": "one"})
	v.expect("ack")
	v.send(frame{"type": "send", "cid": "m2", "text": "two"}) // the ack of this one is "lost"
	v.ws.CloseNow()

	v2 := e.visitor()
	v2.send(frame{"type": "resume", "conversation": conv, "token": token, "after": 1})
	resumed := v2.expect("resumed")
	assert.Equal(t, "queued", resumed["state"])
	got := resumed["messages"].([]any)
	if len(got) == 1 { // m2 reached the store before the drop
		assert.Equal(t, "two", got[0].(map[string]any)["text"])
	}
	// m2 may still be on its way through the old connection: this tab
	// then sees it as a message, and the resend gets its original seq.
	v2.send(frame{"type": "send", "cid": "m2", "text": "two"})
	assert.EqualValues(t, 2, v2.expect("ack", "message")["seq"])
	v2.send(frame{"type": "send", "cid": "m3", "text": "three"})
	assert.EqualValues(t, 3, v2.expect("ack", "message")["seq"])

	v3 := e.visitor()
	v3.send(frame{"type": "resume", "conversation": conv, "token": token, "after": 0})
	all := v3.expect("resumed")["messages"].([]any)
	require.Len(t, all, 3)
	for i, m := range all {
		assert.EqualValues(t, i+1, m.(map[string]any)["seq"])
		assert.Equal(t, "visitor", m.(map[string]any)["from"])
	}
}

func TestVisitorOtherTabsSeeMessages(t *testing.T) {
	e := newEnv(t, "", nil)
	a := e.visitor()
	conv, token := a.start("v1", nil)
	b := e.visitor()
	b.send(frame{"type": "resume", "conversation": conv, "token": token})
	b.expect("resumed")
	a.send(frame{"type": "send", "cid": "m1", "text": "from tab a"})
	a.expect("ack")
	m := b.expect("message")
	assert.Equal(t, "from tab a", m["text"])
	assert.Equal(t, "m1", m["cid"])
}

func TestVisitorWrongTokenIsRefused(t *testing.T) {
	e := newEnv(t, "", nil)
	conv, _ := e.visitor().start("v1", nil)
	v := e.visitor()
	v.send(frame{"type": "resume", "conversation": conv, "token": strings.Repeat("A", 43)})
	f := v.expect("error")
	assert.Equal(t, "forbidden", f["code"])
	assert.Equal(t, chat.StatusAuthFailed, v.closed())

	v = e.visitor()
	v.send(frame{"type": "resume", "conversation": "no-such-conversation", "token": "x"})
	assert.Equal(t, "not_found", v.expect("error")["code"])
	assert.Equal(t, chat.StatusAuthFailed, v.closed())
}

func TestVisitorCannotReadAnotherVisitorsConversation(t *testing.T) {
	e := newEnv(t, "", nil)
	alice := e.visitor()
	aliceConv, _ := alice.start("alice", frame{"prechat": frame{"name": "Alice"}})
	bob := e.visitor()
	_, bobToken := bob.start("bob", nil)

	alice.send(frame{"type": "send", "cid": "a1", "text": "my address is secret"})
	alice.expect("ack")
	bob.send(frame{"type": "send", "cid": "b1", "text": "hello"})
	bob.expect("ack")
	bob.quiet(300 * time.Millisecond) // nothing of Alice's reaches Bob's connection

	thief := e.visitor()
	thief.send(frame{"type": "resume", "conversation": aliceConv, "token": bobToken, "after": 0})
	f := thief.expect("error")
	assert.Equal(t, "forbidden", f["code"])
	assert.NotContains(t, f, "messages")
	assert.Equal(t, chat.StatusAuthFailed, thief.closed())
}

func TestVisitorSendBeforeStartIsAnError(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	v.send(frame{"type": "send", "cid": "m1", "text": "hi"})
	assert.Equal(t, "bad_request", v.expect("error")["code"])
}

func TestVisitorTextLimit(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	v.start("v1", nil)
	v.send(frame{"type": "send", "cid": "long", "text": strings.Repeat("é", 4001)})
	f := v.expect("error")
	assert.Equal(t, "bad_request", f["code"])
	assert.Equal(t, "long", f["cid"])
	v.send(frame{"type": "send", "cid": "max", "text": strings.Repeat("é", 4000)})
	assert.EqualValues(t, 1, v.expect("ack")["seq"])
	v.send(frame{"type": "send", "cid": "blank", "text": "  \n"})
	assert.Equal(t, "bad_request", v.expect("error")["code"])
}

func TestVisitorFrameTooBigCloses1009(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	v.send(frame{"type": "send", "cid": "x", "text": strings.Repeat("a", chat.MaxFrameBytes)})
	assert.Equal(t, websocket.StatusMessageTooBig, v.closed())
}

func TestVisitorRateLimitCloses1008(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	for range 60 {
		if v.ws.Write(t.Context(), websocket.MessageText, []byte(`{"type":"send","cid":"x","text":"spam"}`)) != nil {
			break
		}
	}
	assert.Equal(t, websocket.StatusPolicyViolation, v.closed())
}

func TestVisitorTypingPerKeystrokeIsNotARateViolation(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	v.start("v1", nil)
	for range 60 {
		v.send(frame{"type": "typing"})
	}
	v.send(frame{"type": "send", "cid": "m1", "text": "still here"})
	assert.EqualValues(t, 1, v.expect("ack")["seq"])
}

func TestDeadPeersAreDropped(t *testing.T) {
	e := newEnv(t, "", nil)
	e.ping = 100 * time.Millisecond
	e.restart()
	ann := e.agent("ann") // never reads again, so never answers pings
	assert.Equal(t, 1, e.hub.AgentsOnline())
	require.Eventually(t, func() bool { return e.hub.AgentsOnline() == 0 }, 5*time.Second, 20*time.Millisecond,
		"an agent who stops answering is no longer available")
	_ = ann
}

func TestVisitorOrigins(t *testing.T) {
	e := newEnv(t, "", map[string]chat.Widget{
		"w1":   {AllowedOrigins: []string{"https://shop.example"}},
		"same": {},
	})
	dial := func(app, origin string) *client {
		c, _, err := e.dial("/api/v1/widgets/"+app+"/chat", &websocket.DialOptions{
			Subprotocols: []string{chat.Subprotocol}, HTTPHeader: http.Header{"Origin": {origin}}})
		require.NoError(t, err)
		return c
	}
	assert.Equal(t, chat.StatusOriginNotAllowed, dial("w1", "https://evil.example").closed())
	assert.Equal(t, chat.StatusOriginNotAllowed, dial("same", "https://shop.example").closed())

	for _, tc := range []struct{ app, origin string }{{"w1", "https://shop.example"}, {"same", e.srv.URL}, {"w1", e.srv.URL}} {
		c := dial(tc.app, tc.origin)
		c.send(frame{"type": "start", "cid": "s", "visitor": frame{"id": "v-" + tc.app + tc.origin}})
		c.expect("started")
	}
}

func TestVisitorUnknownWidgetAndMissingSubprotocol(t *testing.T) {
	e := newEnv(t, "", nil)
	_, resp, err := e.dial("/api/v1/widgets/nope/chat", &websocket.DialOptions{Subprotocols: []string{chat.Subprotocol}})
	require.Error(t, err)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	c, _, err := e.dial("/api/v1/widgets/w1/chat", nil)
	require.NoError(t, err)
	assert.Equal(t, websocket.StatusProtocolError, c.closed())
}

func TestVisitorEnd(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	conv, token := v.start("v1", nil)
	other := e.visitor()
	other.send(frame{"type": "resume", "conversation": conv, "token": token})
	other.expect("resumed")
	v.send(frame{"type": "end"})
	assert.Equal(t, frame{"type": "ended", "by": "visitor"}, v.expect("ended"))
	assert.Equal(t, frame{"type": "ended", "by": "visitor"}, other.expect("ended"))
	v.send(frame{"type": "send", "cid": "late", "text": "hello?"})
	assert.Equal(t, "conflict", v.expect("error")["code"])
}

func TestRestartLosesNothing(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	conv, token := v.start("v1", frame{"pageUrl": "https://shop.example/"})
	v.send(frame{"type": "send", "cid": "m1", "text": "before the restart"})
	v.expect("ack")
	e.stop()

	e2 := newEnv(t, e.path, nil)
	v2 := e2.visitor()
	v2.send(frame{"type": "resume", "conversation": conv, "token": token, "after": 0})
	resumed := v2.expect("resumed")
	assert.Equal(t, "queued", resumed["state"])
	msgs := resumed["messages"].([]any)
	require.Len(t, msgs, 1)
	assert.Equal(t, "before the restart", msgs[0].(map[string]any)["text"])
	v2.send(frame{"type": "send", "cid": "m1", "text": "before the restart"})
	assert.EqualValues(t, 1, v2.expect("ack")["seq"])
	v2.send(frame{"type": "send", "cid": "m2", "text": "after"})
	assert.EqualValues(t, 2, v2.expect("ack")["seq"])
	a := e2.agent("ann")
	a.send(frame{"type": "accept", "conversation": conv})
	c := a.expect("conversation")
	assert.Len(t, c["messages"], 2, "the queue survived the restart")
}

// The context keeps a rule's invitation variant, cut like the rule id,
// for the funnel's per-variant chat counts.
func TestVisitorContextKeepsTheVariant(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	v.send(frame{"type": "start", "cid": "s1", "visitor": frame{"id": "v1"},
		"context": frame{"proactive": true, "source": "rule", "ruleId": "plans", "variant": strings.Repeat("v", 300)}})
	conv := v.expect("started")["conversation"].(string)
	stored, err := e.store.Get(t.Context(), conv)
	require.NoError(t, err)
	var c struct{ Variant string }
	require.NoError(t, json.Unmarshal(stored.Context, &c))
	assert.Equal(t, strings.Repeat("v", 128), c.Variant)
}
