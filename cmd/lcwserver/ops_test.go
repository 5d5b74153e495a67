package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// freeAddr returns a loopback address no one listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

func TestMetricsAddrFlag(t *testing.T) {
	maddr := freeAddr(t)
	url := start(t, "-site", t.TempDir(), "-dist", t.TempDir(), "-metrics-addr", maddr)
	code, body := getBody(t, "http://"+maddr+"/metrics")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "lcwasm_sockets_open")
	code, _ = getBody(t, url+"metrics")
	assert.Equal(t, http.StatusNotFound, code, "not on -addr once -metrics-addr is set")
}

func TestMetricsOnAddrForLoopback(t *testing.T) {
	url := start(t, "-site", t.TempDir(), "-dist", t.TempDir())
	code, body := getBody(t, url+"metrics")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "lcwasm_conversations")
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestLogJSON(t *testing.T) {
	var stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"-addr", "127.0.0.1:0", "-data", t.TempDir(), "-site", t.TempDir(),
			"-dist", t.TempDir(), "-log", "json"}, pw, &stderr)
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	go io.Copy(io.Discard, pr)
	url := strings.TrimPrefix(strings.TrimSpace(line), "lcwasm demo: ")
	getBody(t, url+"healthz")
	cancel()
	select {
	case err := <-errc:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	require.NotEmpty(t, lines)
	var sawRequest bool
	for _, l := range lines {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &rec), "a JSON record: %s", l)
		assert.Contains(t, rec, "level")
		sawRequest = sawRequest || (rec["msg"] == "request" && rec["path"] == "/healthz")
	}
	assert.True(t, sawRequest, "the request is logged: %s", stderr.String())

	_, err = parseFlags([]string{"-log", "xml"}, io.Discard)
	require.NoError(t, err)
	assert.ErrorContains(t, run(context.Background(), []string{"-log", "xml"}, io.Discard, io.Discard), "want text or json")
}
