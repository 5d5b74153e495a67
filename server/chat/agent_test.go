package chat_test

import (
	"encoding/json"
	"fmt"
	"io"
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

var shopContext = frame{
	"proactive": true, "source": "rule", "ruleId": "about-to-leave",
	"pageUrl": "https://shop.example/boots?size=44", "referrer": "https://search.example/",
	"timeOnPageMs": 42000, "prechat": frame{"name": "Alice", "email": "alice@example.com"},
	"custom": frame{
		"plan":     frame{"value": "gold", "isDisplayable": true},
		"cartSize": frame{"value": 3, "isDisplayable": true},
		"internal": frame{"value": "hidden", "isDisplayable": false},
		"bare":     "not displayable",
	},
}

func TestAgentNotifiedAcceptsConversesAndEnds(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", shopContext)

	assert.Equal(t, frame{"type": "notify", "conversation": conv}, ann.expectRaw("notify"))
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 })
	item := ann.queue[0]
	assert.Equal(t, conv, item["conversation"])
	assert.Equal(t, "Alice", item["visitorName"])
	assert.Equal(t, true, item["proactive"])
	assert.Equal(t, "about-to-leave", item["ruleId"])
	assert.Equal(t, "https://shop.example/boots?size=44", item["pageUrl"])

	v.send(frame{"type": "send", "cid": "v1", "text": "<b>size 44?</b>"})
	v.expect("ack")

	ann.send(frame{"type": "accept", "conversation": conv})
	c := ann.expect("conversation")
	assert.Equal(t, "active", c["state"])
	assert.Equal(t, "Alice", c["visitorName"])
	d := c["details"].(map[string]any)
	assert.EqualValues(t, 42000, d["timeOnPageMs"])
	assert.Equal(t, "https://shop.example/boots?size=44", d["pageUrl"])
	assert.Equal(t, "https://search.example/", d["referrer"])
	assert.Equal(t, true, d["proactive"])
	assert.Equal(t, "rule", d["source"])
	assert.Equal(t, "about-to-leave", d["ruleId"])
	assert.Equal(t, map[string]any{"plan": "gold", "cartSize": 3.0}, d["displayable"])
	assert.Equal(t, map[string]any{"name": "Alice", "email": "alice@example.com"}, d["prechat"])
	msgs := c["messages"].([]any)
	require.Len(t, msgs, 1)
	assert.Equal(t, "<b>size 44?</b>", msgs[0].(map[string]any)["text"], "text is relayed verbatim, never interpreted")
	assert.Equal(t, frame{"type": "agentJoined", "name": "Ann"}, v.expect("agentJoined"))

	v.send(frame{"type": "send", "cid": "v2", "text": "hello?"})
	v.expect("ack")
	m := ann.expect("message")
	assert.Equal(t, conv, m["conversation"])
	assert.Equal(t, "visitor", m["from"])
	assert.Equal(t, "Alice", m["name"])
	assert.Equal(t, "hello?", m["text"])

	ann.send(frame{"type": "send", "conversation": conv, "cid": "a1", "text": "Yes, we have it."})
	ack := ann.expect("ack")
	assert.Equal(t, conv, ack["conversation"])
	assert.EqualValues(t, 3, ack["seq"])
	ann.send(frame{"type": "send", "conversation": conv, "cid": "a1", "text": "Yes, we have it."})
	assert.EqualValues(t, 3, ann.expect("ack")["seq"], "duplicate")
	vm := v.expect("message")
	assert.Equal(t, "agent", vm["from"])
	assert.Equal(t, "Ann", vm["name"])
	assert.Equal(t, "Yes, we have it.", vm["text"])
	assert.NotContains(t, vm, "conversation")

	ann.send(frame{"type": "end", "conversation": conv})
	assert.Equal(t, frame{"type": "ended", "conversation": conv, "by": "agent"}, ann.expect("ended"))
	assert.Equal(t, frame{"type": "ended", "by": "agent"}, v.expect("ended", "message"))
	all, err := e.store.Messages(t.Context(), conv, 0)
	require.NoError(t, err)
	assert.Len(t, all, 3)
}

// expectRaw is expect without skipping notifications or queues.
func (c *client) expectRaw(typ string) frame {
	c.t.Helper()
	for {
		f, err := c.next(5 * time.Second)
		require.NoError(c.t, err)
		if f["type"] == "agents" || f["type"] == "canned" || f["type"] == wire.OfflineWaiting { // not about chats
			continue
		}
		require.Equal(c.t, typ, f["type"], "%v", f)
		return f
	}
}

