package chat_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/hours/hourstest"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// availabilityAt asks GET …/availability of a widget with hours h at now.
func availabilityAt(t *testing.T, h *chat.Hours, now time.Time) map[string]any {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "chat.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	hub := chat.New(chat.Options{Store: st, Now: func() time.Time { return now },
		Widget: func(string) (chat.Widget, bool) { return chat.Widget{Hours: h}, true }})
	r := httptest.NewRequest(http.MethodGet, "/api/v1/widgets/w1/availability", nil)
	r.SetPathValue("appId", "w1")
	rec := httptest.NewRecorder()
	hub.ServeAvailability(rec, r)
	require.Equal(t, http.StatusOK, rec.Code)
	var out map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
	return out
}

// TestSharedHoursCases runs the operating-hours table the widget runs too
// (internal/hours/hourstest): getAgentAvailability's queue is available
// exactly when the widget would open the chat rather than its out-of-hours
// pane.
func TestSharedHoursCases(t *testing.T) {
	for _, c := range hourstest.Cases {
		t.Run(c.Name, func(t *testing.T) {
			h, err := chat.ParseHours(json.RawMessage(c.Hours))
			assert.Equal(t, c.Problem, err != nil, "ParseHours: %v", err)
			a := availabilityAt(t, h, time.Unix(0, c.At.UnixNano()))
			assert.Equal(t, c.Open, a["isQueueAvailable"], "isQueueAvailable at %v", c.At)
			assert.Equal(t, false, a["isAgentAvailable"], "no agent is online")
			if c.Open {
				assert.Nil(t, a["nextOpen"], "nextOpen while open")
			}
		})
	}
}

func TestHoursNextOpen(t *testing.T) {
	h, err := chat.ParseHours(json.RawMessage(`{"timeZone": "Europe/London",
		"windows": [{"days": ["mon","tue","wed","thu","fri"], "open": "09:00", "close": "17:30"}]}`))
	require.NoError(t, err)
	sat := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	a := availabilityAt(t, h, sat)
	assert.Equal(t, "2026-11-23T09:00:00Z", a["nextOpen"])
}

func TestParseHoursErrors(t *testing.T) {
	_, err := chat.ParseHours(json.RawMessage(`{"timeZone":"UTC","windows":[{"days":["funday"],"open":"9","close":"10:00"}]}`))
	require.Error(t, err)
	assert.Equal(t, "chat: operatingHours.windows[0].days[0]: want a day: sun, mon, tue, wed, thu, fri, sat, got string\n"+
		`chat: operatingHours.windows[0].open: want a time "HH:MM", got "9"`, err.Error())
	h, err := chat.ParseHours(json.RawMessage(`{"timeZone":"Mars/Base"}`))
	assert.EqualError(t, err, "chat: operatingHours.timeZone: unknown time zone Mars/Base; counted as open")
	assert.Equal(t, "Mars/Base", h.Zone)
	_, err = chat.ParseHours(json.RawMessage(`{`))
	assert.Error(t, err)
}
