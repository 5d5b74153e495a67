package chat_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// TestAFullStoreSaysUnavailable: when the store cannot write (a full
// disk), a send and a new start get the error code "unavailable", not
// "internal", so the widget can say what is wrong.
func TestAFullStoreSaysUnavailable(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor()
	v.start("v1", map[string]any{"pageUrl": "https://shop.example/"})
	require.NoError(t, e.store.StopGrowing())

	text := strings.Repeat("m", wire.MaxTextLength)
	var code any
	for i := 0; i < 200 && code == nil; i++ { // each message needs about a page
		cid := "m" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		v.send(frame{"type": wire.Send, "cid": cid, "text": text})
		f := v.answer()
		if f["type"] == wire.Error {
			code = f["code"]
			assert.Equal(t, cid, f["cid"])
		}
	}
	assert.Equal(t, wire.ErrUnavailable, code, "a send the store refused")

	w := e.visitor()
	w.send(frame{"type": wire.Start, "cid": "start-v2", "visitor": frame{"id": "v2"},
		"context": map[string]any{"pageUrl": "https://shop.example/" + strings.Repeat("p", 2000)}})
	f := w.answer()
	if f["type"] == wire.Started { // the row fitted a free slot: its first message cannot
		w.send(frame{"type": wire.Send, "cid": "c1", "text": text})
		f = w.answer()
	}
	assert.Equal(t, wire.ErrUnavailable, f["code"], "a new chat on a full disk: %v", f)
}

// answer reads frames until an answer to the last frame sent: an ack, a
// started or an error.
func (c *client) answer() frame {
	c.t.Helper()
	for {
		f, err := c.next(5 * time.Second)
		require.NoError(c.t, err, "waiting for an answer")
		switch f["type"] {
		case wire.Ack, wire.Started, wire.Error:
			return f
		}
	}
}
