package chat

import "github.com/lcwasm/lcwasm/internal/events"

// lcw:onMessageReceived carries two shapes in one detail: lcwasm's
// {seq, from, name, text, at} and Microsoft's {messageType, channelData:
// {tags}}, so that pages written for either work. An agent's message is
// messageType "user" with the tag "public"; what the service tells about
// the conversation is messageType "system" (from "system", seq 0, text
// "") with the tag "system" and one of Microsoft's tags below. lcwasm
// produces these system messages: the agent accepted the chat, a queue
// position (with position), the agent ended the conversation (before
// lcw:threadUpdate). A reloaded page that resumes a chat does not repeat
// the ones its previous page fired.
const (
	TagPublic               = "public"
	TagSystem               = "system"
	TagAgentAccepted        = "agentaccepted"
	TagQueuePosition        = "queueposition"
	TagAgentEndConversation = "agentendconversation"
)

// queuePosition tells the visitor's place in the queue as a system
// message when it changed.
func (c *Client) queuePosition(position int) {
	if position == c.position {
		return
	}
	c.position = position
	c.system(TagQueuePosition, map[string]any{"position": position})
}

// system fires lcw:onMessageReceived for a system message tagged tag,
// with extra fields (nil for none).
func (c *Client) system(tag string, extra map[string]any) {
	d := map[string]any{
		"seq": 0, "from": "system", "name": "", "text": "", "at": float64(c.d.Clock.Now().UnixMilli()),
		"messageType": "system", "channelData": map[string]any{"tags": []any{TagSystem, tag}},
	}
	for k, v := range extra {
		d[k] = v
	}
	c.d.Events.Emit(events.MessageReceived, d)
}
