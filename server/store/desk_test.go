package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// TestDeskOnBothEngines: the agent desk's queries (status, the chat
// limit, the waiting visitor's preview, notes, transfer and requeue,
// canned responses) behave the same on SQLite and PostgreSQL.
func TestDeskOnBothEngines(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		st, err := s.AgentStatus(ctx, "ann")
		require.NoError(t, err)
		assert.Equal(t, "", st)
		require.NoError(t, s.SetAgentStatus(ctx, "ann", "away", t0))
		require.NoError(t, s.SetAgentStatus(ctx, "ann", "available", t0))
		st, _ = s.AgentStatus(ctx, "ann")
		assert.Equal(t, "available", st)

		var ids []string
		for _, v := range []string{"v1", "v2", "v3"} {
			c, _, _, err := s.Start(ctx, "app", v, "s", nil, t0)
			require.NoError(t, err)
			ids = append(ids, c.ID)
		}
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: ids[0], CID: "a", From: "visitor", Text: "first", At: t0})
		require.NoError(t, err)
		_, _, err = s.AddMessage(ctx, store.Message{Conversation: ids[0], CID: "b", From: "visitor", Text: "second", At: t0})
		require.NoError(t, err)
		previews, err := s.QueuedPreviews(ctx)
		require.NoError(t, err)
		assert.Equal(t, map[string]string{ids[0]: "second"}, previews)

		_, err = s.AcceptWithin(ctx, ids[0], "ann", 2, t0)
		require.NoError(t, err)
		_, err = s.AcceptWithin(ctx, ids[1], "ann", 2, t0)
		require.NoError(t, err)
		_, err = s.AcceptWithin(ctx, ids[2], "ann", 2, t0)
		assert.ErrorIs(t, err, store.ErrAtLimit)
		loads, err := s.ActiveByAgent(ctx)
		require.NoError(t, err)
		assert.Equal(t, map[string]int{"ann": 2}, loads)

		n1, err := s.AddNote(ctx, store.Note{Conversation: ids[0], Author: "ann", Name: "Ann", Text: "VIP", At: t0})
		require.NoError(t, err)
		n2, err := s.AddNote(ctx, store.Note{Conversation: ids[0], Author: "ann", Name: "Ann", Text: "again", At: t0})
		require.NoError(t, err)
		assert.Equal(t, []int64{1, 2}, []int64{n1.Seq, n2.Seq})
		_, err = s.AddNote(ctx, store.Note{Conversation: "nope", Author: "ann", Text: "x", At: t0})
		assert.ErrorIs(t, err, store.ErrNotFound)
		notes, err := s.Notes(ctx, ids[0])
		require.NoError(t, err)
		require.Len(t, notes, 2)
		assert.Equal(t, "VIP", notes[0].Text)
		assert.True(t, notes[0].At.Equal(t0))

		c, err := s.Transfer(ctx, ids[0], "ann", "bob", 1)
		require.NoError(t, err)
		assert.Equal(t, "bob", c.Agent)
		_, err = s.Transfer(ctx, ids[1], "ann", "bob", 1)
		assert.ErrorIs(t, err, store.ErrAtLimit)
		_, err = s.Transfer(ctx, ids[0], "ann", "cat", 3)
		assert.ErrorIs(t, err, store.ErrConflict, "not ann's any more")
		c, err = s.Requeue(ctx, ids[0], "bob")
		require.NoError(t, err)
		assert.Equal(t, store.Queued, c.State)
		assert.True(t, c.Accepted.IsZero())
		pos, err := s.Position(ctx, ids[0])
		require.NoError(t, err)
		assert.Equal(t, 1, pos, "back at the front: it keeps its start time")

		require.NoError(t, s.SaveCanned(ctx, "ann", "hi", "Hello", t0))
		require.NoError(t, s.SaveCanned(ctx, "ann", "hi", "Hello again", t0))
		require.NoError(t, s.SaveCanned(ctx, "ann", "bye", "Bye", t0))
		list, err := s.CannedResponses(ctx, "ann")
		require.NoError(t, err)
		assert.Equal(t, []store.CannedResponse{{Shortcut: "bye", Text: "Bye"}, {Shortcut: "hi", Text: "Hello again"}}, list)
		n, err := s.CannedCount(ctx, "ann", "hi")
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		require.NoError(t, s.DeleteCanned(ctx, "ann", "hi"))
		list, _ = s.CannedResponses(ctx, "ann")
		assert.Len(t, list, 1)
		other, _ := s.CannedResponses(ctx, "bob")
		assert.Empty(t, other)
	})
}
