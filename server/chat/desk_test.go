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

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/chat"
)

// TestNotesNeverReachTheVisitor: an internal note goes to the agent's
// consoles and is in the conversation frame, but the visitor's socket
// never receives it, live or on resume.
func TestNotesNeverReachTheVisitor(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	ann2 := e.agent("ann") // a second tab
	v := e.visitor()
	conv, token := v.start("alice", nil)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	v.expect("agentJoined")
	ann.send(frame{"type": wire.Note, "conversation": conv, "cid": "n1", "text": "secret: VIP customer"})
	n := ann.expect(wire.Note)
	assert.Equal(t, "secret: VIP customer", n["text"])
	assert.Equal(t, "n1", n["cid"])
	assert.EqualValues(t, 1, n["seq"])
	ann2.expect(wire.Note, "conversation")
	ann.send(frame{"type": "send", "conversation": conv, "cid": "a1", "text": "Hello!"})
	ann.expect("ack")
	// The next frame the visitor gets is the reply: no note before it.
	m := v.expect("message")
	assert.Equal(t, "Hello!", m["text"])
	v.quiet(200 * time.Millisecond)

	again := e.visitor()
	again.send(frame{"type": "resume", "conversation": conv, "token": token, "after": 0})
	r := again.expect("resumed")
	raw, _ := jsonText(r)
	assert.NotContains(t, raw, "secret")

	ann3 := e.agent("ann")
	c := ann3.expect("conversation")
	notes := c["notes"].([]any)
	require.Len(t, notes, 1)
	assert.Equal(t, "secret: VIP customer", notes[0].(map[string]any)["text"])
}

// TestTransfer: a chat goes to another available agent with a note; the
// visitor is told who they chat with now; the giver's consoles lose it;
// an away agent cannot receive one; back to the queue works too.
func TestTransfer(t *testing.T) {
	e := newEnv(t, "", nil)
	ann, bob, cat := e.agent("ann"), e.agent("bob"), e.agent("cat")
	cat.send(frame{"type": wire.Status, "status": wire.StatusAway})
	ann.roster(func(r map[string]frame) bool { return r["cat"]["status"] == wire.StatusAway })
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	v.expect("agentJoined")

	ann.send(frame{"type": wire.Transfer, "conversation": conv, "to": "cat"})
	assert.Equal(t, wire.ErrAgentUnavailable, ann.expect("error")["code"])
	ann.send(frame{"type": wire.Transfer, "conversation": conv, "to": "ann"})
	assert.Equal(t, wire.ErrBadRequest, ann.expect("error")["code"])

	ann.send(frame{"type": wire.Transfer, "conversation": conv, "to": "bob", "text": "Wants a refund"})
	tf := ann.expect(wire.Transferred)
	assert.Equal(t, "bob", tf["to"])
	assert.Equal(t, "Bob", tf["toName"])
	c := bob.expect("conversation", wire.Transferred)
	assert.Equal(t, "Ann", c["transferredBy"])
	assert.Equal(t, "Wants a refund", c["notes"].([]any)[0].(map[string]any)["text"])
	sys := v.expect("message")
	assert.Equal(t, "You're now chatting with Bob.", sys["text"])
	assert.Equal(t, "system", sys["from"])
	assert.Equal(t, "Bob", v.expect("agentJoined")["name"])

	// Ann has no say any more; Bob has.
	ann.send(frame{"type": "send", "conversation": conv, "cid": "a2", "text": "me?"})
	assert.Equal(t, wire.ErrForbidden, ann.expect("error")["code"])
	v.send(frame{"type": "send", "cid": "v9", "text": "Hi Bob"})
	v.expect("ack")
	assert.Equal(t, "Hi Bob", bob.expect("message")["text"])

	// Back to the queue.
	bob.send(frame{"type": wire.Transfer, "conversation": conv, "to": ""})
	bob.expect(wire.Transferred)
	assert.True(t, strings.Contains(v.expect("message")["text"].(string), "back in the queue"))
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 && items[0]["conversation"] == conv })
}

func jsonText(f frame) (string, error) {
	b, err := json.Marshal(f)
	return string(b), err
}

