package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// clientFrom is an HTTP client whose connections come from a loopback
// address of its own (127.0.0.2, …): a distinct visitor to the proxy.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// tlsProxy is a reverse proxy in front of base, as nginx terminating
// TLS would be: X-Forwarded-For and X-Forwarded-Proto https, the
// browser's Host kept, WebSockets passed through.
func tlsProxy(t *testing.T, base string) string {
	t.Helper()
	target, err := url.Parse(base)
	require.NoError(t, err)
	p := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(target)
		pr.SetXForwarded()
		pr.Out.Header.Set("X-Forwarded-Proto", "https")
		pr.Out.Host = pr.In.Host
	}})
	t.Cleanup(p.Close)
	return p.URL + "/"
}

// frames is one WebSocket and a way to read up to a frame of a type.
type frames struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialFrom(ctx context.Context, t *testing.T, ip, url string, h http.Header) (*frames, *http.Response, error) {
	ws, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http"),
		&websocket.DialOptions{HTTPClient: clientFrom(ip), HTTPHeader: h, Subprotocols: []string{wire.Subprotocol}})
	if err != nil {
		return nil, resp, err
	}
	t.Cleanup(func() { ws.CloseNow() })
	return &frames{t: t, ws: ws}, resp, nil
}

func (f *frames) send(ctx context.Context, v map[string]any) {
	f.t.Helper()
	b, _ := json.Marshal(v)
	require.NoError(f.t, f.ws.Write(ctx, websocket.MessageText, b))
}

func (f *frames) until(ctx context.Context, typ string) map[string]any {
	f.t.Helper()
	for {
		_, b, err := f.ws.Read(ctx)
		require.NoError(f.t, err, "waiting for %s", typ)
		var got map[string]any
		require.NoError(f.t, json.Unmarshal(b, &got))
		if got["type"] == typ {
			return got
		}
	}
}

// signIn signs the demo agent in from ip and returns its session cookie.
func signIn(t *testing.T, ip, base string, h http.Header) *http.Cookie {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"agent/login", strings.NewReader(url.Values{"user": {"demo"}, "password": {"demo"}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := clientFrom(ip).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	require.NotEmpty(t, resp.Cookies())
	return resp.Cookies()[0]
}

// A visitor and an agent chat through a reverse proxy trusted with
// -trust-proxy: the WebSockets pass, the console's cookie is Secure (the
// proxy said https), and -sockets-per-address counts each visitor's own
// address from X-Forwarded-For, not the proxy's. A client that reaches
// the server directly cannot choose its address or scheme with the
// same headers.
func TestChatThroughAReverseProxy(t *testing.T) {
	base, stop := startWithData(t, t.TempDir(), "-trust-proxy", "127.0.0.1/32", "-sockets-per-address", "2")
	defer stop()
	proxy := tlsProxy(t, base)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	chatPath := "api/v1/widgets/lcw-demo/chat"

	visitor, _, err := dialFrom(ctx, t, "127.0.0.2", proxy+chatPath, nil)
	require.NoError(t, err)
	visitor.send(ctx, map[string]any{"type": "start", "cid": "s1", "visitor": map[string]any{"id": "v1"}})
	conv := visitor.until(ctx, "started")["conversation"]
	visitor.send(ctx, map[string]any{"type": "send", "cid": "m1", "text": "hello through the proxy"})
	visitor.until(ctx, "ack")

	cookie := signIn(t, "127.0.0.3", proxy, nil)
	assert.True(t, cookie.Secure, "the trusted proxy said https")
	req, _ := http.NewRequest(http.MethodGet, proxy+"agent/session", nil)
	req.AddCookie(cookie)
	resp, err := clientFrom("127.0.0.3").Do(req)
	require.NoError(t, err)
	var sess struct{ CSRF string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&sess))
	resp.Body.Close()
	agent, _, err := dialFrom(ctx, t, "127.0.0.3", proxy+"agent/ws", http.Header{"Cookie": {cookie.String()}})
	require.NoError(t, err)
	agent.send(ctx, map[string]any{"type": "auth", "csrf": sess.CSRF, "protocol": wire.AgentProtocol})
	agent.until(ctx, "hello")
	agent.send(ctx, map[string]any{"type": "accept", "conversation": conv})
	agent.until(ctx, "conversation")
	agent.send(ctx, map[string]any{"type": "send", "conversation": conv, "cid": "a1", "text": "hi, how can I help?"})
	agent.until(ctx, "ack")
	assert.Equal(t, "hi, how can I help?", visitor.until(ctx, "message")["text"])

	// 127.0.0.2 holds one socket and may open one more; the third is
	// refused, while 127.0.0.4, behind the same proxy, is not.
	_, _, err = dialFrom(ctx, t, "127.0.0.2", proxy+chatPath, nil)
	require.NoError(t, err)
	_, resp, err = dialFrom(ctx, t, "127.0.0.2", proxy+chatPath, nil)
	require.Error(t, err)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the third socket of 127.0.0.2")
	for range 2 {
		_, _, err = dialFrom(ctx, t, "127.0.0.4", proxy+chatPath, nil)
		require.NoError(t, err, "another visitor behind the same proxy")
	}

	// Straight to the server from 127.0.0.5, which is no trusted proxy:
	// a new X-Forwarded-For each time changes nothing.
	for i, spoof := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"} {
		_, resp, err := dialFrom(ctx, t, "127.0.0.5", base+chatPath, http.Header{"X-Forwarded-For": {spoof}})
		if i < 2 {
			require.NoError(t, err)
		} else {
			require.Error(t, err)
			assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "counted by its own address")
		}
	}
	direct := signIn(t, "127.0.0.6", base, http.Header{"X-Forwarded-Proto": {"https"}})
	assert.False(t, direct.Secure, "only a trusted proxy says https")

	resp, err = clientFrom("127.0.0.2").Get(proxy + "metrics")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "/metrics is not served through the proxy")
}
