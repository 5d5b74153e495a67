package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
)

const (
	wasmName = "lcw.0123456789.wasm"
	cssName  = "lcw.abcdef0123.css"
	wasmBody = "\x00asm fake wasm"
)

// fixture is a small site, dist and extra mount; dist files with siblings
// hold distinct bytes per encoding so tests see which one was sent.
func fixture() server.Options {
	dist := fstest.MapFS{"manifest.json": file(`{"wasm":"` + wasmName + `"}`)}
	for name, body := range map[string]string{
		"lcw.js": "loader", wasmName: wasmBody, cssName: ".a{}", "wasm_exec.js": "go", "popout.html": "<p>pop",
	} {
		dist[name] = file(body)
		dist[name+".br"] = file(brotliOf(body))
		dist[name+".gz"] = file(gzipOf(body))
	}
	return server.Options{
		Site: fstest.MapFS{
			"index.html": file("<h1>demo</h1>"), "demo.js": file("js"), "demo.css": file("css"),
			"about.html": file("<p>about"), "go.mod": file("module x"), "main.go": file("package main"),
			".env": file("SECRET=1"), "assets/lcw.js": file("raw loader"), "logo.svg": file("<svg/>"),
		},
		Dist:    dist,
		Widgets: map[string]json.RawMessage{"w1": json.RawMessage(`{"appId":"w1", "proactiveChat":{"enabled":true}}`)},
		Extra: map[string]fs.FS{"/e2e/": fstest.MapFS{
			"index.html": file("<p>fixtures"), "page.html": file("<p>page"), "sub/x.js": file("x"),
		}},
	}
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func brotliOf(s string) string {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, 11)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func gzipOf(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func newHandler(t *testing.T, o server.Options) http.Handler {
	t.Helper()
	h, err := server.New(o)
	require.NoError(t, err)
	return h
}

// get performs a request with the given headers (name, value pairs).
func get(t *testing.T, h http.Handler, method, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func TestContentTypesAndCaching(t *testing.T) {
	h := newHandler(t, fixture())
	tests := []struct {
		path, contentType, cache string
	}{
		{"/", "text/html; charset=utf-8", "no-cache"},
		{"/index.html", "text/html; charset=utf-8", "no-cache"},
		{"/demo.js", "text/javascript; charset=utf-8", "no-cache"},
		{"/demo.css", "text/css; charset=utf-8", "no-cache"},
		{"/logo.svg", "image/svg+xml", "no-cache"},
		{"/lcw/lcw.js", "text/javascript; charset=utf-8", "no-cache"},
		{"/lcw/wasm_exec.js", "text/javascript; charset=utf-8", "no-cache"},
		{"/lcw/popout.html", "text/html; charset=utf-8", "no-cache"},
		{"/lcw/manifest.json", "application/json", "no-cache"},
		{"/lcw/" + wasmName, "application/wasm", "public, max-age=31536000, immutable"},
		{"/lcw/" + cssName, "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
		{"/e2e/page.html", "text/html; charset=utf-8", "no-store"},
		{"/e2e/", "text/html; charset=utf-8", "no-store"},
		{"/e2e/sub/x.js", "text/javascript; charset=utf-8", "no-store"},
		{"/healthz", "text/plain; charset=utf-8", "no-store"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := get(t, h, http.MethodGet, tt.path)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tt.contentType, resp.Header.Get("Content-Type"))
			assert.Equal(t, tt.cache, resp.Header.Get("Cache-Control"))
			if tt.cache == "no-cache" {
				assert.NotEmpty(t, resp.Header.Get("ETag"), "revalidated files need an ETag")
			}
		})
	}
}

func TestHealthz(t *testing.T) {
	resp := get(t, newHandler(t, fixture()), http.MethodGet, "/healthz")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok", body(t, resp))
}

func TestNotFound(t *testing.T) {
	h := newHandler(t, fixture())
	for _, path := range []string{
		"/lcw/missing.js", "/lcw/lcw.js.br", "/lcw/lcw.js.gz", "/lcw/" + wasmName + ".br", "/lcw/",
		"/go.mod", "/main.go", "/.env", "/assets/lcw.js", "/missing.html",
		"/e2e/missing.html", "/e2e/.hidden", "/api/v1/widgets/w1", "/lcw/%2e%2e/go.mod",
	} {
		t.Run(path, func(t *testing.T) {
			resp := get(t, h, http.MethodGet, path, "Accept-Encoding", "br, gzip")
			assert.Equal(t, http.StatusNotFound, resp.StatusCode)
			assert.Empty(t, resp.Header.Get("Content-Encoding"))
			assert.NotContains(t, resp.Header.Get("Cache-Control"), "immutable")
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	resp := get(t, newHandler(t, fixture()), http.MethodPost, "/lcw/lcw.js")
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestHeadServesHeadersOnly(t *testing.T) {
	resp := get(t, newHandler(t, fixture()), http.MethodHead, "/lcw/"+wasmName, "Accept-Encoding", "br")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "br", resp.Header.Get("Content-Encoding"))
	assert.Empty(t, body(t, resp))
}

func TestConditionalRequests(t *testing.T) {
	h := newHandler(t, fixture())
	for _, path := range []string{"/lcw/lcw.js", "/lcw/" + wasmName, "/"} {
		t.Run(path, func(t *testing.T) {
			first := get(t, h, http.MethodGet, path, "Accept-Encoding", "gzip")
			etag := first.Header.Get("ETag")
			require.NotEmpty(t, etag)
			again := get(t, h, http.MethodGet, path, "Accept-Encoding", "gzip", "If-None-Match", etag)
			assert.Equal(t, http.StatusNotModified, again.StatusCode)
			other := get(t, h, http.MethodGet, path, "Accept-Encoding", "br", "If-None-Match", etag)
			if first.Header.Get("Content-Encoding") != other.Header.Get("Content-Encoding") {
				assert.Equal(t, http.StatusOK, other.StatusCode, "each encoding has its own ETag")
			}
		})
	}
}
