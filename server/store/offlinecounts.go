package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The table offline_counts (migrations/{sqlite,postgres}/00014_offline_counts.sql)
// counts the offline messages left per widget, client address and UTC
// hour, so that instances sharing a PostgreSQL store hold one
// per-address limit (the server's -offline-per-hour).
const (
	qCountOffline = `INSERT INTO offline_counts (app_id, addr, hour, n) VALUES (?, ?, ?, 1)
ON CONFLICT (app_id, addr, hour) DO UPDATE SET n = offline_counts.n + 1 RETURNING n`
	qCountOfflineKnown = `UPDATE offline_counts SET n = n + 1 WHERE app_id = ? AND addr = ? AND hour = ? RETURNING n`
	qPruneOffline      = `DELETE FROM offline_counts WHERE hour < ?`
)

// offlineHour is the UTC hour of at, as offline_counts numbers it.
func offlineHour(at time.Time) int64 { return at.UnixMilli() / time.Hour.Milliseconds() }

// CountOffline counts one offline message left on appID from addr in
// the UTC hour of at, for every instance sharing the store, in one
// statement, and returns how many that hour has had (this one
// included). A row is made for a new (appID, addr, hour): n == 1.
func (s *Store) CountOffline(ctx context.Context, appID, addr string, at time.Time) (n int, err error) {
	if err := s.db.QueryRowContext(ctx, qCountOffline, appID, addr, offlineHour(at)).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count offline message: %w", classify(err))
	}
	return n, nil
}

// CountOfflineKnown is CountOffline for an (appID, addr, hour) that has
// a row already: it makes none, and returns 0 when there is none (what
// a caller that bounds the rows it makes does past its bound).
func (s *Store) CountOfflineKnown(ctx context.Context, appID, addr string, at time.Time) (n int, err error) {
	err = s.db.QueryRowContext(ctx, qCountOfflineKnown, appID, addr, offlineHour(at)).Scan(&n)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("store: count offline message: %w", classify(err))
	}
	return n, nil
}

// PruneOfflineCounts forgets the offline counts of the hours before
// now's.
func (s *Store) PruneOfflineCounts(ctx context.Context, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, qPruneOffline, offlineHour(now)); err != nil {
		return fmt.Errorf("store: prune offline counts: %w", classify(err))
	}
	return nil
}
