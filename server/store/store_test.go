package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

var t0 = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

func open(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path)
	require.NoError(t, err)
	return s
}

func TestStartAuthorizeAndRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chat.db")
	s := open(t, path)
	ctxJSON := json.RawMessage(`{"pageUrl":"https://shop.example/p","proactive":true}`)
	c, token, existed, err := s.Start(ctx, "app", "v1", "cid-start", ctxJSON, t0)
	require.NoError(t, err)
	assert.False(t, existed)
	assert.Equal(t, store.Queued, c.State)
	assert.Len(t, token, 43, "32 bytes in base64url")

	m1, dup, err := s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "a", From: "visitor", Text: "hi", At: t0})
	require.NoError(t, err)
	assert.False(t, dup)
	assert.EqualValues(t, 1, m1.Seq)
	_, err = s.Accept(ctx, c.ID, "demo", t0.Add(time.Minute))
	require.NoError(t, err)
	_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "b", From: "agent", Name: "Demo", Text: "hello", At: t0})
	require.NoError(t, err)
	sessTok, _, err := s.CreateSession(ctx, "demo", t0, t0.Add(8*time.Hour))
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s = open(t, path) // restart
	defer s.Close()
	got, err := s.Authorize(ctx, c.ID, token)
	require.NoError(t, err)
	assert.Equal(t, store.Active, got.State)
	assert.Equal(t, "demo", got.Agent)
	assert.JSONEq(t, string(ctxJSON), string(got.Context))
	assert.Equal(t, t0, got.Created.UTC())
	msgs, err := s.Messages(ctx, c.ID, 0)
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	assert.Equal(t, "hi", msgs[0].Text)
	assert.Equal(t, store.Message{Conversation: c.ID, Seq: 2, CID: "b", From: "agent", Name: "Demo",
		Text: "hello", At: t0}, utc(msgs[1]))
	after1, err := s.Messages(ctx, c.ID, 1)
	require.NoError(t, err)
	assert.Len(t, after1, 1)
	sess, err := s.Session(ctx, sessTok, t0)
	require.NoError(t, err)
	assert.Equal(t, "demo", sess.User)
	assert.NotEmpty(t, sess.CSRF)
	active, err := s.ByState(ctx, store.Active)
	require.NoError(t, err)
	assert.Len(t, active, 1)
}

func utc(m store.Message) store.Message { m.At = m.At.UTC(); return m }

func TestTokensAreStoredHashed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chat.db")
	s := open(t, path)
	c, token, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
	require.NoError(t, err)
	sessTok, _, err := s.CreateSession(ctx, "demo", t0, t0.Add(time.Hour))
	require.NoError(t, err)
	require.NoError(t, s.Close())

	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM conversations WHERE token_hash = ? OR CAST(token_hash AS TEXT) = ?`,
		[]byte(token), token).Scan(&n))
	assert.Zero(t, n, "the token itself is not stored")
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM sessions WHERE CAST(token_hash AS TEXT) = ?`, sessTok).Scan(&n))
	assert.Zero(t, n)
	require.NoError(t, db.QueryRow(`SELECT length(token_hash) FROM conversations WHERE id = ?`, c.ID).Scan(&n))
	assert.Equal(t, 32, n, "sha256")
}

func TestAuthorizeRefusesWrongToken(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, _, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
		require.NoError(t, err)
		_, err = s.Authorize(ctx, c.ID, store.NewToken())
		assert.ErrorIs(t, err, store.ErrForbidden)
		_, err = s.Authorize(ctx, "nope", store.NewToken())
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}

func TestDuplicateStartReturnsTheSameConversationWithANewToken(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c1, tok1, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
		require.NoError(t, err)
		c2, tok2, existed, err := s.Start(ctx, "app", "v1", "x", nil, t0)
		require.NoError(t, err)
		assert.True(t, existed)
		assert.Equal(t, c1.ID, c2.ID)
		assert.NotEqual(t, tok1, tok2)
		_, err = s.Authorize(ctx, c1.ID, tok2)
		assert.NoError(t, err)
		c3, _, existed, err := s.Start(ctx, "app", "v2", "x", nil, t0)
		require.NoError(t, err)
		assert.False(t, existed, "another visitor's start id is another conversation")
		assert.NotEqual(t, c1.ID, c3.ID)
	})
}

func TestDuplicateMessageKeepsTheOriginalSeq(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, _, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
		require.NoError(t, err)
		add := func(cid, text string) (store.Message, bool) {
			m, dup, err := s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: cid, From: "visitor", Text: text, At: t0})
			require.NoError(t, err)
			return m, dup
		}
		a, _ := add("a", "one")
		add("b", "two")
		again, dup := add("a", "one (resent)")
		assert.True(t, dup)
		assert.Equal(t, a.Seq, again.Seq)
		assert.Equal(t, "one", again.Text)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, From: "system", Text: "s1", At: t0})
		require.NoError(t, err)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, From: "system", Text: "s2", At: t0})
		require.NoError(t, err, "messages without a client id never collide")
		msgs, err := s.Messages(ctx, c.ID, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 4)
		for i, m := range msgs {
			assert.EqualValues(t, i+1, m.Seq)
		}
	})
}

func TestConcurrentSendsGetDistinctSeqs(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, _, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
		require.NoError(t, err)
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				_, _, err := s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: string(rune('a' + i%10)),
					From: "visitor", Text: "x", At: t0})
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		msgs, err := s.Messages(ctx, c.ID, 0)
		require.NoError(t, err)
		assert.Len(t, msgs, 10, "ten distinct client ids, each sent twice")
	})
}

func TestAcceptAndEndStateChanges(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c, _, _, err := s.Start(ctx, "app", "v1", "x", nil, t0)
		require.NoError(t, err)
		_, err = s.Accept(ctx, c.ID, "ann", t0.Add(30*time.Second))
		require.NoError(t, err)
		_, err = s.Accept(ctx, c.ID, "bob", t0)
		assert.ErrorIs(t, err, store.ErrConflict, "already taken")
		wait, err := s.AverageWait(ctx, 20)
		require.NoError(t, err)
		assert.Equal(t, 30*time.Second, wait)
		ended, err := s.End(ctx, c.ID, "agent", t0.Add(time.Hour))
		require.NoError(t, err)
		assert.Equal(t, store.Ended, ended.State)
		assert.Equal(t, "agent", ended.EndedBy)
		_, err = s.End(ctx, c.ID, "visitor", t0)
		assert.ErrorIs(t, err, store.ErrConflict)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: c.ID, CID: "late", From: "visitor", Text: "x", At: t0})
		assert.ErrorIs(t, err, store.ErrConflict)
		_, err = s.Accept(ctx, "nope", "ann", t0)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}

func TestExpiredSessionsAreGone(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tok, _, err := s.CreateSession(ctx, "demo", t0, t0.Add(time.Hour))
		require.NoError(t, err)
		_, err = s.Session(ctx, tok, t0.Add(time.Hour))
		assert.ErrorIs(t, err, store.ErrNotFound)
		tok, _, err = s.CreateSession(ctx, "demo", t0, t0.Add(time.Hour))
		require.NoError(t, err)
		require.NoError(t, s.DeleteSession(ctx, tok))
		_, err = s.Session(ctx, tok, t0)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}
