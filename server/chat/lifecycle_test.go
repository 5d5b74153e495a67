package chat_test

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
)

// hubGoroutines counts the goroutines running code of package chat (not
// its tests): the hub's Run, connections' readers, writers, heartbeats,
// session watchers and handlers.
func hubGoroutines() (int, string) {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	var found []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "lcwasm/server/chat.") {
			n++
			found = append(found, g)
		}
	}
	return n, strings.Join(found, "\n\n")
}

// TestShutdownClosesEveryConnectionAndWaits: Shutdown closes visitors and
// consoles with 1012 (service restart), refuses new connections with
// 503, and returns only once every goroutine of the hub has ended.
func TestShutdownClosesEveryConnectionAndWaits(t *testing.T) {
	e := newEnv(t, "", nil)
	ann := e.agent("ann")
	v := e.visitor()
	conv, _ := v.start("alice", nil)
	ann.waitQueue(func(items []frame) bool { return len(items) == 1 })
	idle := e.visitor() // no conversation yet
	ann.send(frame{"type": "accept", "conversation": conv})
	ann.expect("conversation")
	n, _ := hubGoroutines()
	require.Greater(t, n, 10, "the hub's goroutines are counted")

	// The clients read, so the close handshakes complete.
	codes := make(chan websocket.StatusCode, 3)
	for _, c := range []*client{ann, v, idle} {
		go func() {
			for {
				if _, _, err := c.ws.Read(context.Background()); err != nil {
					codes <- websocket.CloseStatus(err)
					return
				}
			}
		}()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, e.hub.Shutdown(ctx))
	n, stacks := hubGoroutines()
	assert.Zero(t, n, "goroutines of the hub left after Shutdown:\n%s", stacks)
	for range 3 {
		assert.Equal(t, chat.StatusServiceRestart, <-codes)
	}

	_, resp, err := e.dial("/api/v1/widgets/w1/chat", dialOpts())
	require.Error(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	require.NoError(t, e.hub.Shutdown(ctx), "a second Shutdown has nothing to do")
}

// TestShutdownIsBounded: a client that never answers the close handshake
// does not hold Shutdown beyond its context; the connection is dropped.
func TestShutdownIsBounded(t *testing.T) {
	e := newEnv(t, "", nil)
	v := e.visitor() // never reads: its close handshake never completes
	v.start("alice", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := e.hub.Shutdown(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
	// Dropped, the goroutines end within the library's 5 s bound on a
	// close handshake.
	deadline := time.Now().Add(8 * time.Second)
	for {
		n, stacks := hubGoroutines()
		if n == 0 {
			break
		}
		require.True(t, time.Now().Before(deadline), "goroutines left:\n%s", stacks)
		time.Sleep(10 * time.Millisecond) // polling for the goroutines to end
	}
}
