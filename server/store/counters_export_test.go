package store

import "context"

// Spans is spans, for the tests.
var Spans = spans

// RebuildTrend empties the trend and builds it again from the counters,
// as Open does for a store made before the trend existed.
func RebuildTrend(s *Store) error {
	if _, err := s.db.Exec(`DELETE FROM funnel_trend`); err != nil {
		return err
	}
	return s.fillTrend(context.Background())
}
