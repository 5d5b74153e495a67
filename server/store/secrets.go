package store

import (
	"context"
	"fmt"
)

// Secret returns the secret called name, made (by [NewToken]) and kept
// the first time one instance asks for it: every instance sharing the
// store gets the same value, and it outlives restarts.
func (s *Store) Secret(ctx context.Context, name string) (string, error) {
	if _, err := s.exec(ctx, nil, `INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
		name, NewToken()); err != nil {
		return "", fmt.Errorf("store: secret: %w", err)
	}
	var v string
	if err := s.queryRow(ctx, nil, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&v); err != nil {
		return "", fmt.Errorf("store: secret: %w", classify(err))
	}
	return v, nil
}
