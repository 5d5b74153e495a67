package store

import "context"

// LimitPages stops the database from growing past its current size (as
// a full disk would), for tests of what a full disk does.
func LimitPages(s *Store) error {
	_, err := s.db.ExecContext(context.Background(), `PRAGMA max_page_count = 1`) // clamped to the current size
	return err
}
