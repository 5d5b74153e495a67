package chat

import (
	"github.com/lcwasm/lcwasm/internal/events"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// Received is the owner reporting a frame from the service, as the
// browser's JSON.parse gave it. A frame that does not decode is logged and
// ignored.
func (c *Client) Received(tree any) {
	f, err := Decode(tree)
	if err != nil {
		c.d.Log.Warn("lcwasm: " + err.Error() + "; frame ignored")
		return
	}
	if !c.sock {
		return
	}
	switch f.Type {
	case wire.Started:
		c.started(f)
	case wire.Resumed:
		c.resumed(f)
	case wire.Ack:
		c.delivered(f.CID, f.Seq, f.At)
	case wire.Message:
		c.message(f)
	case wire.Queue:
		if c.phase == Queued {
			c.d.View.Queue(f.Position, instant.Duration(f.AverageWait)*instant.Millisecond)
			c.queuePosition(f.Position)
		}
	case wire.AgentJoined:
		c.joined(f.Name)
	case wire.Ended:
		c.ended(f.By)
	case wire.Error:
		c.refused(f)
	case wire.Typing:
		c.agentTyping()
	}
}

func (c *Client) started(f Frame) {
	if c.conv != "" || c.start == nil || f.CID != c.start["cid"] {
		return // a repeat
	}
	c.conv, c.token, c.start = f.Conversation, f.Token, nil
	c.save()
	if c.ending {
		c.synced()
		return
	}
	c.state(f)
	if c.retrieve { // a start stored by a previous page
		c.retrieve = false
		c.d.Events.Emit(events.ChatRetrieved, map[string]any{"state": f.State, "messages": len(c.msgs), "missed": 0})
	}
	c.synced()
}

func (c *Client) resumed(f Frame) {
	if f.Conversation != c.conv {
		return
	}
	if c.ending { // closed meanwhile: only the end frame is left to send
		c.synced()
		return
	}
	for _, m := range f.Messages {
		c.message(m)
	}
	c.state(f)
	if c.phase == Ended {
		return
	}
	if c.retrieve {
		c.retrieve = false
		c.unrestored()
		c.d.Events.Emit(events.ChatRetrieved, map[string]any{"state": f.State, "messages": len(c.msgs), "missed": c.missed()})
	}
	c.synced()
}

// state applies the conversation state a started or resumed frame
// reports.
func (c *Client) state(f Frame) {
	switch f.State {
	case wire.StateQueued:
		if c.phase != Queued && !c.retrieve {
			c.d.Events.Emit(events.ChatQueued, map[string]any{"position": f.Position})
		}
		c.phase = Queued
		if f.Position > 0 {
			c.d.View.Queue(f.Position, 0)
			if !c.retrieve {
				c.queuePosition(f.Position)
			}
		}
	case wire.StateActive:
		if c.phase != Active {
			c.joined(f.AgentName) // joined while this page was away
		}
	case wire.StateEnded:
		c.ended(f.EndedBy)
	}
}

func (c *Client) joined(name string) {
	if c.phase == Ended {
		return
	}
	c.phase = Active
	c.d.View.AgentJoined(name)
	if !c.retrieve { // a reloaded page told its own
		c.system(TagAgentAccepted, map[string]any{"name": name})
	}
}

// ended is the service saying the conversation is over.
func (c *Client) ended(by string) {
	switch {
	case c.ending:
		c.ending = false
		c.failPending()
		c.hangUp()
	case c.phase == Ended:
	case by == wire.FromVisitor: // closed in another tab, which fired lcw:closeChat
		c.closeTold = true
		c.finish("visitor")
	default:
		c.finish("agent")
		c.system(TagAgentEndConversation, nil)
		c.d.Events.Emit(events.ThreadUpdate, map[string]any{"by": "agent"})
	}
	c.arm()
}

// missed counts the agent messages a restored chat received while no page
// showed it.
func (c *Client) missed() int {
	n := 0
	for _, m := range c.msgs {
		if m.From == wire.FromAgent && m.Seq > c.seenBefore {
			n++
		}
	}
	return n
}
