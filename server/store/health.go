package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUnwritable is returned (wrapped) for a write the database refused
// because its disk is full, it is read-only, or an I/O error occurred;
// the caller can tell the user the service is unavailable rather than
// that it failed.
var ErrUnwritable = errors.New("store: the database cannot be written (disk full, read-only or I/O error)")

// ErrCorrupt is returned (wrapped) by [Open] and [Store.Check] for a
// database that fails SQLite's integrity check or is not a database.
var ErrCorrupt = errors.New("store: the database is damaged")

// MinFreeBytes is the space [Store.Ready] wants left for the database:
// free pages of the file plus free space of its file system (and at most
// what SQLite's max_page_count still allows).
const MinFreeBytes = 16 << 20

// classify wraps err with ErrUnwritable or ErrCorrupt when SQLite's code
// says so.
func classify(err error) error {
	var e *sqlite.Error
	if errors.Is(err, ErrUnwritable) || errors.Is(err, ErrCorrupt) {
		return err
	}
	if !errors.As(err, &e) {
		return classifyPostgres(err)
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		return fmt.Errorf("%w: %w", ErrUnwritable, err)
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return err
}

// Check runs SQLite's PRAGMA quick_check (every page and index entry
// well-formed; not the contents of every index) and returns an error
// wrapping ErrCorrupt naming the first problem. It reads on a connection
// of its own (in WAL mode it does not hold up writes).
//
// On PostgreSQL the server keeps its own pages' integrity (checksums,
// WAL); Check then only asks it to answer.
func (s *Store) Check(ctx context.Context) error {
	if s.d.postgres {
		var one int
		if err := s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
			return fmt.Errorf("store: check: %w", classify(err))
		}
		return nil
	}
	db := s.checkDB
	if db == nil {
		db = s.db
	}
	return quickCheck(ctx, db)
}

func quickCheck(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `PRAGMA quick_check(5)`)
	if err != nil {
		return fmt.Errorf("store: quick_check: %w", classify(err))
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("store: quick_check: %w", classify(err))
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: quick_check: %w", classify(err))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: quick_check: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// Ready reports whether the store can take writes now: a small write is
// committed (it fails on a read-only or failing disk), and at least
// MinFreeBytes must be left for the database to grow (a full disk fails
// only the writes that need a new page, which this one may not).
func (s *Store) Ready(ctx context.Context, now time.Time) error {
	if _, err := s.exec(ctx, nil, `INSERT INTO health (id, at) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET at = excluded.at`, now.UnixMilli()); err != nil {
		return fmt.Errorf("store: test write: %w", err)
	}
	if s.d.postgres {
		return nil // the server's disk is the server's to watch
	}
	free, err := s.free(ctx)
	if err != nil {
		return err
	}
	if free < MinFreeBytes {
		return fmt.Errorf("%w: %d bytes left for the database, want %d", ErrUnwritable, free, MinFreeBytes)
	}
	return nil
}

// free returns the bytes the database can still grow by.
func (s *Store) free(ctx context.Context) (int64, error) {
	var pageSize, pages, maxPages, freePages int64
	for _, p := range []struct {
		pragma string
		v      *int64
	}{{"page_size", &pageSize}, {"page_count", &pages}, {"max_page_count", &maxPages}, {"freelist_count", &freePages}} {
		if err := s.db.QueryRowContext(ctx, `PRAGMA `+p.pragma).Scan(p.v); err != nil {
			return 0, fmt.Errorf("store: %s: %w", p.pragma, classify(err))
		}
	}
	free := (maxPages - pages + freePages) * pageSize
	if s.dir != "" {
		if avail, ok := diskFree(s.dir); ok {
			free = min(free, avail+freePages*pageSize)
		}
	}
	return free, nil
}

// StopGrowing stops the database from growing past its current size, as a
// full disk would: every write that needs a new page then fails with an
// error wrapping [ErrUnwritable]. It is for tests and drills of what a full
// disk does (the store's connection keeps the limit until it is closed).
func (s *Store) StopGrowing() error {
	if s.d.postgres {
		return errors.New("store: StopGrowing is SQLite's (PostgreSQL's disk is the server's)")
	}
	_, err := s.db.ExecContext(context.Background(), `PRAGMA max_page_count = 1`) // clamped to the current size
	return err
}
