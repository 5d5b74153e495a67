package chat

import (
	"context"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// surveyFrame is wire.Survey: a post-chat survey for the agent.
type surveyFrame struct {
	Type         string         `json:"type"`
	Conversation string         `json:"conversation"`
	Rating       int            `json:"rating"`
	Comment      string         `json:"comment"`
	Answers      []store.Answer `json:"answers"`
	At           int64          `json:"at"`
}

// Surveyed tells the agent of conversation conv, on every instance, and
// the supervisors watching it, that its visitor answered the post-chat
// survey (stored with store.Rate): each is sent a survey frame.
func (h *Hub) Surveyed(ctx context.Context, conv string) {
	h.sendSurvey(ctx, conv)
	h.publish(Event{Kind: EventSurvey, Conversation: conv})
}

// sendSurvey sends conv's survey, read from the store, to the consoles
// here of its agent and watchers.
func (h *Hub) sendSurvey(ctx context.Context, conv string) {
	c, err := h.o.Store.Get(ctx, conv)
	if err != nil {
		return
	}
	r, ok, err := h.o.Store.RatingOf(ctx, conv)
	if err != nil || !ok {
		return
	}
	answers := r.Answers
	if answers == nil {
		answers = []store.Answer{}
	}
	h.toAgentAndWatchers(c.Agent, conv, surveyFrame{Type: wire.Survey, Conversation: conv, Rating: r.Rating,
		Comment: r.Comment, Answers: answers, At: r.At.UnixMilli()}, nil)
}
