package chat_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// TestTypingIsRelayedBothWays: once an agent has the conversation, the
// visitor's typing frames reach that agent and the agent's reach the
// visitor (the widget shows "typing"); another agent's do not.
func TestTypingIsRelayedBothWays(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	bob := e.agent("bob")
	v := e.visitor()
	conv, _ := v.start("alice", shopContext)
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	v.expect(wire.AgentJoined)

	v.send(frame{"type": wire.Typing})
	assert.Equal(t, frame{"type": wire.Typing, "conversation": conv}, ann.expect(wire.Typing))

	ann.send(frame{"type": wire.Typing, "conversation": conv})
	assert.Equal(t, frame{"type": wire.Typing}, v.expect(wire.Typing))

	bob.send(frame{"type": wire.Typing, "conversation": conv})
	v.quiet(300 * time.Millisecond)
}
