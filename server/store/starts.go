package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const (
	qCountStart = `INSERT INTO start_counts (addr, minute, n) VALUES (?, ?, 1)
ON CONFLICT (addr, minute) DO UPDATE SET n = start_counts.n + 1 RETURNING n`
	qStartsIn    = `SELECT n FROM start_counts WHERE addr = ? AND minute = ?`
	qPruneStarts = `DELETE FROM start_counts WHERE minute < ?`
)

// CountStart counts one chat started from addr in the UTC minute of at,
// for every instance sharing the store, and returns how many this minute
// has had (this one included) and how many the minute before had: the
// two windows of a sliding-window limit (chat's starts per minute).
func (s *Store) CountStart(ctx context.Context, addr string, at time.Time) (this, prev int, err error) {
	minute := at.UnixMilli() / time.Minute.Milliseconds()
	if err := s.db.QueryRowContext(ctx, qCountStart, addr, minute).Scan(&this); err != nil {
		return 0, 0, fmt.Errorf("store: count start: %w", classify(err))
	}
	err = s.db.QueryRowContext(ctx, qStartsIn, addr, minute-1).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fmt.Errorf("store: count start: %w", classify(err))
	}
	return this, prev, nil
}

// PruneStarts forgets the start counts of minutes before the one before
// now's.
func (s *Store) PruneStarts(ctx context.Context, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, qPruneStarts, now.UnixMilli()/time.Minute.Milliseconds()-1); err != nil {
		return fmt.Errorf("store: prune starts: %w", classify(err))
	}
	return nil
}
