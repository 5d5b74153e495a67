package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDamagedStoreIsRefusedAtStart(t *testing.T) {
	data := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(data, "lcwasm.db"), []byte(strings.Repeat("garbage ", 2048)), 0o600))
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-data", data, "-site", t.TempDir(),
		"-dist", t.TempDir()}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "lcwasm.db is damaged")
}

func TestReadyzAndIdleTimeout(t *testing.T) {
	url := start(t, "-site", t.TempDir(), "-dist", t.TempDir(), "-idle-timeout", "300ms", "-retain", "30d")
	code, body := getBody(t, url+"readyz")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ok", body)

	c, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/"))
	require.NoError(t, err)
	defer c.Close()
	_, err = io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = io.Copy(io.Discard, c)
	var ne net.Error
	assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the idle connection was closed")
}

func TestRetainFlag(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "36h": 36 * time.Hour, "0": 0, "1d": 24 * time.Hour} {
		c, err := parseFlags([]string{"-retain", in}, io.Discard)
		require.NoError(t, err, in)
		assert.Equal(t, want, time.Duration(c.retain), in)
	}
	c, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "90d", c.retain.String(), "the default")
	for _, bad := range []string{"x", "-1d", "1.5d", "-2h"} {
		_, err := parseFlags([]string{"-retain", bad}, io.Discard)
		assert.Error(t, err, bad)
	}
}
