package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

// historyServer is a server with one ended and one live conversation of
// the same visitor (by prechat email), and a client signed in as demo.
func historyServer(t *testing.T) (srv *httptest.Server, agent *http.Client, ended, live store.Conversation) {
	t.Helper()
	srv, agent, ended, live, _ = historyServerStore(t)
	return srv, agent, ended, live
}

// historyServerStore is historyServer with its store.
func historyServerStore(t *testing.T) (srv *httptest.Server, agent *http.Client, ended, live store.Conversation, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store = st
	srv = httptest.NewServer(newHandler(t, o))
	t.Cleanup(srv.Close)

	at := time.Now().Add(-time.Hour)
	ended, _, _, err = st.Start(ctx, "w1", "v1", "a", []byte(`{"prechat":{"name":"Ada","email":"ada@example.com"},"proactive":true,"source":"rule","ruleId":"pricing"}`), at)
	require.NoError(t, err)
	_, err = st.Accept(ctx, ended.ID, "demo", at)
	require.NoError(t, err)
	_, _, err = st.AddMessage(ctx, store.Message{Conversation: ended.ID, CID: "1", From: "visitor", Name: "Ada", Text: "My invoice is wrong", At: at})
	require.NoError(t, err)
	_, err = st.AddNote(ctx, store.Note{Conversation: ended.ID, Author: "demo", Name: "Demo Agent", Text: "VIP", At: at})
	require.NoError(t, err)
	_, err = st.End(ctx, ended.ID, "agent", at.Add(time.Minute))
	require.NoError(t, err)
	live, _, _, err = st.Start(ctx, "w1", "v2", "b", []byte(`{"prechat":{"name":"Ada","email":"ADA@example.com"}}`), at.Add(30*time.Minute))
	require.NoError(t, err)

	jar, _ := cookiejar.New(nil)
	agent = &http.Client{Jar: jar}
	resp, err := agent.PostForm(srv.URL+"/agent/login", url.Values{"user": {"demo"}, "password": {"demo"}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return srv, agent, ended, live, st
}

// getJSON GETs path and decodes the answer.
func getJSON(t *testing.T, c *http.Client, u string) (int, map[string]any) {
	t.Helper()
	resp, err := c.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

func TestHistorySearch(t *testing.T) {
	srv, agent, ended, _ := historyServer(t)
	api := srv.URL + "/agent/api/history"

	status, got := getJSON(t, agent, api+"?q=invoice&agent=demo&rule=pricing&from=2000-01-01&to="+time.Now().Format(time.DateOnly))
	require.Equal(t, http.StatusOK, status)
	hits := got["hits"].([]any)
	require.Len(t, hits, 1)
	hit := hits[0].(map[string]any)
	assert.Equal(t, ended.ID, hit["conversation"])
	assert.Equal(t, "Ada", hit["visitorName"])
	assert.Equal(t, "Demo Agent", hit["agentName"])
	assert.Equal(t, "pricing", hit["rule"])
	assert.Equal(t, "ended", hit["state"])
	assert.Contains(t, hit["snippet"], "invoice")
	assert.Equal(t, "", got["next"], "one page")

	_, got = getJSON(t, agent, api+"?q=parcel")
	assert.Empty(t, got["hits"])
	_, got = getJSON(t, agent, api+"?limit=1")
	assert.NotEmpty(t, got["next"], "a full page has a next")
	_, got = getJSON(t, agent, api+"?limit=1&cursor="+got["next"].(string))
	assert.Empty(t, got["hits"])

	for _, tc := range []struct{ name, query, code string }{
		{"q too long", "q=" + strings.Repeat("é", server.MaxHistoryQueryRunes+1), "query_too_long"},
		{"bad from", "from=yesterday", "bad_date"},
		{"bad to", "to=2026-13-01", "bad_date"},
		{"from after to", "from=2026-12-02&to=2026-12-01T00:00:00Z", "bad_range"},
		{"bad cursor", "cursor=-3", "bad_cursor"},
		{"bad limit", "limit=51", "bad_limit"},
		{"agent too long", "agent=" + strings.Repeat("a", 129), "filter_too_long"},
		{"not UTF-8", "q=%ff", "bad_text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, got := getJSON(t, agent, api+"?"+tc.query)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Equal(t, tc.code, got["code"])
		})
	}
	t.Run("signed out", func(t *testing.T) {
		for _, p := range []string{"/agent/api/history", "/agent/api/history/" + ended.ID, "/agent/api/conversations/" + ended.ID + "/earlier"} {
			status, got := getJSON(t, http.DefaultClient, srv.URL+p)
			assert.Equal(t, http.StatusUnauthorized, status, p)
			assert.Equal(t, "signed_out", got["code"])
		}
	})
}

func TestHistoryConversationAndEarlier(t *testing.T) {
	srv, agent, ended, live := historyServer(t)

	status, got := getJSON(t, agent, srv.URL+"/agent/api/history/"+ended.ID)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Ada", got["visitorName"])
	assert.Equal(t, "Demo Agent", got["agentName"])
	assert.Equal(t, "agent", got["endedBy"])
	msgs := got["messages"].([]any)
	require.Len(t, msgs, 1)
	assert.Equal(t, "My invoice is wrong", msgs[0].(map[string]any)["text"])
	notes := got["notes"].([]any)
	require.Len(t, notes, 1)
	assert.Equal(t, "VIP", notes[0].(map[string]any)["text"])
	details := got["details"].(map[string]any)
	assert.Equal(t, "pricing", details["ruleId"])
	assert.Equal(t, "ada@example.com", details["prechat"].(map[string]any)["email"])
	assert.Nil(t, got["survey"], "no survey answered")

	status, got = getJSON(t, agent, srv.URL+"/agent/api/history/"+live.ID)
	assert.Equal(t, http.StatusNotFound, status, "a live chat is not in the history")
	assert.Equal(t, "not_in_history", got["code"])
	status, _ = getJSON(t, agent, srv.URL+"/agent/api/history/nope")
	assert.Equal(t, http.StatusNotFound, status)

	status, got = getJSON(t, agent, srv.URL+"/agent/api/conversations/"+live.ID+"/earlier")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "email", got["by"])
	assert.Equal(t, float64(1), got["count"])
	latest := got["latest"].([]any)
	require.Len(t, latest, 1)
	assert.Equal(t, ended.ID, latest[0].(map[string]any)["conversation"])

	status, got = getJSON(t, agent, srv.URL+"/agent/api/conversations/"+ended.ID+"/earlier")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, float64(0), got["count"], "nothing before the first")
	status, got = getJSON(t, agent, srv.URL+"/agent/api/conversations/nope/earlier")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "unknown_conversation", got["code"])
}

