package chat_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/chat"
)

// socketFrom opens a WebSocket on path from the local address ip; the
// response's status when the upgrade is refused.
func (e *env) socketFrom(ip, path string, header http.Header, protos ...string) (*websocket.Conn, int) {
	e.t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	hc := &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+path,
		&websocket.DialOptions{HTTPClient: hc, HTTPHeader: header, Subprotocols: protos})
	if err != nil {
		require.NotNil(e.t, resp, "dial from %s: %v", ip, err)
		return nil, resp.StatusCode
	}
	e.t.Cleanup(func() { ws.CloseNow() })
	return ws, http.StatusSwitchingProtocols
}

// TestSocketsPerAddress: one address may hold DefaultSocketsPerAddress
// WebSockets, visitor and console channels together; the next is refused
// with 429 before the upgrade; another address is unaffected, and a
// closed socket frees its place.
func TestSocketsPerAddress(t *testing.T) {
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) { o.SocketsPerAddress = 0 } // the default
	e.restart()
	const visitor, attack = "/api/v1/widgets/w1/chat", "127.0.0.2"
	require.Equal(t, 50, chat.DefaultSocketsPerAddress)

	var open []*websocket.Conn
	refused := 0
	agent, code := e.socketFrom(attack, "/agent/ws", http.Header{"Cookie": {"agent=alice"}})
	require.Equal(t, http.StatusSwitchingProtocols, code, "a console counts too")
	open = append(open, agent)
	for i := 0; i < 59; i++ {
		ws, code := e.socketFrom(attack, visitor, nil, wire.Subprotocol)
		switch code {
		case http.StatusSwitchingProtocols:
			open = append(open, ws)
		case http.StatusTooManyRequests:
			refused++
		default:
			t.Fatalf("socket %d: status %d", i+2, code)
		}
	}
	assert.Len(t, open, chat.DefaultSocketsPerAddress, "60 tried from one address")
	assert.Equal(t, 10, refused)
	_, code = e.socketFrom(attack, "/agent/ws", http.Header{"Cookie": {"agent=bob"}})
	assert.Equal(t, http.StatusTooManyRequests, code, "the console's route is capped too")

	other, code := e.socketFrom("127.0.0.1", visitor, nil, wire.Subprotocol)
	require.Equal(t, http.StatusSwitchingProtocols, code, "another address is unaffected")
	_ = other

	open[1].Close(websocket.StatusNormalClosure, "")
	deadline := time.Now().Add(5 * time.Second)
	for {
		ws, code := e.socketFrom(attack, visitor, nil, wire.Subprotocol)
		if code == http.StatusSwitchingProtocols {
			_ = ws
			break
		}
		require.Equal(t, http.StatusTooManyRequests, code)
		require.True(t, time.Now().Before(deadline), "a closed socket frees its place")
		time.Sleep(20 * time.Millisecond) // poll: the server notices the close
	}
}

// TestSocketsPerAddressOff: -1 turns the cap off.
func TestSocketsPerAddressOff(t *testing.T) {
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) { o.SocketsPerAddress = 2 }
	e.restart()
	for i := 0; i < 2; i++ {
		_, code := e.socketFrom("127.0.0.3", "/api/v1/widgets/w1/chat", nil, wire.Subprotocol)
		require.Equal(t, http.StatusSwitchingProtocols, code)
	}
	_, code := e.socketFrom("127.0.0.3", "/api/v1/widgets/w1/chat", nil, wire.Subprotocol)
	assert.Equal(t, http.StatusTooManyRequests, code, "a cap of 2")

	e.opts = func(o *chat.Options) { o.SocketsPerAddress = -1 }
	e.restart()
	for i := 0; i < 5; i++ {
		_, code := e.socketFrom("127.0.0.3", "/api/v1/widgets/w1/chat", nil, wire.Subprotocol)
		require.Equal(t, http.StatusSwitchingProtocols, code, "no cap")
	}
}
