package store

import (
	"context"
	"fmt"
	"time"
)

// Abandoned is the state of a conversation that waited in the queue
// after its visitor had gone (no connection for the hub's AbandonAfter):
// out of the queue, kept for history. Its Ended is when it was
// abandoned; no message can be added to it.
const Abandoned = "abandoned"

// Abandon takes a queued conversation out of the queue as abandoned. It
// returns ErrConflict when the conversation is no longer queued. The
// conversation enters the history in the same transaction.
func (s *Store) Abandon(ctx context.Context, id string, now time.Time) (Conversation, error) {
	return s.endAndIndex(ctx, id, `UPDATE conversations SET state = 'abandoned', ended = ?
		WHERE id = ? AND state = 'queued'`, now.UnixMilli(), id)
}

// over reports whether a conversation in state takes no more messages.
func over(state string) bool { return state == Ended || state == Abandoned }

// Started returns the conversation visitorID began with startCID on
// appID; ErrNotFound when there is none.
func (s *Store) Started(ctx context.Context, appID, visitorID, startCID string) (Conversation, error) {
	return scanConversation(s.queryRow(ctx, nil, qStarted, appID, visitorID, startCID))
}

// MessageCount is the number of messages of a conversation.
func (s *Store) MessageCount(ctx context.Context, conversation string) (int, error) {
	var n int
	err := s.queryRow(ctx, nil, qCount, conversation).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return n, nil
}

// MessageByCID returns the message a client stored with cid in a
// conversation; ErrNotFound when there is none.
func (s *Store) MessageByCID(ctx context.Context, conversation, cid string) (Message, error) {
	return scanMessage(s.queryRow(ctx, nil, qMessageByCID, conversation, cid))
}
