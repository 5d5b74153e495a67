package store

import "context"

// Spans is spans, for the tests.
var Spans = spans

// RebuildTrend empties the trend and builds it again from the counters,
// as migration 4 does for a store made before the trend existed.
func RebuildTrend(s *Store) error {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM funnel_trend`); err != nil {
		return err
	}
	if err := migrateTrend(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
