package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrecompressedNegotiation(t *testing.T) {
	h := newHandler(t, fixture())
	tests := []struct {
		name, acceptEncoding, want string // want "" = the raw file
	}{
		{"no header", "", ""},
		{"gzip only", "gzip", "gzip"},
		{"brotli only", "br", "br"},
		{"browser default", "gzip, deflate, br, zstd", "br"},
		{"br preferred on a tie", "gzip;q=0.8, br;q=0.8", "br"},
		{"higher weight wins", "br;q=0.5, gzip;q=0.9", "gzip"},
		{"br refused", "br;q=0, gzip", "gzip"},
		{"both refused", "br;q=0, gzip;q=0.000", ""},
		{"wildcard", "*", "br"},
		{"wildcard refused", "*;q=0", ""},
		{"wildcard minus br", "*, br;q=0", "gzip"},
		{"identity only", "identity", ""},
		{"unknown codings", "deflate, zstd", ""},
		{"case-insensitive", "BR", "br"},
		{"x-gzip alias", "x-gzip", "gzip"},
		{"spaces and params", " gzip ; Q=1 ,br ; q = 0 ", "gzip"},
		{"invalid q ignored", "br;q=abc, gzip", "gzip"},
		{"q above 1 ignored", "br;q=2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(t, h, http.MethodGet, "/lcw/"+wasmName, "Accept-Encoding", tt.acceptEncoding)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tt.want, resp.Header.Get("Content-Encoding"))
			assert.Equal(t, "Accept-Encoding, Available-Dictionary", resp.Header.Get("Vary"))
			assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
			want := map[string]string{"": wasmBody, "br": brotliOf(wasmBody), "gzip": gzipOf(wasmBody)}[tt.want]
			assert.Equal(t, want, body(t, resp))
		})
	}
}

func TestNegotiationSplitHeaders(t *testing.T) {
	resp := get(t, newHandler(t, fixture()), http.MethodGet, "/lcw/lcw.js",
		"Accept-Encoding", "gzip;q=0.5", "Accept-Encoding", "br;q=0.7")
	assert.Equal(t, "br", resp.Header.Get("Content-Encoding"))
}

func TestNoSiblingServesRaw(t *testing.T) {
	resp := get(t, newHandler(t, fixture()), http.MethodGet, "/lcw/manifest.json", "Accept-Encoding", "br, gzip")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Content-Encoding"))
	assert.Contains(t, body(t, resp), wasmName)
}

func TestDistAllowsCrossOriginFetch(t *testing.T) {
	resp := get(t, newHandler(t, fixture()), http.MethodGet, "/lcw/"+wasmName)
	assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
}
