package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// filled returns the path of a closed store holding n conversations of
// one message each.
func filled(t *testing.T, n int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chat.db")
	s := open(t, path)
	for i := range n {
		c, _, _, err := s.Start(ctx, "app", fmt.Sprint("v", i), "cid", json.RawMessage(`{"pageUrl":"https://shop.example/`+
			strings.Repeat("p", 200)+`"}`), t0)
		require.NoError(t, err)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "m", From: "visitor", Text: "hello", At: t0})
		require.NoError(t, err)
	}
	require.NoError(t, s.Close())
	return path
}

// damage overwrites pages 2 and later of the file at path with garbage.
func damage(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	require.NoError(t, err)
	defer f.Close()
	info, err := f.Stat()
	require.NoError(t, err)
	require.Greater(t, info.Size(), int64(8*4096), "several pages to damage")
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
	for off := int64(4096); off < info.Size(); off += 2 * 4096 {
		_, err := f.WriteAt(junk, off)
		require.NoError(t, err)
	}
}

func TestDamagedStoreRefusesToStart(t *testing.T) {
	path := filled(t, 200)
	damage(t, path)
	_, err := store.Open(path)
	require.Error(t, err)
	assert.ErrorIs(t, err, store.ErrCorrupt)
	assert.Contains(t, err.Error(), path+" is damaged")
	assert.Contains(t, err.Error(), "restore it from a backup")

	notADB := filepath.Join(t.TempDir(), "chat.db")
	require.NoError(t, os.WriteFile(notADB, []byte(strings.Repeat("not a database ", 1000)), 0o600))
	_, err = store.Open(notADB)
	assert.ErrorIs(t, err, store.ErrCorrupt)
}

func TestCheckFindsDamageAfterOpen(t *testing.T) {
	ctx := context.Background()
	path := filled(t, 200)
	s := open(t, path)
	defer s.Close()
	require.NoError(t, s.Check(ctx))
	damage(t, path)
	err := s.Check(ctx)
	assert.ErrorIs(t, err, store.ErrCorrupt)
}

func TestFullStoreIsNotReadyAndSaysWhy(t *testing.T) {
	s := openEngine(t, "sqlite") // the disk of PostgreSQL is the server's
	{
		ctx := context.Background()
		require.NoError(t, s.Ready(ctx, t0))
		require.NoError(t, store.LimitPages(s))

		err := s.Ready(ctx, t0)
		assert.ErrorIs(t, err, store.ErrUnwritable, "no room to grow")
		_, _, _, err = s.Start(ctx, "app", "v", "cid", json.RawMessage(`{"pageUrl":"https://shop.example/`+
			strings.Repeat("p", 30000)+`"}`), t0)
		assert.ErrorIs(t, err, store.ErrUnwritable, "a new chat on a full disk")
		_, _, err = s.CreateSession(ctx, "demo", t0, t0.Add(1e9))
		if err != nil {
			assert.ErrorIs(t, err, store.ErrUnwritable)
		}
	}
}

func TestReadyOnAHealthyStore(t *testing.T) {
	ctx := context.Background()
	require.NoError(t, openEngine(t, "postgres").Ready(ctx, t0))
	require.NoError(t, openEngine(t, "postgres").Check(ctx))
	for _, path := range []string{":memory:", filepath.Join(t.TempDir(), "chat.db")} {
		s := open(t, path)
		assert.NoError(t, s.Ready(ctx, t0), path)
		assert.NoError(t, s.Check(ctx), path)
		s.Close()
	}
}
