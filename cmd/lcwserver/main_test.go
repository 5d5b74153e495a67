package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// start runs the server on a free port and returns its base URL; the
// server is shut down when the test ends and must exit cleanly.
func start(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	errc := make(chan error, 1)
	args = append([]string{"-addr", "127.0.0.1:0", "-data", t.TempDir()}, args...)
	go func() { errc <- run(ctx, args, pw, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-errc:
			assert.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Error("server did not shut down")
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	go io.Copy(io.Discard, pr)
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "lcwasm demo: ")
	require.True(t, ok, "unexpected first line %q", line)
	return url
}

func getBody(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestServesSiteDistAndDemoWidgets(t *testing.T) {
	site, dist := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>shop"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dist, "lcw.js"), []byte("loader"), 0o644))
	url := start(t, "-site", site, "-dist", dist)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/$`, url)

	code, body := getBody(t, url)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "<h1>shop", body)
	_, body = getBody(t, url+"lcw/lcw.js")
	assert.Equal(t, "loader", body)
	code, body = getBody(t, url+"api/v1/widgets/lcw-demo/config")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `"enabled": true`)
	code, _ = getBody(t, url+"api/v1/widgets/lcw-demo-off/config")
	assert.Equal(t, http.StatusOK, code)
}

func TestWidgetsFlag(t *testing.T) {
	file := filepath.Join(t.TempDir(), "widgets.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"mine":{"appId":"mine"}}`), 0o644))
	url := start(t, "-site", t.TempDir(), "-dist", t.TempDir(), "-widgets", file)
	code, body := getBody(t, url+"api/v1/widgets/mine/config")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, `{"appId":"mine"}`, body)
	code, _ = getBody(t, url+"api/v1/widgets/lcw-demo/config")
	assert.Equal(t, http.StatusOK, code, "the built-in widgets stay")
}

func TestWidgetsFlagOverridesByID(t *testing.T) {
	file := filepath.Join(t.TempDir(), "widgets.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"lcw-demo":{"appId":"lcw-demo"}}`), 0o644))
	url := start(t, "-site", t.TempDir(), "-dist", t.TempDir(), "-widgets", file)
	_, body := getBody(t, url+"api/v1/widgets/lcw-demo/config")
	assert.Equal(t, `{"appId":"lcw-demo"}`, body)
	code, _ := getBody(t, url+"api/v1/widgets/lcw-demo-off/config")
	assert.Equal(t, http.StatusOK, code)
}

// TestAllowOriginFlag: -allow-origin lets pages on its origins chat with
// every widget, on top of the widget's own allowedOrigins, which the
// configuration endpoint serves unchanged.
func TestAllowOriginFlag(t *testing.T) {
	file := filepath.Join(t.TempDir(), "widgets.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"mine":{"appId":"mine","chat":{"enabled":true},"allowedOrigins":["https://shop.example"]}}`), 0o644))
	url := start(t, "-site", t.TempDir(), "-dist", t.TempDir(), "-widgets", file,
		"-allow-origin", "http://127.0.0.1:9000", "-allow-origin", "http://localhost:3000")
	_, body := getBody(t, url+"api/v1/widgets/mine/config")
	assert.JSONEq(t, `{"appId":"mine","chat":{"enabled":true},"allowedOrigins":["https://shop.example"]}`, body)
	for _, c := range []struct {
		app, origin string
		ok          bool
	}{
		{"mine", "https://shop.example", true}, {"mine", "http://localhost:3000", true},
		{"lcw-demo", "http://127.0.0.1:9000", true}, {"mine", "https://other.example", false},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"api/v1/widgets/"+c.app+"/chat",
			&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}, HTTPHeader: http.Header{"Origin": {c.origin}}})
		require.NoError(t, err)
		require.NoError(t, ws.Write(ctx, websocket.MessageText, []byte(`{"type":"start","cid":"s","visitor":{"id":"v"}}`)))
		_, b, err := ws.Read(ctx)
		assert.Equal(t, c.ok, err == nil && strings.Contains(string(b), `"type":"started"`), "%s from %s: %s %v", c.app, c.origin, b, err)
		ws.CloseNow()
		cancel()
	}
}

func TestRunFailsOnBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`[1]`), 0o644))
	tests := map[string][]string{
		"unknown flag":     {"-nope"},
		"missing widgets":  {"-widgets", filepath.Join(t.TempDir(), "missing.json")},
		"invalid widgets":  {"-widgets", bad},
		"bad listen addr":  {"-addr", "256.0.0.1:99999"},
		"origin with path": {"-allow-origin", "http://127.0.0.1:9000/shop"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			err := run(context.Background(), args, io.Discard, io.Discard)
			assert.Error(t, err)
		})
	}
}

func TestSiteURL(t *testing.T) {
	tests := map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080/",
		"0.0.0.0:80":     "http://127.0.0.1:80/",
		"[::]:8080":      "http://127.0.0.1:8080/",
		"[::1]:8080":     "http://[::1]:8080/",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, want, siteURL(fakeAddr(in)))
		})
	}
}

type fakeAddr string

func (a fakeAddr) Network() string { return "tcp" }
func (a fakeAddr) String() string  { return string(a) }
