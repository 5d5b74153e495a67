package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// mainSchema is the schema Open made (CREATE TABLE IF NOT EXISTS on every
// start) before the migrations, as of main on 2026-12-03.
const mainSchema = `CREATE TABLE IF NOT EXISTS conversations (
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
);

CREATE TABLE IF NOT EXISTS widgets (
	app_id    TEXT PRIMARY KEY,
	disabled  INTEGER NOT NULL DEFAULT 0,
	published INTEGER NOT NULL DEFAULT 0,
	created   INTEGER NOT NULL,
	updated   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS widget_versions (
	app_id  TEXT NOT NULL REFERENCES widgets(app_id),
	version INTEGER NOT NULL,
	config  TEXT NOT NULL,
	author  TEXT NOT NULL,
	at      INTEGER NOT NULL,
	note    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (app_id, version)
);
CREATE TABLE IF NOT EXISTS audit (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	at     INTEGER NOT NULL,
	user   TEXT NOT NULL,
	action TEXT NOT NULL,
	app_id TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS funnel_counters (
	app_id  TEXT NOT NULL,
	day     TEXT NOT NULL,
	rule    TEXT NOT NULL,
	variant TEXT NOT NULL,
	grp     TEXT NOT NULL,
	event   TEXT NOT NULL,
	reason  TEXT NOT NULL,
	goal    TEXT NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (app_id, day, rule, variant, grp, event, reason, goal)
);
CREATE TABLE IF NOT EXISTS funnel_counters_month (
	app_id  TEXT NOT NULL,
	month   TEXT NOT NULL,
	rule    TEXT NOT NULL,
	variant TEXT NOT NULL,
	grp     TEXT NOT NULL,
	event   TEXT NOT NULL,
	reason  TEXT NOT NULL,
	goal    TEXT NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (app_id, month, rule, variant, grp, event, reason, goal)
);`

// A store made by the version before migrations is taken over as it is:
// its rows stay, goose records versions 1 and 2, and it opens again.
func TestStoreMadeBeforeMigrationsIsUpgraded(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "lcwasm.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec(mainSchema)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO conversations (id, app_id, token_hash, visitor_id, start_cid, state, created)
		VALUES ('c1', 'app', x'00', 'v1', 'start', 'queued', ?)`, t0.UnixMilli())
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO messages (conversation, seq, cid, sender, text, at) VALUES ('c1', 1, 'a', 'visitor', 'hello', ?)`,
		t0.UnixMilli())
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO widgets (app_id, published, created, updated) VALUES ('app', 1, 0, 0)`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO widget_versions (app_id, version, config, author, at) VALUES ('app', 1, '{}', 'ann', 0)`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	for round := range 2 { // and again, migrated
		s, err := store.OpenURL(ctx, "sqlite:"+dir)
		require.NoError(t, err)
		msgs, err := s.Messages(ctx, "c1", 0)
		require.NoError(t, err)
		require.Len(t, msgs, 1+round, "the old row, and the one the first round added")
		assert.Equal(t, "hello", msgs[0].Text)
		queued, err := s.ByState(ctx, store.Queued)
		require.NoError(t, err)
		assert.Len(t, queued, 1)
		w, err := s.Widget(ctx, "app")
		require.NoError(t, err)
		assert.Equal(t, "ann", w.Author)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: "c1", CID: "b", From: "visitor", Text: "again", At: t0})
		require.NoError(t, err)
		tok, _, err := s.CreateSession(ctx, "demo", t0, t0.Add(time.Hour))
		require.NoError(t, err)
		sess, err := s.Session(ctx, tok, t0)
		require.NoError(t, err)
		assert.Equal(t, t0, sess.LastSeen.UTC())
		require.NoError(t, s.Close())
	}
	db, err = sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	defer db.Close()
	var versions []int64
	rows, err := db.Query(`SELECT version_id FROM goose_db_version WHERE is_applied ORDER BY id`)
	require.NoError(t, err)
	for rows.Next() {
		var v int64
		require.NoError(t, rows.Scan(&v))
		versions = append(versions, v)
	}
	require.NoError(t, rows.Err())
	// SQLite's migration 2 (sessions.last_seen) and both engines' 4 (the
	// funnel's trend) are Go, the rest are files.
	want := append([]int64{0, 2, 4}, migrationVersions(t, "sqlite")...)
	slices.Sort(want)
	assert.Equal(t, want, versions, "goose's own 0, then ours, each once")
}

// Instances starting together on one PostgreSQL database migrate one
// after the other (the advisory lock): every one opens, and the schema
// is applied once.
func TestConcurrentMigrationsOnPostgres(t *testing.T) {
	ctx := context.Background()
	u := engineURL(t, "postgres")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := store.OpenURL(ctx, u)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		require.NoError(t, <-errs)
	}
	db, err := sql.Open("pgx", u)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`).Scan(&n))
	assert.Equal(t, len(migrationVersions(t, "postgres"))+1, n, "each migration applied once (4 is Go)")
}

// migrationVersions are the numbers of the SQL migration files of one
// engine (migrations/<engine>/NNNNN_name.sql), in order.
func migrationVersions(t *testing.T, engine string) []int64 {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("migrations", engine))
	require.NoError(t, err)
	var vs []int64
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		require.True(t, ok, "migration file %s has no NNNNN_ prefix", e.Name())
		v, err := strconv.ParseInt(num, 10, 64)
		require.NoError(t, err, "migration file %s", e.Name())
		vs = append(vs, v)
	}
	require.NotEmpty(t, vs)
	return vs
}
