package server

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// PermissionsPolicy is sent with every response: the site, the widget
// and the console use none of these features, so no page or frame of
// ours may ask for them.
const PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

// fallbackCSP is the policy of the console's HTML that is no page of its
// own (a redirect's body): nothing may run, load or frame it.
const fallbackCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// securityHeaders adds the headers every response carries, the agent
// console's (never cached, never framed) and, once the handler has set
// the Content-Type, those of HTML documents: Cross-Origin-Opener-Policy
// same-origin for the console, same-origin-allow-popups for the site
// (its pop-out keeps its opener), none for the bundle's own pop-out page,
// which other sites open.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", PermissionsPolicy)
		console := isConsole(r.URL.Path)
		if console {
			h.Set("Cache-Control", "no-store") // a handler may relax it (static files)
			h.Set("X-Frame-Options", "DENY")
		}
		next.ServeHTTP(&documentHeaders{ResponseWriter: w, console: console,
			bundle: strings.HasPrefix(r.URL.Path, "/lcw/")}, r)
	})
}

// isConsole reports whether path belongs to the agent console or the
// site owner's console.
func isConsole(path string) bool {
	return path == "/agent" || strings.HasPrefix(path, "/agent/") || path == "/admin" || strings.HasPrefix(path, "/admin/")
}

// documentHeaders adds the headers of HTML documents when the response's
// header is written.
type documentHeaders struct {
	http.ResponseWriter
	console, bundle bool
	done            bool
}

func (d *documentHeaders) finish() {
	if d.done {
		return
	}
	d.done = true
	h := d.Header()
	if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		return
	}
	switch {
	case d.console:
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if h.Get("Content-Security-Policy") == "" { // a redirect's body, an error page
			h.Set("Content-Security-Policy", fallbackCSP)
		}
	case !d.bundle:
		h.Set("Cross-Origin-Opener-Policy", "same-origin-allow-popups")
	}
}

func (d *documentHeaders) WriteHeader(code int) {
	d.finish()
	d.ResponseWriter.WriteHeader(code)
}

func (d *documentHeaders) Write(b []byte) (int, error) {
	d.finish()
	return d.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (the
// WebSocket upgrade hijacks it).
func (d *documentHeaders) Unwrap() http.ResponseWriter { return d.ResponseWriter }

// logRequests logs one record per request: method, path, status, bytes and
// duration.
func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
