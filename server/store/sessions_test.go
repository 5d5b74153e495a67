package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

func TestSessionLastSeen(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tok, sess, err := s.CreateSession(ctx, "demo", t0, t0.Add(8*time.Hour))
		require.NoError(t, err)
		assert.Equal(t, t0, sess.LastSeen.UTC())
		got, err := s.Session(ctx, tok, t0.Add(time.Minute))
		require.NoError(t, err)
		assert.Equal(t, t0, got.LastSeen.UTC())
		require.NoError(t, s.TouchSession(ctx, tok, t0.Add(time.Hour)))
		got, err = s.Session(ctx, tok, t0.Add(time.Hour))
		require.NoError(t, err)
		assert.Equal(t, t0.Add(time.Hour), got.LastSeen.UTC())
		assert.Equal(t, t0.Add(8*time.Hour), got.Expires.UTC())
	})
}

// TestOldStoreIsMigrated: a store made before sessions had last_seen
// opens, keeps its sessions and gains the column.
func TestOldStoreIsMigrated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE sessions (token_hash BLOB PRIMARY KEY, user TEXT NOT NULL,
		csrf TEXT NOT NULL, expires INTEGER NOT NULL)`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := store.Open(path)
	require.NoError(t, err)
	defer s.Close()
	ctx := context.Background()
	tok, _, err := s.CreateSession(ctx, "demo", t0, t0.Add(time.Hour))
	require.NoError(t, err)
	got, err := s.Session(ctx, tok, t0)
	require.NoError(t, err)
	assert.Equal(t, t0, got.LastSeen.UTC())
	require.NoError(t, s.Close())
	s, err = store.Open(path) // and again, with the column there
	require.NoError(t, err)
	s.Close()
}
