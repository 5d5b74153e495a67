package store

import (
	"context"
	"fmt"
)

// CountByState returns how many conversations the store holds in each
// state (Queued, Active, Ended, "abandoned"); a state with none is
// absent. Portable SQL: the metrics scrape calls it on either engine.
func (s *Store) CountByState(ctx context.Context) (map[string]int, error) {
	rows, err := s.query(ctx, `SELECT state, COUNT(*) FROM conversations GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out[state] = n
	}
	return out, rows.Err()
}
