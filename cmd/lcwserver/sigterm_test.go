package main

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// buildBinary builds this command into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "lcwserver")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// The real binary, sent SIGTERM with a chat open: /readyz turns 503 at
// once while the chat goes on for -drain-delay, then the socket is
// closed with 1012 (service restart) and the process exits 0 within
// -shutdown-timeout.
func TestSIGTERM(t *testing.T) {
	bin := buildBinary(t)
	var stderr syncBuffer
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-data", t.TempDir(), "-site", t.TempDir(), "-dist", t.TempDir(),
		"-drain-delay", "3s", "-shutdown-timeout", "5s")
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "stderr: %s", stderr.String())
	url := strings.TrimPrefix(strings.TrimSpace(line), "lcwasm demo: ")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"api/v1/widgets/lcw-demo/chat",
		&websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}})
	require.NoError(t, err)
	defer ws.CloseNow()
	roundTrip := func(frame, want string) {
		t.Helper()
		require.NoError(t, ws.Write(ctx, websocket.MessageText, []byte(frame)))
		for {
			_, b, err := ws.Read(ctx)
			require.NoError(t, err)
			if strings.Contains(string(b), want) {
				return
			}
		}
	}
	roundTrip(`{"type":"start","cid":"s","visitor":{"id":"v"}}`, `"type":"started"`)
	code, _ := getBody(t, url+"readyz")
	require.Equal(t, http.StatusOK, code)

	signalled := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.Eventually(t, func() bool {
		resp, err := http.Get(url + "readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	}, 2*time.Second, 10*time.Millisecond, "readyz 503 while draining")
	roundTrip(`{"type":"send","cid":"m1","text":"still there?"}`, `"type":"ack"`)

	var closeErr websocket.CloseError
	for {
		_, _, err := ws.Read(ctx)
		if err != nil {
			require.True(t, errors.As(err, &closeErr), "a close frame, got %v", err)
			break
		}
	}
	assert.Equal(t, websocket.StatusCode(wire.CloseServiceRestart), closeErr.Code)
	assert.GreaterOrEqual(t, time.Since(signalled), 3*time.Second, "not before the drain delay")
	select {
	case err := <-exited:
		require.NoError(t, err, "exit status 0; stderr: %s", stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("did not exit within the shutdown timeout")
	}
	assert.Contains(t, stderr.String(), "shutting down")
	_, err = http.Get(url + "healthz")
	assert.Error(t, err, "nothing listens any more")
}
