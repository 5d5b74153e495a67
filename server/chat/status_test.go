package chat_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/chat"
)

// roster reads frames until an agents frame in which ok holds.
func (c *client) roster(ok func(map[string]frame) bool) map[string]frame {
	c.t.Helper()
	for {
		f, err := c.next(5 * time.Second)
		require.NoError(c.t, err, "waiting for the roster")
		if f["type"] != wire.Agents {
			continue
		}
		by := map[string]frame{}
		for _, a := range f["agents"].([]any) {
			a := frame(a.(map[string]any))
			by[a["user"].(string)] = a
		}
		if ok(by) {
			return by
		}
	}
}

func (e *env) available() bool {
	e.t.Helper()
	resp, err := http.Get(e.srv.URL + "/api/v1/widgets/w1/availability")
	require.NoError(e.t, err)
	defer resp.Body.Close()
	var a struct{ IsAgentAvailable bool }
	require.NoError(e.t, json.NewDecoder(resp.Body).Decode(&a))
	return a.IsAgentAvailable
}

// TestAgentStatusCountsAndPersists: an agent who goes away is shown so to
// the others and stops counting as available; the choice survives a
// reconnect and a restart; an agent with no console open is offline.
func TestAgentStatusCountsAndPersists(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	assert.True(t, e.available())
	bob := e.agent("bob")
	ann.send(frame{"type": wire.Status, "status": wire.StatusAway})
	bob.roster(func(r map[string]frame) bool {
		return r["ann"]["status"] == wire.StatusAway && r["bob"]["status"] == wire.StatusAvailable
	})
	bob.send(frame{"type": wire.Status, "status": wire.StatusAway})
	ann.roster(func(r map[string]frame) bool { return r["bob"]["status"] == wire.StatusAway })
	assert.False(t, e.available(), "nobody available: both away")

	bob.send(frame{"type": wire.Status, "status": "busy"})
	assert.Equal(t, wire.ErrBadRequest, bob.expect("error")["code"])

	bob.ws.CloseNow()
	ann.roster(func(r map[string]frame) bool { return r["bob"]["status"] == wire.StatusOffline })

	e.restart()
	ann = e.agent("ann")
	ann.roster(func(r map[string]frame) bool { return r["ann"]["status"] == wire.StatusAway })
	assert.False(t, e.available(), "ann is still away after the restart")
	ann.send(frame{"type": wire.Status, "status": wire.StatusAvailable})
	ann.roster(func(r map[string]frame) bool { return r["ann"]["status"] == wire.StatusAvailable })
	assert.True(t, e.available())
}

// TestAgentChatLimit: at MaxChatsPerAgent active chats an accept is
// refused with "at_limit" and the chat stays queued; ending one makes
// room again; the roster counts each agent's chats.
func TestAgentChatLimit(t *testing.T) {
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) { o.MaxChatsPerAgent = 2 }
	e.restart()
	ann := e.agent("ann")
	var convs []string
	for _, id := range []string{"v1", "v2", "v3"} {
		conv, _ := e.visitor().start(id, nil)
		convs = append(convs, conv)
	}
	for _, conv := range convs[:2] {
		ann.send(frame{"type": "accept", "conversation": conv})
		ann.expect("conversation", "agents")
	}
	ann.roster(func(r map[string]frame) bool { return r["ann"]["chats"] == float64(2) })
	ann.send(frame{"type": "accept", "conversation": convs[2]})
	f := ann.expect("error", "agents")
	assert.Equal(t, wire.ErrAtLimit, f["code"])
	assert.Equal(t, convs[2], f["conversation"])

	ann.send(frame{"type": "end", "conversation": convs[0]})
	ann.expect("ended")
	ann.send(frame{"type": "accept", "conversation": convs[2]})
	assert.Equal(t, convs[2], ann.expect("conversation", "agents")["conversation"])
}

// TestQueueShowsWhatTheVisitorWrote: a message typed while waiting
// reaches the agents' queue item before anyone accepts.
func TestQueueShowsWhatTheVisitorWrote(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 && items[0]["preview"] == "" })
	v.send(frame{"type": "send", "cid": "v1", "text": "Do you ship to Norway?"})
	v.expect("ack")
	v.send(frame{"type": "send", "cid": "v2", "text": strings.Repeat("é", 300)})
	v.expect("ack")
	ann.waitQueue(func(items []frame) bool {
		return len(items) == 1 && items[0]["conversation"] == conv && items[0]["preview"] == strings.Repeat("é", 200)
	})
}
