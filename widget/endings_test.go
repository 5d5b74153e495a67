package widget

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/chat"
)

// TestEveryEndingHasItsSentence: each way chat.View.Ended can end a chat,
// the service's limits and a store that cannot write among them, has an
// English sentence.
func TestEveryEndingHasItsSentence(t *testing.T) {
	for _, by := range []string{"agent", "visitor", "expired", "refused", "failed", "unavailable", "busy", "crowded"} {
		assert.NotEmpty(t, English[endings[by]], "ending %q", by)
	}
	assert.Equal(t, "The chat service can't store messages right now. Try again later.", English[endings["unavailable"]])
	assert.Equal(t, chat.UnavailableNotice, English[PhraseEndedUnavailable])
}
