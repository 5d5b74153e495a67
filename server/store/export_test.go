package store

// LimitPages stops the database from growing past its current size (as
// a full disk would), for tests of what a full disk does.
func LimitPages(s *Store) error { return s.StopGrowing() }
