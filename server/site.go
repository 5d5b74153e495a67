package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// siteExts are the file types the site serves. The site root is usually the
// repository itself, so everything else (Go sources, go.mod, the Makefile)
// stays private, as do subdirectories and dot-files.
var siteExts = map[string]bool{
	".html": true, ".css": true, ".js": true, ".svg": true, ".png": true,
	".jpg": true, ".jpeg": true, ".webp": true, ".avif": true, ".ico": true, ".woff2": true,
}

// siteHandler serves the top-level files of the demo site.
type siteHandler struct{ fsys fs.FS }

// serveIndex serves index.html for "/" and "/index.html".
func (h siteHandler) serveIndex(w http.ResponseWriter, r *http.Request) {
	h.serveName(w, r, "index.html")
}

func (h siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	if !sitePublic(name) {
		notFound(w, r)
		return
	}
	h.serveName(w, r, name)
}

func (h siteHandler) serveName(w http.ResponseWriter, r *http.Request, name string) {
	w.Header().Set("Cache-Control", cacheRevalidate)
	if path.Ext(name) == ".html" {
		w.Header().Set("Content-Security-Policy", ContentSecurityPolicy)
	}
	serveFile(w, r, h.fsys, name, name, true)
}

// sitePublic reports whether the site may serve name: a top-level file, not
// a dot-file, of one of the siteExts types.
func sitePublic(name string) bool {
	if name == "" || strings.Contains(name, "/") || strings.HasPrefix(name, ".") || !fs.ValidPath(name) {
		return false
	}
	return siteExts[strings.ToLower(path.Ext(name))]
}