func TestAgentsCannotTakeOrTouchAnothersConversation(t *testing.T) {
	e := newEnv(t, "", nil)
	ann, bob := e.agent("ann"), e.agent("bob")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	bob.send(frame{"type": "accept", "conversation": conv})
	assert.Equal(t, "taken", bob.expect("error")["code"], "another agent was first")
	bob.send(frame{"type": "send", "conversation": conv, "cid": "b", "text": "hi"})
	assert.Equal(t, "forbidden", bob.expect("error")["code"])
	bob.send(frame{"type": "end", "conversation": conv})
	assert.Equal(t, "forbidden", bob.expect("error")["code"])
	v.send(frame{"type": "send", "cid": "v", "text": "for ann only"})
	ann.expect("message")
	bob.quiet(300 * time.Millisecond)
}

// TestAcceptingAnEndedChatIsAConflict: a chat the visitor ended while it
// waited is not "taken" (no agent has it): error conflict.
func TestAcceptingAnEndedChatIsAConflict(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	v.send(frame{"type": "end"})
	v.expect("ended")
	ann.send(frame{"type": "accept", "conversation": conv})
	assert.Equal(t, "conflict", ann.expect("error")["code"])
}

func TestAgentReconnectGetsItsConversations(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	ann.ws.CloseNow()
	c, _, err := e.dial("/agent/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {"agent=ann"}}})
	require.NoError(t, err)
	c.send(frame{"type": "auth", "csrf": "csrf-ann", "protocol": wire.AgentProtocol})
	assert.Equal(t, "Ann", c.expectRaw("hello")["name"])
	c.expectRaw("queue") // as last broadcast: the accept may not be in it yet
	assert.Equal(t, conv, c.expect("conversation")["conversation"])
	c.waitQueue(func(items []frame) bool { return len(items) == 0 })
}

func TestAgentSocketNeedsSessionAndCSRF(t *testing.T) {
	e := newEnv(t, "", nil)
	_, resp, err := e.dial("/agent/ws", nil)
	require.Error(t, err)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	c, _, err := e.dial("/agent/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {"agent=ann"}}})
	require.NoError(t, err)
	c.send(frame{"type": "auth", "csrf": "wrong"})
	assert.Equal(t, chat.StatusAuthFailed, c.closed())

	c, _, err = e.dial("/agent/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {"agent=ann"}}})
	require.NoError(t, err)
	c.send(frame{"type": "accept", "conversation": "x"})
	assert.Equal(t, chat.StatusAuthFailed, c.closed())

	_, resp, err = e.dial("/agent/ws", &websocket.DialOptions{HTTPHeader: http.Header{
		"Cookie": {"agent=ann"}, "Origin": {"https://evil.example"}}})
	require.Error(t, err, "cross-site WebSocket hijacking")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

func TestVisitorEndTellsTheAgent(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	v.send(frame{"type": "end"})
	v.expect("ended", "agentJoined")
	assert.Equal(t, frame{"type": "ended", "conversation": conv, "by": "visitor"}, ann.expect("ended"))
}

func TestQueuePositions(t *testing.T) {
	e := newEnv(t, "", nil)
	a, b := e.visitor(), e.visitor()
	convA, _ := a.start("a", nil)
	b.send(frame{"type": "start", "cid": "s", "visitor": frame{"id": "b"}})
	assert.EqualValues(t, 2, b.expect("started")["position"])
	ann := e.agent("ann")
	ann.send(frame{"type": "accept", "conversation": convA})
	for {
		f, err := b.next(5 * time.Second)
		require.NoError(t, err)
		if f["type"] == "queue" && f["position"] == 1.0 {
			break
		}
	}
}

func TestAvailability(t *testing.T) {
	closed := &chat.Hours{Zone: "UTC"} // no windows: never open
	e := newEnv(t, "", map[string]chat.Widget{"w1": {}, "shut": {Hours: closed}})
	get := func(app string) (int, map[string]any) {
		resp, err := http.Get(e.srv.URL + "/api/v1/widgets/" + app + "/availability")
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
		b, _ := io.ReadAll(resp.Body)
		var out map[string]any
		require.NoError(t, json.Unmarshal(b, &out))
		return resp.StatusCode, out
	}
	code, a := get("w1")
	assert.Equal(t, 200, code)
	assert.Equal(t, map[string]any{"isAgentAvailable": false, "isQueueAvailable": true,
		"positionInQueue": 0.0, "averageWaitTime": 0.0, "nextOpen": nil,
		// Microsoft's names: the widget's queue; no hours, never a transition
		"averageWaitTimeMs": 0.0, "queueId": "w1", "StartTimeOfNextOperatingHour": "01-01-0001",
		"EndTimeOfNextOperatingHour": "01-01-0001", "nexttransitiontime": "01-01-0001"}, a)
	e.agent("ann")
	_, a = get("w1")
	assert.Equal(t, true, a["isAgentAvailable"])
	_, a = get("shut")
	assert.Equal(t, false, a["isAgentAvailable"])
	assert.Equal(t, false, a["isQueueAvailable"])
	code, _ = get("nope")
	assert.Equal(t, 404, code)
}

func TestAgentSeesVisitorPresence(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, token := v.start("alice", nil)
	queueWith := func(online bool) {
		t.Helper()
		ann.waitQueue(func(items []frame) bool { return len(items) == 1 && items[0]["visitorOnline"] == online })
	}
	queueWith(true)
	v.ws.CloseNow()
	queueWith(false)

	v = e.visitor()
	v.send(frame{"type": "resume", "conversation": conv, "token": token})
	v.expect("resumed")
	queueWith(true)
	ann.send(frame{"type": "accept", "conversation": conv})
	assert.Equal(t, true, ann.expect("conversation")["visitorOnline"])
	v.ws.CloseNow()
	assert.Equal(t, frame{"type": "presence", "conversation": conv, "visitorOnline": false}, ann.expectRaw2("presence"))
}

// expectRaw2 waits for a frame of type typ, skipping queue updates only.
func (c *client) expectRaw2(typ string) frame {
	c.t.Helper()
	for {
		f, err := c.next(5 * time.Second)
		require.NoError(c.t, err)
		if f["type"] != "queue" && f["type"] != "queueDelta" && f["type"] != "agents" && f["type"] != "canned" {
			require.Equal(c.t, typ, f["type"], "%v", f)
			return f
		}
	}
}

// TestQueueBroadcastsAreCoalesced: a burst of starts costs the agent a few
// queue frames, the last one complete, and a waiting visitor hears only
// of its own place changing.
func TestQueueBroadcastsAreCoalesced(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	first := e.visitor()
	first.start("first", nil)
	assert.EqualValues(t, 1, first.expect("queue")["position"])
	const n = 30
	for i := range n {
		e.visitor().start(fmt.Sprint("v", i), nil)
	}
	ann.waitQueue(func(items []frame) bool { return len(items) == n+1 })
	assert.Less(t, ann.queueFrames, n/2, "queue frames for %d starts", n+1)
	first.quietOf("queue", 300*time.Millisecond)
}

// quietOf asserts that no frame of type typ arrives for a while.
func (c *client) quietOf(typ string, d time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		f, err := c.next(time.Until(deadline))
		if err != nil {
			return
		}
		require.NotEqual(c.t, typ, f["type"], "unexpected frame %v", f)
	}
}

// TestResumedVisitorLearnsItsPlace: a connection that resumes a waiting
// chat is told its place by the next queue broadcast.
func TestResumedVisitorLearnsItsPlace(t *testing.T) {
	e := newEnv(t, "", nil)
	e.visitor().start("first", nil)
	conv, token := e.visitor().start("second", nil)
	tab := e.visitor()
	tab.send(frame{"type": "resume", "conversation": conv, "token": token})
	tab.expect("resumed")
	assert.EqualValues(t, 2, tab.expectRaw("queue")["position"])
}

// TestAgentFrameLimitIsItsOwn: an agent may send a quick run of replies
// (60 at once, three times the visitor's burst) without being closed, and
// a flood beyond the agent's own limit still closes with 1008.
func TestAgentFrameLimitIsItsOwn(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	for i := range 60 {
		ann.send(frame{"type": "send", "conversation": conv, "cid": fmt.Sprint("a", i), "text": "reply"})
	}
	for range 60 {
		ann.expect("ack")
	}
	flood := e.agent("ann")
	for range 3 * wire.AgentRateBurst {
		if flood.ws.Write(t.Context(), websocket.MessageText, []byte(`{"type":"typing","conversation":"x","pad":"`+strings.Repeat("p", 40)+`"}`)) != nil {
			break
		}
	}
	assert.Equal(t, websocket.StatusPolicyViolation, flood.closed())
}
