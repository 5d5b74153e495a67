package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// contentTypes are the types of the files we serve, exact so that
// WebAssembly.instantiateStreaming accepts the bundle and nosniff pages work.
var contentTypes = map[string]string{
	".wasm":  "application/wasm",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".html":  "text/html; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".ts":    "text/plain; charset=utf-8", // lcw.d.ts
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
}

// contentType returns the Content-Type for a file name.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// cleanName turns a URL path relative to a mount into a file name, or
// reports false for names we never serve: invalid paths and any segment
// starting with a dot (.git, .env, editor files).
func cleanName(p string) (string, bool) {
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if !fs.ValidPath(p) {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return p, true
}

// errNotFile is returned by openFile for directories and other non-files.
var errNotFile = errors.New("server: not a regular file")

// openFile opens name in fsys as a seekable regular file. The caller
// closes the returned file.
func openFile(fsys fs.FS, name string) (fs.File, io.ReadSeeker, fs.FileInfo, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = errNotFile
	}
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	if rs, ok := f.(io.ReadSeeker); ok {
		return f, rs, info, nil
	}
	b, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	return f, bytes.NewReader(b), info, nil
}

// exists reports whether name is a regular file in fsys.
func exists(fsys fs.FS, name string) bool {
	info, err := fs.Stat(fsys, name)
	return err == nil && info.Mode().IsRegular()
}

// contentETag returns a strong ETag for the content of r and rewinds it.
func contentETag(r io.ReadSeeker) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	return `"` + hex.EncodeToString(h.Sum(nil))[:20] + `"`, nil
}

// serveFile writes file from fsys, with the headers already set on w and the
// Content-Type of name (a precompressed sibling has the type of its raw
// file). withETag adds an ETag computed from the content unless one is set.
// Missing files are 404s.
func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, file, name string, withETag bool) {
	f, content, info, err := openFile(fsys, file)
	if err != nil {
		notFound(w, r)
		return
	}
	defer f.Close()
	if withETag && w.Header().Get("ETag") == "" {
		etag, err := contentETag(content)
		if err != nil {
			http.Error(w, "server: reading file", http.StatusInternalServerError)
			return
		}
		w.Header().Set("ETag", etag)
	}
	w.Header().Set("Content-Type", contentType(name))
	http.ServeContent(w, r, name, info.ModTime(), content)
}

// notFound writes a 404 without the caching and encoding headers set for
// the file that was not found.
func notFound(w http.ResponseWriter, r *http.Request) {
	for _, h := range []string{"Cache-Control", "Content-Encoding", "ETag", "Vary", "Use-As-Dictionary"} {
		w.Header().Del(h)
	}
	http.NotFound(w, r)
}

// extraHandler serves an Extra mount: static files, never cached.
type extraHandler struct{ fsys fs.FS }

func (h extraHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := cleanName(r.URL.Path)
	if !ok {
		notFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	serveFile(w, r, h.fsys, name, name, false)
}
