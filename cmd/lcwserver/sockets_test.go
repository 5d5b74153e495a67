package main

import (
	"context"
	"io"
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

func TestSocketsPerAddressFlag(t *testing.T) {
	c, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, chat.DefaultSocketsPerAddress, c.socketsPerAddr, "the default")

	url := start(t, "-site", t.TempDir(), "-dist", t.TempDir(), "-sockets-per-address", "2")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dial := func() (*websocket.Conn, *http.Response, error) {
		return websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"api/v1/widgets/lcw-demo/chat",
			&websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}})
	}
	for i := 0; i < 2; i++ {
		ws, _, err := dial()
		require.NoError(t, err)
		defer ws.CloseNow()
	}
	_, resp, err := dial()
	require.Error(t, err)
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the third socket from 127.0.0.1")
}
