//go:build !linux && !darwin && !freebsd

package store

// diskFree is unknown on this system: only SQLite's own limits count.
func diskFree(string) (int64, bool) { return 0, false }
