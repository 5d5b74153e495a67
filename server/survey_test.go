package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// surveyServer serves widget "form" with a post-chat survey of a rating
// and one required select, no comment, and a leave-a-message form of an
// email and an order number.
func surveyServer(t *testing.T) (http.Handler, *store.Store) {
	t.Helper()
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store = st
	o.Widgets["form"] = json.RawMessage(`{"appId":"form","chat":{"enabled":true},
		"postChat":{"comment":false,"fields":[{"name":"solved","label":"Solved?","type":"select","options":["Yes","No"],"required":true}]},
		"offline":{"enabled":true,"fields":[{"name":"email","type":"email","required":true},{"name":"order","label":"Order number","required":true}]}}`)
	o.Widgets["quiet"] = json.RawMessage(`{"appId":"quiet","chat":{"enabled":true},"postChat":{"enabled":false}}`)
	return newHandler(t, o), st
}

// TestSurveyChecked: the server checks a survey against the widget's
// postChat as the widget does, and keeps its answers with their labels.
func TestSurveyChecked(t *testing.T) {
	h, st := surveyServer(t)
	ctx := context.Background()
	now := time.Now()
	conv, token, _, err := st.Start(ctx, "form", "v1", "c1", nil, now)
	require.NoError(t, err)
	_, err = st.End(ctx, conv.ID, "agent", now)
	require.NoError(t, err)
	url := "/api/v1/widgets/form/conversations/" + conv.ID + "/rating"
	tests := []struct {
		name, body, code string
		status           int
	}{
		{"missing required answer", `{"token":"` + token + `","rating":1}`, "invalid", http.StatusBadRequest},
		{"not an option", `{"token":"` + token + `","rating":1,"answers":{"solved":"Maybe"}}`, "invalid", http.StatusBadRequest},
		{"unknown question", `{"token":"` + token + `","rating":1,"answers":{"solved":"Yes","age":"3"}}`, "invalid", http.StatusBadRequest},
		{"a comment not asked", `{"token":"` + token + `","rating":1,"comment":"hi","answers":{"solved":"Yes"}}`, "invalid", http.StatusBadRequest},
		{"no rating", `{"token":"` + token + `","rating":0,"answers":{"solved":"Yes"}}`, "invalid", http.StatusBadRequest},
		{"stored", `{"token":"` + token + `","rating":1,"answers":{"solved":" Yes "}}`, "", http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := postJSON(t, h, url, "", tt.body)
			assert.Equal(t, tt.status, resp.StatusCode)
			var got map[string]string
			json.NewDecoder(resp.Body).Decode(&got)
			assert.Equal(t, tt.code, got["code"], "%v", got)
		})
	}
	r, ok, err := st.RatingOf(ctx, conv.ID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []store.Answer{{Name: "solved", Label: "Solved?", Value: "Yes"}}, r.Answers)

	quiet, qtoken, _, err := st.Start(ctx, "quiet", "v2", "c2", nil, now)
	require.NoError(t, err)
	_, err = st.End(ctx, quiet.ID, "agent", now)
	require.NoError(t, err)
	resp := postJSON(t, h, "/api/v1/widgets/quiet/conversations/"+quiet.ID+"/rating", "", `{"token":"`+qtoken+`","rating":1}`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a widget with no survey takes none")
}

// TestOfflineFieldsChecked: a leave-a-message form with its own fields
// is checked against offline.fields; the email keeps its column, the
// order number goes with the answers.
func TestOfflineFieldsChecked(t *testing.T) {
	h, st := surveyServer(t)
	for body, status := range map[string]int{
		`{"answers":{"email":"ana@example.com"}}`:                               http.StatusBadRequest, // the order number is required
		`{"name":"Ana","email":"ana@example.com","message":"hi"}`:               http.StatusBadRequest, // the default form's answers
		`{"answers":{"email":"ana@example.com","order":"A-1","name":"Ana"}}`:    http.StatusBadRequest, // not a question
		`{"answers":{"email":"ana@example.com","order":" A-17 "},"pageUrl":""}`: http.StatusCreated,
	} {
		resp := postJSON(t, h, "/api/v1/widgets/form/offline-messages", "", body)
		assert.Equal(t, status, resp.StatusCode, body)
	}
	list, err := st.OfflineMessages(context.Background(), store.OfflineQuery{Limit: 10})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "ana@example.com", list[0].Email)
	assert.Equal(t, "", list[0].Text)
	assert.Equal(t, []store.Answer{{Name: "order", Label: "Order number", Value: "A-17"}}, list[0].Answers)
}
