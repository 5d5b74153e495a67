package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/server/store"
)

func visitorServer(t *testing.T) (http.Handler, *store.Store) {
	t.Helper()
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store = st
	o.Widgets["shop"] = json.RawMessage(`{"appId":"shop","chat":{"enabled":true},"allowedOrigins":["https://shop.example"]}`)
	return newHandler(t, o), st
}

func postJSON(t *testing.T, h http.Handler, target, origin, body string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestOfflineMessages(t *testing.T) {
	h, st := visitorServer(t)
	good := `{"name":"Ana","email":"ana@example.com","message":"Do you ship to Norway?","pageUrl":"https://shop.example/p/1"}`
	tests := []struct {
		name, app, origin, body, code string
		status                        int
	}{
		{"stored", "shop", "https://shop.example", good, "", http.StatusCreated},
		{"unknown widget", "nope", "", good, "unknown_widget", http.StatusNotFound},
		{"foreign page", "shop", "https://evil.example", good, "origin", http.StatusForbidden},
		{"not json", "shop", "", "name=Ana", "bad_json", http.StatusBadRequest},
		{"bad email", "shop", "", `{"name":"Ana","email":"ana","message":"hi"}`, "invalid", http.StatusBadRequest},
		{"no message", "shop", "", `{"name":"Ana","email":"ana@example.com","message":"  "}`, "invalid", http.StatusBadRequest},
		{"too long", "shop", "", `{"name":"Ana","email":"ana@example.com","message":"` + strings.Repeat("x", 2001) + `"}`, "invalid", http.StatusBadRequest},
		{"too big", "shop", "", `{"name":"` + strings.Repeat("x", 17<<10) + `"}`, "too_big", http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := postJSON(t, h, "/api/v1/widgets/"+tt.app+"/offline-messages", tt.origin, tt.body)
			assert.Equal(t, tt.status, resp.StatusCode)
			var got map[string]string
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
			if tt.code != "" {
				assert.Equal(t, tt.code, got["code"], "%v", got)
			} else {
				assert.NotEmpty(t, got["id"])
			}
		})
	}
	list, err := st.OfflineMessages(context.Background(), store.OfflineQuery{Limit: 10})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, store.OfflineMessage{ID: list[0].ID, AppID: "shop", Name: "Ana", Email: "ana@example.com",
		Text: "Do you ship to Norway?", PageURL: "https://shop.example/p/1", Created: list[0].Created}, list[0])

	resp := get(t, h, http.MethodGet, "/agent/offline-messages")
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "agents only")
	pre := get(t, h, http.MethodOptions, "/api/v1/widgets/shop/offline-messages")
	assert.Equal(t, http.StatusNoContent, pre.StatusCode)
	assert.Contains(t, pre.Header.Get("Access-Control-Allow-Methods"), "POST")
}

func TestRating(t *testing.T) {
	h, st := visitorServer(t)
	ctx := context.Background()
	now := time.Now()
	conv, token, _, err := st.Start(ctx, "shop", "v1", "c1", nil, now)
	require.NoError(t, err)
	url := "/api/v1/widgets/shop/conversations/" + conv.ID + "/rating"
	rate := func(body string) (int, string) {
		resp := postJSON(t, h, url, "", body)
		var got map[string]string
		json.NewDecoder(resp.Body).Decode(&got)
		return resp.StatusCode, got["code"]
	}
	status, code := rate(`{"token":"` + token + `","rating":1}`)
	assert.Equal(t, http.StatusConflict, status, "not ended yet")
	assert.Equal(t, "not_ended", code)
	_, err = st.End(ctx, conv.ID, "agent", now)
	require.NoError(t, err)
	status, code = rate(`{"token":"wrong","rating":1}`)
	assert.Equal(t, []any{http.StatusForbidden, "token"}, []any{status, code})
	status, code = rate(`{"token":"` + token + `","rating":5}`)
	assert.Equal(t, []any{http.StatusBadRequest, "invalid"}, []any{status, code})
	status, code = rate(`{"token":"` + token + `","rating":1,"comment":"` + strings.Repeat("é", 1001) + `"}`)
	assert.Equal(t, []any{http.StatusBadRequest, "invalid"}, []any{status, code})
	status, _ = rate(`{"token":"` + token + `","rating":1,"comment":" Quick and kind. "}`)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = rate(`{"token":"` + token + `","rating":-1}`)
	assert.Equal(t, http.StatusNoContent, status, "a change of mind replaces it")
	r, ok, err := st.RatingOf(ctx, conv.ID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, -1, r.Rating)
	assert.Equal(t, "", r.Comment)
	resp := postJSON(t, h, "/api/v1/widgets/w1/conversations/"+conv.ID+"/rating", "", `{"token":"`+token+`","rating":1}`)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "another widget's path")

	// A chat from a rule's invitation counts "rated" in the funnel, once
	// however often the visitor changes their mind; the one above, which
	// the visitor started themselves, counted nothing.
	conv, token, _, err = st.Start(ctx, "shop", "v2", "c2",
		json.RawMessage(`{"proactive":true,"source":"rule","ruleId":"welcome","variant":"short"}`), now)
	require.NoError(t, err)
	_, err = st.End(ctx, conv.ID, "agent", now)
	require.NoError(t, err)
	url = "/api/v1/widgets/shop/conversations/" + conv.ID + "/rating"
	for _, r := range []string{"1", "-1"} {
		status, _ = rate(`{"token":"` + token + `","rating":` + r + `}`)
		require.Equal(t, http.StatusNoContent, status)
	}
	entries, err := st.Counters(ctx, "shop", funnel.Day(instant.From(now)), funnel.Day(instant.From(now)))
	require.NoError(t, err)
	require.Len(t, entries, 1, "%+v", entries)
	assert.Equal(t, funnel.Key{Widget: "shop", Rule: "welcome", Variant: "short", Event: funnel.Rated}, entries[0].Key)
	assert.Equal(t, 1, entries[0].N)
}
