package server

import (
	"log"
	"net/http"
	"strings"
	"time"
)

// MaxHeaderBytes bounds a request's line and headers; a larger block is
// refused with 431 Request Header Fields Too Large. (net/http allows
// 4 KiB of slack over it.)
const MaxHeaderBytes = 32 << 10

// MaxBodyBytes bounds any request body (routes may allow less: the
// sign-in form 4 KiB); reading past it fails and the route answers 413.
const MaxBodyBytes = 64 << 10

// Timeouts bound how long one HTTP request may take. WebSockets are
// excepted once their route is reached: the chat's own keep-alive
// watches them.
type Timeouts struct {
	// ReadHeader bounds the request line and headers (slow-loris
	// headers): 10 s.
	ReadHeader time.Duration
	// Read bounds reading the rest of a request, its body, from when
	// its headers were read: 30 s.
	Read time.Duration
	// Write bounds writing a response other than a file (the API, the
	// console's pages and sign-in): 30 s.
	Write time.Duration
	// File bounds writing a file of the site, the bundle (/lcw/), the
	// console's static files or an Extra mount, which a slow network
	// needs longer for: 2 min.
	File time.Duration
	// Idle bounds how long a keep-alive connection waits for its next
	// request: 60 s.
	Idle time.Duration
}

// DefaultTimeouts are the timeouts of a zero Timeouts field.
var DefaultTimeouts = Timeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second,
	Write: 30 * time.Second, File: 2 * time.Minute, Idle: 60 * time.Second}

// orDefault fills the zero fields of t from DefaultTimeouts.
func (t Timeouts) orDefault() Timeouts {
	d := DefaultTimeouts
	for _, f := range []struct{ v, def *time.Duration }{
		{&t.ReadHeader, &d.ReadHeader}, {&t.Read, &d.Read}, {&t.Write, &d.Write}, {&t.File, &d.File}, {&t.Idle, &d.Idle},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return t
}

// HTTPServer returns an http.Server for h, the handler of [New] made with
// the same t: header and idle timeouts and [MaxHeaderBytes] are the
// server's, the others are set per request by h. The server has no
// ReadTimeout or WriteTimeout of its own, which would cut WebSockets.
func HTTPServer(h http.Handler, t Timeouts, errorLog *log.Logger) *http.Server {
	t = t.orDefault()
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          errorLog,
	}
}

// deadlines sets the read and write deadlines of each request's
// connection (the route's Write or File, after Read for a request with a
// body), and bounds its body by MaxBodyBytes. A WebSocket route lifts them again (liftDeadlines).
func deadlines(t Timeouts, next http.Handler) http.Handler {
	t = t.orDefault()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(now.Add(t.Read)) // ErrNotSupported (a test recorder): no connection to bound
		write := t.File
		if isAPI(r.URL.Path) {
			write = t.Write
		}
		if r.Body != nil && r.Body != http.NoBody {
			limit := int64(MaxBodyBytes)
			if isAttachmentUpload(r) { // its handler answers 413 past maxAttachmentBytes
				limit = maxAttachmentBytes + 1
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			write += t.Read // the answer comes after the body
		}
		rc.SetWriteDeadline(now.Add(write))
		next.ServeHTTP(w, r)
	})
}

// isAttachmentUpload reports whether r posts a file to a conversation
// (POST /api/v1/widgets/{appId}/conversations/{id}/attachments, or the
// agent's POST /agent/attachments/{id}).
func isAttachmentUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && (strings.HasPrefix(r.URL.Path, "/api/v1/widgets/") &&
		strings.HasSuffix(r.URL.Path, "/attachments") || strings.HasPrefix(r.URL.Path, "/agent/attachments/"))
}

// isAPI reports whether path is a route of ours that writes no file.
func isAPI(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/readyz" ||
		(isConsole(path) && !strings.HasPrefix(path, "/agent/static/"))
}

// liftDeadlines removes the deadlines set by deadlines, for a WebSocket
// route: an open socket may be quiet or busy for hours.
func liftDeadlines(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(time.Time{})
		rc.SetWriteDeadline(time.Time{})
		next(w, r)
	}
}
