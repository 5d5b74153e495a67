package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// purgeBatch is how many conversations one transaction of Purge deletes,
// so that visitors' writes wait for at most one short transaction.
const purgeBatch = 500

// Purge deletes the conversations that are over (ended, or abandoned by
// a visitor who left the queue) since before cut, with their messages,
// and the agent sessions expired by then. Active and queued
// conversations are never deleted, however old. It returns how many
// conversations went.
func (s *Store) Purge(ctx context.Context, cut time.Time) (int, error) {
	total := 0
	for {
		n, err := s.purgeBatch(ctx, cut.UnixMilli())
		total += n
		if err != nil {
			return total, fmt.Errorf("store: purge: %w", err)
		}
		if n < purgeBatch {
			break
		}
	}
	if _, err := s.exec(ctx, nil, `DELETE FROM sessions WHERE expires <= ?`, cut.UnixMilli()); err != nil {
		return total, fmt.Errorf("store: purge: %w", err)
	}
	return total, nil
}

// purgeBatch deletes up to purgeBatch conversations over before cut.
func (s *Store) purgeBatch(ctx context.Context, cut int64) (n int, err error) {
	// 'abandoned' is the state of a queued conversation whose visitor left.
	const over = `SELECT id FROM conversations
		WHERE state IN ('ended', 'abandoned') AND ended < ? LIMIT ?`
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// What refers to the conversations goes first (foreign keys are on):
		// messages, ratings and attachments.
		for _, table := range []string{"messages", "conversation_ratings", "attachments"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE conversation IN (`+over+`)`,
				cut, purgeBatch); err != nil {
				return classify(err)
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM conversations WHERE id IN (`+over+`)`, cut, purgeBatch)
		if err != nil {
			return classify(err)
		}
		deleted, _ := res.RowsAffected()
		n = int(deleted)
		return nil
	})
	return n, err
}

// Retention deletes old conversations in the background; see
// [Store.Purge].
type Retention struct {
	// Keep is how long a conversation is kept after it is over (> 0).
	Keep time.Duration
	// Every is the time between two purges; the first runs at once.
	Every time.Duration
	// Now is the clock.
	Now func() time.Time
	// Report, when set, is told the result of each purge.
	Report func(deleted int, err error)
}

// RunRetention purges at once and then every r.Every until ctx is done.
func (s *Store) RunRetention(ctx context.Context, r Retention) error {
	if r.Keep <= 0 || r.Every <= 0 || r.Now == nil {
		return fmt.Errorf("store: retention needs Keep, Every and Now")
	}
	tick := time.NewTicker(r.Every)
	defer tick.Stop()
	for {
		n, err := s.Purge(ctx, r.Now().Add(-r.Keep))
		if r.Report != nil && ctx.Err() == nil {
			r.Report(n, err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
