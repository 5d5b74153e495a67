package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/metrics"
	"github.com/lcwasm/lcwasm/server/store"
)

const goodOffline = `{"name":"Ana","email":"ana@example.com","message":"Do you ship to Norway?"}`

// leaveFrom posts body to target from the client address addr; the status
// and the answer's "code".
func leaveFrom(t *testing.T, h http.Handler, addr, target, body string) (int, string, http.Header) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var got map[string]string
	json.NewDecoder(rec.Body).Decode(&got)
	return rec.Code, got["code"], rec.Header()
}

// TestOfflineMessagesCappedPerAddress: one address leaves at most
// OfflinePerHour messages on one widget an hour; the next is 429 "rate"
// with a Retry-After within the hour; other addresses and other widgets
// are not held back; an IPv6 address counts with its /64; a refused
// form does not count; each refusal is counted in the metrics.
func TestOfflineMessagesCappedPerAddress(t *testing.T) {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store = st
	o.OfflinePerHour = 2
	o.Metrics = metrics.New()
	for _, app := range []string{"shop", "blog"} {
		o.Widgets[app] = json.RawMessage(`{"appId":"` + app + `","chat":{"enabled":true}}`)
	}
	h := newHandler(t, o)
	shop, blog := "/api/v1/widgets/shop/offline-messages", "/api/v1/widgets/blog/offline-messages"

	status, code, _ := leaveFrom(t, h, "192.0.2.1:1000", shop, `{"name":"Ana","email":"ana","message":"hi"}`)
	require.Equal(t, http.StatusBadRequest, status, code)
	for i := range 2 {
		status, code, _ = leaveFrom(t, h, "192.0.2.1:1000", shop, goodOffline)
		require.Equal(t, http.StatusCreated, status, "message %d: %s", i, code)
	}
	status, code, hdr := leaveFrom(t, h, "192.0.2.1:2000", shop, goodOffline)
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, "rate", code)
	after, err := strconv.Atoi(hdr.Get("Retry-After"))
	require.NoError(t, err, "Retry-After %q", hdr.Get("Retry-After"))
	assert.True(t, after >= 1 && after <= 3600, "Retry-After %d", after)
	assert.Equal(t, "*", hdr.Get("Access-Control-Allow-Origin"), "the widget can read the refusal")

	status, _, _ = leaveFrom(t, h, "192.0.2.2:1000", shop, goodOffline)
	assert.Equal(t, http.StatusCreated, status, "another address")
	status, _, _ = leaveFrom(t, h, "192.0.2.1:1000", blog, goodOffline)
	assert.Equal(t, http.StatusCreated, status, "another widget")

	for i, addr := range []string{"[2001:db8::1]:1", "[2001:db8::2]:1", "[2001:db8::3]:1"} {
		status, _, _ = leaveFrom(t, h, addr, shop, goodOffline)
		assert.Equal(t, []int{201, 201, 429}[i], status, "%s: one /64 is one client", addr)
	}
	list, err := st.OfflineMessages(context.Background(), store.OfflineQuery{Limit: 100})
	require.NoError(t, err)
	assert.Len(t, list, 6)
	rec := httptest.NewRecorder()
	o.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	assert.Contains(t, rec.Body.String(), "\nlcwasm_limit_refusals_total{limit=\"offline_per_hour\"} 2\n")
}

