package store

// LimitPages stops the database from growing past its current size (as
// a full disk would), for tests of what a full disk does.
func LimitPages(s *Store) error { return s.StopGrowing() }

// LowerOfflineCap sets the per-widget cap of offline messages to n until
// the test ends.
func LowerOfflineCap(t interface{ Cleanup(func()) }, n int) {
	maxOffline = n
	t.Cleanup(func() { maxOffline = MaxOfflineMessages })
}
