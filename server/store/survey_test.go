package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// TestSurveyAnswersKept: a post-chat survey's answers and an offline
// message's extra answers come back as stored, in order, on both
// engines; a rating without answers has none, and a new survey replaces
// the old one.
func TestSurveyAnswersKept(t *testing.T) {
	eachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ids := history(t, s, []time.Duration{0})
		answers := []store.Answer{{Name: "solved", Label: "Solved?", Value: "Yes"}, {Name: "order", Label: "Order", Value: "A-1 «ü»"}}
		first, err := s.Rate(ctx, ids[0], store.Rating{Rating: 0, Comment: "ok", Answers: answers, At: t0})
		require.NoError(t, err)
		assert.True(t, first)
		got, ok, err := s.RatingOf(ctx, ids[0])
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, answers, got.Answers)
		assert.Equal(t, 0, got.Rating)

		first, err = s.Rate(ctx, ids[0], store.Rating{Rating: 1, At: t0})
		require.NoError(t, err)
		assert.False(t, first)
		got, _, err = s.RatingOf(ctx, ids[0])
		require.NoError(t, err)
		assert.Nil(t, got.Answers)

		_, err = s.AddOfflineMessage(ctx, store.OfflineMessage{AppID: "app", Text: "hi", Answers: answers[1:]}, t0)
		require.NoError(t, err)
		_, err = s.AddOfflineMessage(ctx, store.OfflineMessage{AppID: "app", Name: "Ana", Email: "a@b.co", Text: "yo"}, t0.Add(time.Second))
		require.NoError(t, err)
		list, err := s.OfflineMessages(ctx, store.OfflineQuery{Limit: 10})
		require.NoError(t, err)
		require.Len(t, list, 2)
		assert.Nil(t, list[0].Answers)
		assert.Equal(t, answers[1:], list[1].Answers)
	})
}
