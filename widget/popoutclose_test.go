package widget_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPopoutChatClosed: the visitor closing the chat in the pop-out is
// lcw:closeChat in the page that opened it, where its listeners are.
func TestPopoutChatClosed(t *testing.T) {
	h := newHarness(t, enabled())
	h.w.PopoutChatClosed()
	assert.Equal(t, []string{"lcw:closeChat"}, h.events.names())
	assert.Equal(t, map[string]any{"by": "visitor", "popout": true}, h.events.last("lcw:closeChat"))
}
