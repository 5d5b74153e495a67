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
	name := parseContext(conv.Context).visitorName()
	if a.Sender == wire.FromAgent {
		name = h.o.AgentName(user)
	}
	// The limit is checked in the message's own commit, under the
	// conversation's row lock on PostgreSQL, as for a typed message, so
	// that two instances cannot both pass it.
	added, err := h.o.Store.AddMessageTo(ctx, store.Message{Conversation: conv.ID, CID: "attachment-" + a.ID,
		From: a.Sender, Name: name, Text: a.Name, At: h.o.Now(),
		Attachment: store.AttachmentRef{ID: a.ID, Type: a.Type, Size: a.Size}}, h.o.MessagesPerChat)
	if errors.Is(err, store.ErrMessageLimit) {
		return store.Message{}, ErrTooManyMessages
	}
	if err != nil {
		return store.Message{}, err
	}
	m := added.Message
	h.o.Observer.MessageStored(a.Sender)
	h.toVisitorsMessage(m, nil)
	h.toAgentAndWatchers(added.Agent, conv.ID, messageFrame(m, true), nil)
	if added.State == store.Queued {
		h.queueChanged()
	}
	h.publishStored(m, added.Agent)
	return m, nil
}
