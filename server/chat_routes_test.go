package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
)

// The chat routes are mounted by New, with an in-memory store and the demo
// agent when Options leave them out, and a page of the same server may
// open the visitor channel.
func TestChatRoutesSameOriginAndDemoAgent(t *testing.T) {
	h, err := server.New(fixture())
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/widgets/w1/chat",
		&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}, HTTPHeader: http.Header{"Origin": {srv.URL}}})
	require.NoError(t, err)
	defer ws.CloseNow()
	require.NoError(t, ws.Write(ctx, websocket.MessageText, []byte(`{"type":"start","cid":"s","visitor":{"id":"v"}}`)))
	_, b, err := ws.Read(ctx)
	require.NoError(t, err)
	var started map[string]any
	require.NoError(t, json.Unmarshal(b, &started))
	assert.Equal(t, "started", started["type"])

	resp, err := http.Get(srv.URL + "/api/v1/widgets/w1/availability")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
	assert.Contains(t, string(body), `"isAgentAvailable":false`)

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.PostForm(srv.URL+"/agent/login", url.Values{"user": {"demo"}, "password": {"demo"}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, err = http.Get(srv.URL + "/agent")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
}

func TestAgentPrefixIsReserved(t *testing.T) {
	o := fixture()
	o.Extra["/agent/"] = o.Site
	_, err := server.New(o)
	assert.ErrorContains(t, err, "collides")
}

func TestAllowedOriginsMustBeAList(t *testing.T) {
	o := fixture()
	o.Widgets["bad"] = json.RawMessage(`{"allowedOrigins":"https://shop.example"}`)
	_, err := server.New(o)
	assert.ErrorContains(t, err, "allowedOrigins")
}
