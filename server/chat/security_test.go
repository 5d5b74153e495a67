package chat_test

import (
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

// TestAgentSocketClosesWhenTheSessionEnds: signed out (or expired) in
// another tab, an open console is closed with 4401 at the next check.
func TestAgentSocketClosesWhenTheSessionEnds(t *testing.T) {
	e := newEnv(t, "", nil)
	e.ping = 100 * time.Millisecond
	e.restart()
	ann, bob := e.agent("ann"), e.agent("bob")
	e.revoked.Store("ann", true)
	assert.Equal(t, chat.StatusAuthFailed, ann.closed())
	bob.quiet(300 * time.Millisecond) // bob's session is still good: pings keep it open
}

// TestAgentFrameLimits: the console's channel has a frame size cap and
// its own rate limit (wire.AgentRateBurst), which a flood still breaks.
func TestAgentFrameLimits(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	ann.send(frame{"type": "typing", "conversation": strings.Repeat("x", chat.MaxFrameBytes)})
	assert.Equal(t, websocket.StatusMessageTooBig, ann.closed())

	ann = e.agent("ann")
	for range 3 * wire.AgentRateBurst {
		b := []byte(`{"type":"end","conversation":"nope"}`)
		if ann.ws.Write(t.Context(), websocket.MessageText, b) != nil {
			break
		}
	}
	assert.Equal(t, websocket.StatusPolicyViolation, ann.closed())
}

// TestAStartWithAnotherVisitorsCIDGetsANewConversation: the start cid is
// not a key to someone else's chat; only the same visitor id and cid
// (the first reply was lost) return the same conversation.
func TestAStartWithAnotherVisitorsCIDGetsANewConversation(t *testing.T) {
	e := newEnv(t, "", nil)
	alice := e.visitor()
	alice.send(frame{"type": "start", "cid": "shared", "visitor": frame{"id": "alice"}})
	aliceConv := alice.expect("started")["conversation"]
	alice.send(frame{"type": "send", "cid": "a1", "text": "my address is secret"})
	alice.expect("ack")

	mallory := e.visitor()
	mallory.send(frame{"type": "start", "cid": "shared", "visitor": frame{"id": "mallory"}})
	f := mallory.expect("started")
	assert.NotEqual(t, aliceConv, f["conversation"])
	mallory.send(frame{"type": "resume", "conversation": f["conversation"], "token": f["token"], "after": 0})
	assert.Empty(t, mallory.expect("resumed")["messages"])
}

// TestTokensAreLongAndRandom: conversation tokens carry 256 random bits
// (43 base64url characters) and never repeat.
func TestTokensAreLongAndRandom(t *testing.T) {
	e := newEnv(t, "", nil)
	seen := map[string]bool{}
	for i := range 20 {
		_, token := e.visitor().start("v"+strings.Repeat("x", i), nil)
		assert.Regexp(t, `^[A-Za-z0-9_-]{43}$`, token)
		assert.False(t, seen[token], "token repeated")
		seen[token] = true
	}
}

// TestAnotherWidgetsConversationIsNotFound: a token is good only on the
// widget whose channel started the conversation.
func TestAnotherWidgetsConversationIsNotFound(t *testing.T) {
	e := newEnv(t, "", map[string]chat.Widget{"w1": {}, "w2": {}})
	conv, token := e.visitor().start("v", nil)
	c, _, err := e.dial("/api/v1/widgets/w2/chat", &websocket.DialOptions{
		Subprotocols: []string{chat.Subprotocol}, HTTPHeader: http.Header{}})
	require.NoError(t, err)
	c.send(frame{"type": "resume", "conversation": conv, "token": token})
	assert.Equal(t, "not_found", c.expect("error")["code"])
	assert.Equal(t, chat.StatusAuthFailed, c.closed())
}

// TestAgentSocketWithoutAuthFrameCloses4401: a console that sends nothing
// is closed with 4401 once the auth frame is late.
func TestAgentSocketWithoutAuthFrameCloses4401(t *testing.T) {
	e := newEnv(t, "", nil)
	e.authTimeout = 100 * time.Millisecond
	e.restart()
	c, _, err := e.dial("/agent/ws", &websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {"agent=ann"}}})
	require.NoError(t, err)
	assert.Equal(t, chat.StatusAuthFailed, c.closed())
}
