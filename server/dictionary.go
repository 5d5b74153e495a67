package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"strings"
)

// Compression Dictionary Transport (RFC 9842). Every wasm response says
// the browser may keep it as a dictionary for later wasms of this dist
// (Use-As-Dictionary); a browser that has one names it in
// Available-Dictionary and accepts dcz, and gets the build's delta of the
// new wasm against it: lcw.<new>.wasm.<old>.dcz, whose <old> is the first
// ten hex digits of the dictionary's SHA-256 and whose header holds all of
// it. Anything else (no header, an unknown or malformed hash, no dcz in
// Accept-Encoding, no delta) gets brotli or gzip as before.

// useAsDictionary is the Use-As-Dictionary of a wasm. The pattern is
// relative, resolved against the wasm's URL, so it matches every hashed
// wasm in the same directory wherever dist is mounted.
const useAsDictionary = `match="lcw.*.wasm"`

// dczEncoding is the Content-Encoding of a delta.
const dczEncoding = "dcz"

// dczMagic starts a dcz body; the dictionary's SHA-256 follows.
var dczMagic = []byte{0x5E, 0x2A, 0x4D, 0x18, 0x20, 0x00, 0x00, 0x00}

// availableDictionary returns the SHA-256 an Available-Dictionary header
// names: a structured-field byte sequence, ":<base64>:" (RFC 8941). ok is
// false when there is none, more than one, or it is not 32 bytes.
func availableDictionary(h http.Header) (sum []byte, ok bool) {
	vs := h.Values("Available-Dictionary")
	if len(vs) != 1 {
		return nil, false
	}
	v := strings.TrimSpace(vs[0])
	if len(v) < 2 || v[0] != ':' || v[len(v)-1] != ':' {
		return nil, false
	}
	b, err := base64.StdEncoding.DecodeString(v[1 : len(v)-1])
	if err != nil || len(b) != sha256.Size {
		return nil, false
	}
	return b, true
}

// delta returns the name of the delta of the wasm name for the request's
// dictionary, or false when the request cannot have one. The delta must
// exist and its header must name exactly that dictionary.
func delta(fsys fs.FS, name string, r *http.Request) (string, bool) {
	if !strings.HasSuffix(name, ".wasm") || parseAcceptEncoding(r.Header).q(dczEncoding) <= 0 {
		return "", false
	}
	sum, ok := availableDictionary(r.Header)
	if !ok {
		return "", false
	}
	file := name + "." + hex.EncodeToString(sum)[:10] + ".dcz"
	f, err := fsys.Open(file)
	if err != nil {
		return "", false
	}
	defer f.Close()
	head := make([]byte, len(dczMagic)+sha256.Size)
	if _, err := io.ReadFull(f, head); err != nil {
		return "", false
	}
	if !bytes.Equal(head[:len(dczMagic)], dczMagic) || !bytes.Equal(head[len(dczMagic):], sum) {
		return "", false
	}
	return file, true
}
