package chat_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
)

func TestHours(t *testing.T) {
	h, err := chat.ParseHours(json.RawMessage(`{"timeZone": "Europe/London",
		"windows": [{"days": ["mon","tue","wed","thu","fri"], "open": "09:00", "close": "17:30"}]}`))
	require.NoError(t, err)
	london, _ := time.LoadLocation("Europe/London")
	assert.True(t, h.Open(time.Date(2026, 11, 20, 9, 0, 0, 0, london)))    // Friday
	assert.False(t, h.Open(time.Date(2026, 11, 20, 17, 30, 0, 0, london))) // closing time
	sat := time.Date(2026, 11, 21, 12, 0, 0, 0, london)
	assert.False(t, h.Open(sat))
	next, ok := h.NextOpen(sat)
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 11, 23, 9, 0, 0, 0, london).UTC(), next.UTC())
	var none *chat.Hours
	assert.True(t, none.Open(sat), "no hours: always open")

	for _, bad := range []string{`{"timeZone":"Mars/Base"}`, `{"timeZone":"UTC","windows":[{"days":["funday"],"open":"09:00","close":"10:00"}]}`,
		`{"timeZone":"UTC","windows":[{"days":["mon"],"open":"9","close":"10:00"}]}`} {
		_, err := chat.ParseHours(json.RawMessage(bad))
		assert.Error(t, err, bad)
	}
}
