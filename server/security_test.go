package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/server"
)

// TestEveryResponseCarriesTheSecurityHeaders walks every route, found or
// not, allowed or not: each response has nosniff, a Referrer-Policy and
// the Permissions-Policy; HTML documents have a CSP (the bundle's pop-out
// carries its own in a meta tag; the e2e mounts are test fixtures) and an
// opener policy that keeps the pop-out's opener; the console is never
// framed nor cached.
func TestEveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	h := newHandler(t, fixture())
	tests := []struct {
		method, path  string
		html, console bool
		coop          string
	}{
		{"GET", "/", true, false, "same-origin-allow-popups"},
		{"GET", "/about.html", true, false, "same-origin-allow-popups"},
		{"GET", "/demo.js", false, false, ""},
		{"GET", "/lcw/lcw.js", false, false, ""},
		{"GET", "/lcw/popout.html", false, false, ""},
		{"GET", "/lcw/missing.js", false, false, ""},
		{"GET", "/missing", false, false, ""},
		{"POST", "/", false, false, ""},
		{"GET", "/api/v1/widgets/w1/config", false, false, ""},
		{"OPTIONS", "/api/v1/widgets/w1/config", false, false, ""},
		{"GET", "/api/v1/widgets/w1/availability", false, false, ""},
		{"GET", "/api/v1/widgets/w1/chat", false, false, ""},
		{"GET", "/api/v1/widgets/nope/config", false, false, ""},
		{"GET", "/healthz", false, false, ""},
		{"GET", "/agent", true, true, "same-origin"},
		{"GET", "/agent/", true, true, "same-origin"}, // the redirect's body
		{"GET", "/agent/session", false, true, ""},
		{"GET", "/agent/ws", false, true, ""},
		{"POST", "/agent/login", true, true, "same-origin"},
		{"POST", "/agent/logout", false, true, ""},
		{"GET", "/agent/static/console.js", false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader("user=x&password=y"))
			if tt.method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			resp := rec.Result()
			hd := resp.Header
			assert.Equal(t, "nosniff", hd.Get("X-Content-Type-Options"))
			assert.Equal(t, "strict-origin-when-cross-origin", hd.Get("Referrer-Policy"))
			assert.Equal(t, server.PermissionsPolicy, hd.Get("Permissions-Policy"))
			isHTML := strings.HasPrefix(hd.Get("Content-Type"), "text/html")
			if tt.html {
				assert.True(t, isHTML, "Content-Type %q", hd.Get("Content-Type"))
				assert.Regexp(t, `default-src '(self|none)'`, hd.Get("Content-Security-Policy"))
				assert.NotContains(t, hd.Get("Content-Security-Policy"), "unsafe-inline")
			}
			assert.Equal(t, tt.coop, hd.Get("Cross-Origin-Opener-Policy"))
			if tt.console {
				assert.Equal(t, "DENY", hd.Get("X-Frame-Options"))
				want := "no-store"
				if strings.HasPrefix(tt.path, "/agent/static/") {
					want = "no-cache" // public script, revalidated
				}
				assert.Equal(t, want, hd.Get("Cache-Control"), "status %d", resp.StatusCode)
			}
			if isHTML && tt.console {
				assert.Contains(t, hd.Get("Content-Security-Policy"), "frame-ancestors 'none'")
			}
		})
	}
}

// TestAvailabilityIsNeverCached: the agents' presence is live data.
func TestAvailabilityIsNeverCached(t *testing.T) {
	resp := get(t, newHandler(t, fixture()), http.MethodGet, "/api/v1/widgets/w1/availability")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
}