// TestCannedResponses: an agent's personal responses are kept in the
// store and sent to every console of theirs; a bad one is refused; the
// widget's shared ones come with each conversation.
func TestCannedResponses(t *testing.T) {
	e := newEnv(t, "", map[string]chat.Widget{"w1": {Canned: []chat.Canned{{Shortcut: "hours", Text: "We're open 9-17."}}}})
	ann := e.agent("ann")
	ann.send(frame{"type": wire.CannedSave, "shortcut": "hi", "text": "Hello {visitor.name}, {agent.name} here."})
	items := ann.expect(wire.Canned, wire.Canned)["items"].([]any)
	for len(items) == 0 { // the empty list after hello comes first
		items = ann.expect(wire.Canned)["items"].([]any)
	}
	assert.Equal(t, "hi", items[0].(map[string]any)["shortcut"])
	ann.send(frame{"type": wire.CannedSave, "shortcut": "Bad One", "text": "x"})
	assert.Equal(t, wire.ErrBadRequest, ann.expect("error", wire.Canned)["code"])

	again := e.agent("ann")
	got := again.expect(wire.Canned)["items"].([]any)
	require.Len(t, got, 1)
	assert.Equal(t, "Hello {visitor.name}, {agent.name} here.", got[0].(map[string]any)["text"])

	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.send(frame{"type": "accept", "conversation": conv})
	c := ann.expect("conversation", wire.Canned)
	assert.Equal(t, []any{map[string]any{"shortcut": "hours", "text": "We're open 9-17."}}, c["canned"])

	ann.send(frame{"type": wire.CannedDelete, "shortcut": "hi"})
	for {
		f := ann.expect(wire.Canned, "conversation")
		if len(f["items"].([]any)) == 0 {
			break
		}
	}
}

func TestParseCanned(t *testing.T) {
	list, errs := chat.ParseCanned(json.RawMessage(`[{"shortcut":"a","text":"A"},{"shortcut":"a","text":"B"}]`))
	assert.Equal(t, []chat.Canned{{Shortcut: "a", Text: "A"}}, list)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "cannedResponses[1].shortcut")
}

// TestSupervisorWatches: a supervisor's console gets every live
// conversation with its agent, opens one read-only and follows its
// messages; an agent who is not a supervisor may not.
func TestSupervisorWatches(t *testing.T) {
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) { o.Supervisor = func(u string) bool { return u == "sue" } }
	e.restart()
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	e.visitor().start("bert", nil)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	v.expect("agentJoined")

	sue := e.agent("sue")
	var live []any
	for {
		f := sue.expect(wire.Live, wire.Canned)
		live = f["conversations"].([]any)
		if len(live) == 2 && live[0].(map[string]any)["agent"] == "ann" {
			break
		}
	}
	first := live[0].(map[string]any)
	assert.Equal(t, "Ann", first["agentName"])
	assert.Equal(t, "active", first["state"])
	assert.NotZero(t, first["acceptedAt"])
	assert.Equal(t, "queued", live[1].(map[string]any)["state"])

	sue.send(frame{"type": wire.Watch, "conversation": conv})
	c := sue.expect("conversation", wire.Live, wire.Canned)
	assert.Equal(t, true, c["readOnly"])
	assert.Equal(t, "Ann", c["agentName"])
	v.send(frame{"type": "send", "cid": "v1", "text": "Watched?"})
	v.expect("ack")
	assert.Equal(t, "Watched?", sue.expect("message", wire.Live, wire.Canned)["text"])
	ann.send(frame{"type": "send", "conversation": conv, "cid": "a1", "text": "Yes"})
	assert.Equal(t, "Yes", sue.expect("message", wire.Live, wire.Canned)["text"])
	sue.send(frame{"type": "send", "conversation": conv, "cid": "s1", "text": "I'm not in it"})
	assert.Equal(t, wire.ErrForbidden, sue.expect("error", wire.Live, wire.Canned)["code"])

	ann.send(frame{"type": wire.Watch, "conversation": conv})
	assert.Equal(t, wire.ErrForbidden, ann.expect("error", "message", "ack")["code"])
}

// TestOutdatedConsoleIsToldToReload: a console of an older protocol gets
// error "outdated" with the sentence to show, then close 4426; one from
// before versions (no "protocol") gets 4401, on which it reloads itself.
func TestOutdatedConsoleIsToldToReload(t *testing.T) {
	e := newEnv(t, "", nil)
	dial := func() *client {
		c, _, err := e.dial("/agent/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {"agent=ann"}}})
		require.NoError(t, err)
		return c
	}
	old := dial()
	old.send(frame{"type": "auth", "csrf": "csrf-ann", "protocol": wire.AgentProtocol - 1})
	f := old.expectRaw("error")
	assert.Equal(t, wire.ErrOutdated, f["code"])
	assert.Equal(t, "This console was updated. Reload to continue.", f["message"])
	assert.Equal(t, chat.StatusOutdated, old.closed())

	older := dial()
	older.send(frame{"type": "auth", "csrf": "csrf-ann"})
	assert.Equal(t, chat.StatusAuthFailed, older.closed())

	now := dial()
	now.send(frame{"type": "auth", "csrf": "csrf-ann", "protocol": wire.AgentProtocol})
	assert.EqualValues(t, wire.AgentProtocol, now.expectRaw("hello")["protocol"])
}
