package chat_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// TestSurveyedReachesTheAgent: once the visitor's survey of an ended
// chat is stored, Surveyed sends its agent a survey frame with the
// rating, the comment and the answers in order; another agent gets none.
func TestSurveyedReachesTheAgent(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	bob := e.agent("bob")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 })
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	ann.send(frame{"type": "end", "conversation": conv})
	ann.expect("ended")
	ctx := context.Background()
	_, err := e.store.Rate(ctx, conv, store.Rating{Rating: -1, Comment: "slow",
		Answers: []store.Answer{{Name: "solved", Label: "Solved?", Value: "No"}}, At: time.UnixMilli(1700000000000)})
	require.NoError(t, err)
	e.hub.Surveyed(ctx, conv)
	f := ann.expect("survey", "queue", "queueDelta", "agents", "presence")
	assert.Equal(t, conv, f["conversation"])
	assert.Equal(t, float64(-1), f["rating"])
	assert.Equal(t, "slow", f["comment"])
	assert.Equal(t, []any{map[string]any{"name": "solved", "label": "Solved?", "value": "No"}}, f["answers"])
	assert.Equal(t, float64(1700000000000), f["at"])
	for {
		g, err := bob.next(300 * time.Millisecond)
		if err != nil {
			break
		}
		assert.NotEqual(t, "survey", g["type"], "another agent's console gets no survey")
	}
}
