package chat

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// TypingInterval is the least time between two typing frames the visitor
// sends while they type: one frame per 3 s, however fast the keys go.
const TypingInterval = 3 * instant.Second

// TypingShown is how long the agent shows as typing after their last
// typing frame (the agent console sends one every 2 s while its agent
// types), unless their message comes first.
const TypingShown = 5 * instant.Second

// TypingView is an optional part of a View: one that shows the agent
// typing.
type TypingView interface {
	// AgentTyping shows the agent typing, or stops showing it.
	AgentTyping(on bool)
}

// Typing is the visitor typing: a typing frame goes to the agent, at most
// one per TypingInterval, while an agent is in the chat and the connection
// is in sync (a frame missed offline is not worth sending later).
func (c *Client) Typing() {
	now := c.d.Clock.Now()
	if c.phase != Active || !c.ready || (!c.typedAt.IsZero() && now.Sub(c.typedAt) < TypingInterval) {
		return
	}
	c.typedAt = now
	c.send(map[string]any{"type": wire.Typing})
}

// agentTyping is a typing frame from the service.
func (c *Client) agentTyping() {
	if c.phase != Active {
		return
	}
	if c.typingUntil.IsZero() {
		c.showTyping(true)
	}
	c.typingUntil = c.d.Clock.Now().Add(TypingShown)
	c.arm()
}

// stopTyping stops showing the agent typing.
func (c *Client) stopTyping() {
	if c.typingUntil.IsZero() {
		return
	}
	c.typingUntil = 0
	c.showTyping(false)
}

func (c *Client) showTyping(on bool) {
	if v, ok := c.d.View.(TypingView); ok {
		v.AgentTyping(on)
	}
}
