package server

import (
	"io/fs"
	"net/http"
	"regexp"
	"strings"
)

// hashedName matches the content-hashed dist files, which never change.
var hashedName = regexp.MustCompile(`^lcw\.([0-9a-f]{10})\.(wasm|css)$`)

const (
	cacheImmutable   = "public, max-age=31536000, immutable"
	cacheRevalidate  = "no-cache"
	distAllowOrigins = "*"
)

// distHandler serves the build output. Requests name the raw file; the
// precompressed sibling is chosen by Accept-Encoding.
type distHandler struct{ fsys fs.FS }

func (h distHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := cleanName(r.URL.Path)
	if !ok || strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".dcz") || !exists(h.fsys, name) {
		notFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Vary", "Accept-Encoding")
	// The loader may live on another origin than the page; it fetches the
	// wasm with instantiateStreaming, which needs CORS.
	hdr.Set("Access-Control-Allow-Origin", distAllowOrigins)
	m := hashedName.FindStringSubmatch(name)
	if m != nil && m[2] == "wasm" {
		// Compression Dictionary Transport (dictionary.go).
		hdr.Set("Vary", "Accept-Encoding, Available-Dictionary")
		hdr.Set("Use-As-Dictionary", useAsDictionary)
	}
	served, coding := name, ""
	if d, ok := delta(h.fsys, name, r); ok {
		served, coding = d, dczEncoding+"-"+strings.TrimSuffix(d[len(name)+1:], ".dcz")
		hdr.Set("Content-Encoding", dczEncoding)
	} else if enc, compressed := parseAcceptEncoding(r.Header).choose(func(e encoding) bool {
		return exists(h.fsys, name+e.ext)
	}); compressed {
		served, coding = name+enc.ext, enc.name
		hdr.Set("Content-Encoding", enc.name)
	}
	if m != nil {
		hdr.Set("Cache-Control", cacheImmutable)
		etag := m[1]
		if coding != "" {
			etag += "-" + coding
		}
		hdr.Set("ETag", `"`+etag+`"`)
	} else {
		hdr.Set("Cache-Control", cacheRevalidate)
	}
	serveFile(w, r, h.fsys, served, name, true)
}
