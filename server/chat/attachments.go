package chat

import (
	"context"
	"errors"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// ErrTooManyMessages is PostAttachment's answer when the conversation
// holds MessagesPerChat messages already.
var ErrTooManyMessages = errors.New("chat: the conversation holds as many messages as it may")

// PostAttachment makes attachment a, stored for its conversation, a
// message of that conversation from a.Sender: the visitor, or the agent
// user (their display name is the message's). The message's text is the
// file's name, its Attachment the reference; it takes the next seq and
// is relayed like any message, to the visitor's connections, the agent's
// consoles and the supervisors who watch, here and on the other
// instances, and resume replays it. Errors: store.ErrConflict once the
// conversation is over, ErrTooManyMessages, or a store error.
func (h *Hub) PostAttachment(ctx context.Context, a store.Attachment, user string) (store.Message, error) {
	conv, err := h.o.Store.Get(ctx, a.Conversation)
	if err != nil {
		return store.Message{}, err
	}
	if n, err := h.o.Store.MessageCount(ctx, conv.ID); err == nil && n >= h.o.MessagesPerChat {
		return store.Message{}, ErrTooManyMessages
	}
	name := parseContext(conv.Context).visitorName()
	if a.Sender == wire.FromAgent {
		name = h.o.AgentName(user)
	}
	m, _, err := h.o.Store.AddMessage(ctx, store.Message{Conversation: conv.ID, CID: "attachment-" + a.ID,
		From: a.Sender, Name: name, Text: a.Name, At: h.o.Now(),
		Attachment: store.AttachmentRef{ID: a.ID, Type: a.Type, Size: a.Size}})
	if err != nil {
		return store.Message{}, err
	}
	h.o.Observer.MessageStored(a.Sender)
	h.toVisitorsMessage(m, nil)
	h.toAgentAndWatchers(conv.Agent, conv.ID, messageFrame(m, true), nil)
	if conv.State == store.Queued {
		h.queueChanged()
	}
	h.publishStored(m, conv.Agent)
	return m, nil
}