// A conversation of the history brings its post-chat survey and its
// files; any agent may fetch the files of a conversation that is over
// (its transcript is every agent's), not those of another agent's live
// one.
func TestHistoryConversationKeepsSurveyAndFiles(t *testing.T) {
	srv, agent, _, _, st := historyServerStore(t)
	ctx := context.Background()
	at := time.Now().Add(-time.Hour)
	conv, _, _, err := st.Start(ctx, "w1", "v3", "c", []byte(`{"prechat":{"name":"Bea"}}`), at)
	require.NoError(t, err)
	_, err = st.Accept(ctx, conv.ID, "someone-else", at)
	require.NoError(t, err)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 40)...)
	a, err := st.AddAttachment(ctx, store.Attachment{Conversation: conv.ID, Sender: "visitor", Name: "bill.png",
		Type: "image/png", Size: int64(len(png)), Data: png}, at)
	require.NoError(t, err)
	_, _, err = st.AddMessage(ctx, store.Message{Conversation: conv.ID, CID: "f", From: "visitor", Name: "Bea", Text: "bill.png",
		At: at, Attachment: store.AttachmentRef{ID: a.ID, Type: a.Type, Size: a.Size}})
	require.NoError(t, err)
	file := srv.URL + "/agent/attachments/" + conv.ID + "/" + a.ID
	fetch := func() int {
		resp, err := agent.Get(file)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusForbidden, fetch(), "another agent's live conversation")

	_, err = st.End(ctx, conv.ID, "visitor", at.Add(time.Minute))
	require.NoError(t, err)
	_, err = st.Rate(ctx, conv.ID, store.Rating{Rating: -1, Comment: "Slow answer", At: at.Add(2 * time.Minute)})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, fetch(), "over, it is in every agent's history")

	status, got := getJSON(t, agent, srv.URL+"/agent/api/history/"+conv.ID)
	require.Equal(t, http.StatusOK, status)
	survey, _ := got["survey"].(map[string]any)
	require.NotNil(t, survey, "%v", got)
	assert.Equal(t, -1.0, survey["rating"])
	assert.Equal(t, "Slow answer", survey["comment"])
	assert.Equal(t, []any{}, survey["answers"])
	msgs := got["messages"].([]any)
	require.Len(t, msgs, 1)
	att := msgs[0].(map[string]any)["attachment"].(map[string]any)
	assert.Equal(t, map[string]any{"id": a.ID, "name": "bill.png", "type": "image/png", "size": float64(len(png))}, att)
}