// TestOfflineHandledAPI: an agent marks an offline message handled with
// a JSON POST that needs the session, the CSRF token, our own origin
// and a JSON body; the console's list then shows it under "Handled"
// with who and when, not in the default list; it can wait again.
func TestOfflineHandledAPI(t *testing.T) {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store = st
	srv := httptest.NewServer(newHandler(t, o))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	id, err := st.AddOfflineMessage(ctx, store.OfflineMessage{AppID: "shop", Name: "Ana", Text: "Norway?"}, time.Now())
	require.NoError(t, err)

	jar, _ := cookiejar.New(nil)
	agent := &http.Client{Jar: jar}
	post := func(c *http.Client, id string, hdr map[string]string, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/agent/api/offline-messages/"+id+"/handled", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var got map[string]any
		json.NewDecoder(resp.Body).Decode(&got)
		return resp.StatusCode, got
	}
	status, got := post(http.DefaultClient, id, nil, `{"handled":true}`)
	assert.Equal(t, http.StatusUnauthorized, status, "signed out: %v", got)

	resp, err := agent.PostForm(srv.URL+"/agent/login", url.Values{"user": {"demo"}, "password": {"demo"}})
	require.NoError(t, err)
	resp.Body.Close()
	resp, err = agent.Get(srv.URL + "/agent/session")
	require.NoError(t, err)
	var sess map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&sess))
	resp.Body.Close()
	token := map[string]string{"X-CSRF-Token": sess["csrf"]}

	for _, tt := range []struct {
		name, code string
		hdr        map[string]string
		body       string
		status     int
	}{
		{"no CSRF token", "csrf", nil, `{"handled":true}`, http.StatusForbidden},
		{"a wrong one", "csrf", map[string]string{"X-CSRF-Token": "x"}, `{"handled":true}`, http.StatusForbidden},
		{"another site", "origin", map[string]string{"X-CSRF-Token": sess["csrf"], "Origin": "https://evil.example"}, `{"handled":true}`, http.StatusForbidden},
		{"a form", "json", map[string]string{"X-CSRF-Token": sess["csrf"], "Content-Type": "text/plain"}, `{"handled":true}`, http.StatusUnsupportedMediaType},
		{"no handled", "bad_json", token, `{}`, http.StatusBadRequest},
	} {
		status, got := post(agent, id, tt.hdr, tt.body)
		assert.Equal(t, tt.status, status, tt.name)
		assert.Equal(t, tt.code, got["code"], tt.name)
	}
	page := func(query string) string {
		resp, err := agent.Get(srv.URL + "/agent/offline-messages" + query)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	assert.Contains(t, page(""), "Norway?", "nothing changed yet")

	status, got = post(agent, id, token, `{"handled":true}`)
	require.Equal(t, http.StatusOK, status, "%v", got)
	assert.Equal(t, true, got["handled"])
	assert.Equal(t, "demo", got["handledBy"])
	assert.NotEmpty(t, got["handledByName"])
	assert.InDelta(t, float64(time.Now().UnixMilli()), got["handledAt"], 60_000)
	assert.NotContains(t, page(""), "Norway?", "out of the default list")
	handled := page("?show=handled")
	assert.Contains(t, handled, "Norway?")
	assert.Contains(t, handled, "Handled by <bdi>"+got["handledByName"].(string)+"</bdi>")
	assert.Contains(t, handled, `data-csrf="`+sess["csrf"]+`"`)

	status, got = post(agent, id, token, `{"handled":false}`)
	require.Equal(t, http.StatusOK, status, "%v", got)
	assert.Equal(t, false, got["handled"])
	assert.Contains(t, page(""), "Norway?", "waiting again")
	status, got = post(agent, "nope", token, `{"handled":true}`)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "not_found", got["code"])
}

// TestOfflineListSaysOlderOnesExist: a list of 200 (the page's length)
// says that older messages exist; one of 199 does not.
func TestOfflineListSaysOlderOnesExist(t *testing.T) {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store = st
	srv := httptest.NewServer(newHandler(t, o))
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	agent := &http.Client{Jar: jar}
	resp, err := agent.PostForm(srv.URL+"/agent/login", url.Values{"user": {"demo"}, "password": {"demo"}})
	require.NoError(t, err)
	resp.Body.Close()
	page := func() string {
		resp, err := agent.Get(srv.URL + "/agent/offline-messages")
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	for i := range 199 {
		_, err := st.AddOfflineMessage(context.Background(), store.OfflineMessage{AppID: "shop", Text: strconv.Itoa(i)}, time.Now())
		require.NoError(t, err)
	}
	assert.NotContains(t, page(), `id="offline-more"`)
	_, err = st.AddOfflineMessage(context.Background(), store.OfflineMessage{AppID: "shop", Text: "200"}, time.Now())
	require.NoError(t, err)
	assert.Contains(t, page(), "The newest 200 are shown; mark some handled to see older ones.")
}
