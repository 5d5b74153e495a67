package chat

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// OriginAllowed tells whether r's Origin may use a widget whose
// allowedOrigins are allowed, as the chat start checks it: no Origin
// header (not a browser), the server's own origin, or one of the allowed
// ones ("*" for any). The funnel's beacon checks it too.
func OriginAllowed(r *http.Request, allowed []string) bool { return originAllowed(r, allowed) }

// originAllowed: no Origin header (not a browser), the server's own
// origin, or one of the allowed ones.
func originAllowed(r *http.Request, allowed []string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err == nil && strings.EqualFold(u.Host, r.Host) {
		return true
	}
	return slices.Contains(allowed, "*") || slices.ContainsFunc(allowed, func(a string) bool {
		return strings.EqualFold(strings.TrimSuffix(a, "/"), origin)
	})
}

// checkStart validates a start frame's ids; "" when they are fine (the
// context is checked as it is built, buildContext).
func checkStart(f in) string {
	switch {
	case f.CID == "" || len(f.CID) > maxIDLen:
		return "cid: want 1 to 128 bytes"
	case f.Visitor.ID == "" || len(f.Visitor.ID) > maxIDLen:
		return "visitor.id: want 1 to 128 bytes"
	}
	return ""
}

// checkText validates a send frame; "" when it is fine.
func checkText(f in) string {
	switch {
	case f.CID == "" || len(f.CID) > maxIDLen:
		return "cid: want 1 to 128 bytes"
	case !utf8.ValidString(f.Text) || strings.TrimSpace(f.Text) == "":
		return "text: empty"
	case utf8.RuneCountInString(f.Text) > MaxTextRunes:
		return "text: longer than 4000 characters"
	}
	return ""
}
