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
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned for an unknown conversation or session, and for
// a conversation whose token does not match.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a conversation is not in the state a
// change requires (accepting a chat another agent took, sending to an
// ended one).
var ErrConflict = errors.New("store: conversation is not in the required state")

const schema = `
CREATE TABLE IF NOT EXISTS conversations (
	id         TEXT PRIMARY KEY,
	app_id     TEXT NOT NULL,
	token_hash BLOB NOT NULL,
	visitor_id TEXT NOT NULL,
	start_cid  TEXT NOT NULL,
	state      TEXT NOT NULL,
	agent      TEXT NOT NULL DEFAULT '',
	created    INTEGER NOT NULL,
	accepted   INTEGER,
	ended      INTEGER,
	ended_by   TEXT NOT NULL DEFAULT '',
	context    TEXT NOT NULL DEFAULT '{}',
	UNIQUE (app_id, visitor_id, start_cid)
);
CREATE INDEX IF NOT EXISTS conversations_state ON conversations(state, created);
CREATE INDEX IF NOT EXISTS conversations_accepted ON conversations(accepted);
CREATE INDEX IF NOT EXISTS conversations_over ON conversations(state, ended);
CREATE TABLE IF NOT EXISTS messages (
	conversation TEXT NOT NULL REFERENCES conversations(id),
	seq          INTEGER NOT NULL,
	cid          TEXT,
	sender       TEXT NOT NULL,
	name         TEXT NOT NULL DEFAULT '',
	text         TEXT NOT NULL,
	at           INTEGER NOT NULL,
	PRIMARY KEY (conversation, seq),
	UNIQUE (conversation, cid)
);
CREATE TABLE IF NOT EXISTS sessions (
	token_hash BLOB PRIMARY KEY,
	user       TEXT NOT NULL,
	csrf       TEXT NOT NULL,
	expires    INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS health (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL
);`

// migrations bring a store made by an older version up to the schema: a
// column added later (ALTER TABLE fails when it is there already).
var migrations = []struct{ table, column, add string }{
	{"sessions", "last_seen", `ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0`},
}

func migrate(db *sql.DB) error {
	for _, m := range migrations {
		var n int
		err := db.QueryRow(`SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?`, m.table, m.column).Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			if _, err := db.Exec(m.add); err != nil {
				return err
			}
		}
	}
	return nil
}

// Store is a chat store backed by one SQLite file. It is safe for
// concurrent use; writes are serialised.
type Store struct {
	db    *sql.DB
	stmts stmts
	// checkDB is a read-only connection for Check (nil in memory), dir
	// the directory of the file ("" in memory).
	checkDB *sql.DB
	dir     string
	commits *commits
}

// Open opens (creating when needed) the SQLite database at path. The path
// ":memory:" gives a private in-memory database, lost on Close. A file in
// WAL mode is synced on every commit (synchronous=FULL): a write that
// returned survives a power loss, not only a crash of the process. Open
// runs PRAGMA quick_check first and refuses a damaged file with an error
// wrapping ErrCorrupt (the file is left as it was).
func Open(path string) (*Store, error) {
	dsn := "file:" + url.PathEscape(path) + "?_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite", dsn+"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"+walMode(path))
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// One connection: SQLite has a single writer anyway, and an in-memory
	// database exists per connection.
	db.SetMaxOpenConns(1)
	if err := quickCheck(context.Background(), db); err != nil {
		db.Close()
		if errors.Is(err, ErrCorrupt) {
			return nil, fmt.Errorf("store: %s is damaged, so it is not used (nothing was changed); "+
				"restore it from a backup, or move it and its -wal and -shm files aside to start "+
				"with an empty store: %w", path, err)
		}
		return nil, err
	}
	if _, err := db.Exec(schema + widgetSchema + countersSchema + visitorSchema + attachmentSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: schema: %w", classify(err))
	}
	if err := migrate(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrating the schema: %w", classify(err))
	}
	s := &Store{db: db, stmts: stmts{db: db, m: map[string]*sql.Stmt{}}}
	if err := s.stmts.warm(qMessageByCID, qConversationState, qNextSeq, qInsertMessage,
		qStarted, qNewToken, qInsertConversation); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: preparing statements: %w", err)
	}
	s.commits = newCommits(s)
	if path != ":memory:" {
		if s.checkDB, err = sql.Open("sqlite", dsn+"&_pragma=query_only(1)"); err != nil {
			s.commits.close()
			db.Close()
			return nil, fmt.Errorf("store: %w", err)
		}
		s.checkDB.SetMaxOpenConns(1)
		s.checkDB.SetMaxIdleConns(0) // each check reads the file, not a cache
		s.dir = filepath.Dir(path)
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
