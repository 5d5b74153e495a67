package server_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
)

// dictionary is the previous release's wasm a returning visitor has.
const dictionary = "\x00asm the previous release"

var dczMagic = "\x5E\x2A\x4D\x18\x20\x00\x00\x00"

// dictFixture is fixture() with a dcz delta of the wasm against dictionary.
func dictFixture() (server.Options, string) {
	o := fixture()
	sum := sha256.Sum256([]byte(dictionary))
	delta := dczMagic + string(sum[:]) + "zstd frame"
	o.Dist.(fstest.MapFS)[wasmName+"."+hex.EncodeToString(sum[:])[:10]+".dcz"] = file(delta)
	return o, delta
}

// sfBinary is h as an RFC 8941 byte sequence, as Chromium sends it.
func sfBinary(h []byte) string {
	return ":" + base64.StdEncoding.EncodeToString(h) + ":"
}

func TestDictionaryNegotiation(t *testing.T) {
	o, delta := dictFixture()
	h := newHandler(t, o)
	sum := sha256.Sum256([]byte(dictionary))
	other := sha256.Sum256([]byte("another release"))
	// Same first ten hex digits, other hash: the delta's header says no.
	prefix := sum
	prefix[31] ^= 1
	const chromium = "gzip, deflate, br, zstd, dcb, dcz"
	tests := []struct {
		name, acceptEncoding, available, want string // want: the Content-Encoding
	}{
		{"dictionary known", chromium, sfBinary(sum[:]), "dcz"},
		{"dcz alone", "dcz", sfBinary(sum[:]), "dcz"},
		{"no Available-Dictionary", chromium, "", "br"},
		{"unknown dictionary", chromium, sfBinary(other[:]), "br"},
		{"same name, other hash", chromium, sfBinary(prefix[:]), "br"},
		{"dcz not accepted", "gzip, br", sfBinary(sum[:]), "br"},
		{"dcz refused", "br, dcz;q=0", sfBinary(sum[:]), "br"},
		{"not a byte sequence", chromium, base64.StdEncoding.EncodeToString(sum[:]), "br"},
		{"bad base64", chromium, ":!!:", "br"},
		{"short hash", chromium, sfBinary(sum[:16]), "br"},
		{"hex, not base64", chromium, ":" + hex.EncodeToString(sum[:]) + ":", "br"},
		{"nothing accepted", "", sfBinary(sum[:]), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := []string{}
			if tt.acceptEncoding != "" {
				hdr = append(hdr, "Accept-Encoding", tt.acceptEncoding)
			}
			if tt.available != "" {
				hdr = append(hdr, "Available-Dictionary", tt.available)
			}
			resp := get(t, h, http.MethodGet, "/lcw/"+wasmName, hdr...)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tt.want, resp.Header.Get("Content-Encoding"))
			assert.Equal(t, "Accept-Encoding, Available-Dictionary", resp.Header.Get("Vary"))
			assert.Equal(t, `match="lcw.*.wasm"`, resp.Header.Get("Use-As-Dictionary"))
			assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"))
			assert.Equal(t, "public, max-age=31536000, immutable", resp.Header.Get("Cache-Control"))
			want := map[string]string{"": wasmBody, "br": brotliOf(wasmBody), "dcz": delta}[tt.want]
			assert.Equal(t, want, body(t, resp))
			etag := map[string]string{"": `"0123456789"`, "br": `"0123456789-br"`,
				"dcz": `"0123456789-dcz-` + hex.EncodeToString(sum[:])[:10] + `"`}[tt.want]
			assert.Equal(t, etag, resp.Header.Get("ETag"))
		})
	}
}

func TestDictionaryHeadAndRange(t *testing.T) {
	o, delta := dictFixture()
	h := newHandler(t, o)
	sum := sha256.Sum256([]byte(dictionary))
	hdr := []string{"Accept-Encoding", "br, dcz", "Available-Dictionary", sfBinary(sum[:])}

	resp := get(t, h, http.MethodHead, "/lcw/"+wasmName, hdr...)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "dcz", resp.Header.Get("Content-Encoding"))
	assert.Empty(t, body(t, resp))

	// Each delta has its own validator: the brotli one does not match it.
	etag := get(t, h, http.MethodGet, "/lcw/"+wasmName, hdr...).Header.Get("ETag")
	resp = get(t, h, http.MethodGet, "/lcw/"+wasmName, append(hdr, "If-None-Match", etag)...)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)
	resp = get(t, h, http.MethodGet, "/lcw/"+wasmName, append(hdr, "If-None-Match", `"0123456789-br"`)...)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, delta, body(t, resp))

	// A range is of the encoded bytes, as for the brotli sibling.
	resp = get(t, h, http.MethodGet, "/lcw/"+wasmName, append(hdr, "Range", "bytes=0-7")...)
	require.Equal(t, http.StatusPartialContent, resp.StatusCode)
	assert.Equal(t, "dcz", resp.Header.Get("Content-Encoding"))
	assert.Equal(t, dczMagic, body(t, resp))

	// The delta itself is not a URL.
	resp = get(t, h, http.MethodGet, "/lcw/"+wasmName+"."+hex.EncodeToString(sum[:])[:10]+".dcz")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Use-As-Dictionary"))
}

// TestDictionaryOnlyForTheWasm: the stylesheet and the loader are no
// dictionaries and vary on Accept-Encoding alone.
func TestDictionaryOnlyForTheWasm(t *testing.T) {
	o, _ := dictFixture()
	h := newHandler(t, o)
	sum := sha256.Sum256([]byte(dictionary))
	for _, name := range []string{cssName, "lcw.js"} {
		resp := get(t, h, http.MethodGet, "/lcw/"+name, "Accept-Encoding", "br, dcz", "Available-Dictionary", sfBinary(sum[:]))
		assert.Equal(t, "br", resp.Header.Get("Content-Encoding"), name)
		assert.Equal(t, "Accept-Encoding", resp.Header.Get("Vary"), name)
		assert.Empty(t, resp.Header.Get("Use-As-Dictionary"), name)
	}
}
