package chat_test

import (
	"errors"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoRandomnessNoChat: without good randomness no chat starts (the
// service is not even dialled), lcw:error says why with CodeNoRandomness,
// and no visitor id is stored; a running chat sends no message with an id
// it could not make.
func TestNoRandomnessNoChat(t *testing.T) {
	srv := newServer()
	tb := newTab(t, srv, fakeStore{}, "a")
	tb.rnd.broken = errors.New("crypto.getRandomValues left its buffer as it was")
	err := tb.c.Start(chat.Start{Source: "launcher"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no good randomness")
	assert.Equal(t, chat.Ended, tb.c.Phase())
	assert.Zero(t, tb.net.opens, "the chat service was dialled")
	assert.NotContains(t, tb.store, key+":visitor")
	errs := tb.events.named("lcw:error")
	require.Len(t, errs, 1)
	assert.Equal(t, chat.CodeNoRandomness, errs[0]["errorCode"])
	assert.Contains(t, errs[0]["errorDescription"], "crypto.getRandomValues left its buffer as it was")
	assert.Len(t, tb.log.errors(), 1, "one console.error")
	assert.NotContains(t, tb.events.names(), "lcw:startChat")

	// Randomness that breaks mid-chat: the message is refused, not sent.
	tb = started(t, srv, fakeStore{})
	tb.rnd.broken = errors.New("crypto.getRandomValues threw")
	_, err = tb.c.Send("hello")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "crypto.getRandomValues threw")
	assert.Empty(t, tb.c.Messages())
}
