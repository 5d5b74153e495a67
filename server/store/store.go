package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned for an unknown conversation or session, and for
// a conversation whose token does not match.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a conversation is not in the state a
// change requires (accepting a chat another agent took, sending to an
// ended one).
var ErrConflict = errors.New("store: conversation is not in the required state")

// Store is a chat store backed by one SQLite file or a PostgreSQL
// database. It is safe for concurrent use; on SQLite writes are
// serialised, on PostgreSQL several stores (instances) may share one
// database.
type Store struct {
	db    *sql.DB
	d     *dialect
	stmts stmts
	// qState reads a conversation's state in AddMessage's transaction,
	// locking its row where the engine has several writers.
	qState string
	// checkDB is a read-only connection for Check (nil in memory), dir
	// the directory of the file ("" in memory).
	checkDB *sql.DB
	dir     string
	commits *commits
	url     string // PostgreSQL's URL; "" for SQLite
}

// PostgresURL is the URL of the store's PostgreSQL database, for the
// connections other than the store's (the chat's LISTEN/NOTIFY broker);
// "" for a SQLite store.
func (s *Store) PostgresURL() string { return s.url }

// Open opens (creating when needed) the SQLite database at path. The path
// ":memory:" gives a private in-memory database, lost on Close. A file in
// WAL mode is synced on every commit (synchronous=FULL): a write that
// returned survives a power loss, not only a crash of the process. Open
// runs PRAGMA quick_check first and refuses a damaged file with an error
// wrapping ErrCorrupt (the file is left as it was). It then applies the
// migrations the file lacks (see migrate.go).
func Open(path string) (*Store, error) {
	return openSQLite(context.Background(), path)
}

// OpenURL opens the store named by u: "sqlite:DIR" is the SQLite file
// DIR/lcwasm.db (DIR is created when missing; "sqlite::memory:" is an
// in-memory store), "postgres://…" or "postgresql://…" a PostgreSQL
// database (pgx's URL: user, password, host, port, database, sslmode…).
// Either way the schema's migrations run before it returns; on PostgreSQL
// under an advisory lock, so instances starting together take turns.
func OpenURL(ctx context.Context, u string) (*Store, error) {
	switch {
	case u == "sqlite::memory:":
		return openSQLite(ctx, ":memory:")
	case strings.HasPrefix(u, "sqlite:"):
		dir := strings.TrimPrefix(u, "sqlite:")
		if dir == "" {
			return nil, errors.New("store: sqlite: wants a directory, as in sqlite:./data")
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		return openSQLite(ctx, filepath.Join(dir, "lcwasm.db"))
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return openPostgresStore(ctx, u)
	}
	return nil, fmt.Errorf("store: %q is neither sqlite:DIR nor postgres://…", redact(u))
}

// redact hides a URL's password in error messages.
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(an unparsable URL)"
	}
	return p.Redacted()
}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + url.PathEscape(path) + "?_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite", dsn+"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"+walMode(path))
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// One connection: SQLite has a single writer anyway, and an in-memory
	// database exists per connection.
	db.SetMaxOpenConns(1)
	if err := quickCheck(ctx, db); err != nil {
		db.Close()
		if errors.Is(err, ErrCorrupt) {
			return nil, fmt.Errorf("store: %s is damaged, so it is not used (nothing was changed); "+
				"restore it from a backup, or move it and its -wal and -shm files aside to start "+
				"with an empty store: %w", path, err)
		}
		return nil, err
	}
	s, err := newStore(ctx, db, sqliteDialect)
	if err != nil {
		return nil, err
	}
	if path != ":memory:" {
		if s.checkDB, err = sql.Open("sqlite", dsn+"&_pragma=query_only(1)"); err != nil {
			s.Close()
			return nil, fmt.Errorf("store: %w", err)
		}
		s.checkDB.SetMaxOpenConns(1)
		s.checkDB.SetMaxIdleConns(0) // each check reads the file, not a cache
		s.dir = filepath.Dir(path)
	}
	return s, nil
}

func openPostgresStore(ctx context.Context, u string) (*Store, error) {
	db, err := openPostgres(u)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connecting to %s: %w", redact(u), err)
	}
	s, err := newStore(ctx, db, postgresDialect)
	if err != nil {
		return nil, err
	}
	s.url = u
	return s, nil
}

// newStore migrates db and makes its Store (closing db on failure).
func newStore(ctx context.Context, db *sql.DB, d *dialect) (*Store, error) {
	if err := migrate(ctx, db, d); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrating the schema: %w", classify(err))
	}
	s := &Store{db: db, d: d, stmts: stmts{db: db, off: !d.prepare, m: map[string]*sql.Stmt{}},
		qState: qConversationState + d.lockRow}
	if err := s.stmts.warm(qMessageByCID, s.qState, qNextSeq, qCount, qInsertMessage,
		qStarted, qNewToken, qInsertConversation); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: preparing statements: %w", err)
	}
	s.commits = newCommits(s, d.committers)
	if err := s.backfillHistory(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func walMode(path string) string {
	if path == ":memory:" {
		return ""
	}
	return "&_pragma=journal_mode(WAL)"
}

// Close closes the database.
func (s *Store) Close() error {
	s.commits.close()
	s.stmts.close()
	if s.checkDB != nil {
		s.checkDB.Close()
	}
	return s.db.Close()
}

// NewToken returns 32 random bytes in unpadded base64url.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func newID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hash is the form in which tokens are stored.
func hash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %w", classify(err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return classify(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", classify(err))
	}
	return nil
}
