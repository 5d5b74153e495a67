package chat

import "net/http"

// OriginAllowed reports whether the page that sent r may use the
// widget's visitor endpoints: no Origin header (not a browser), the
// server's own origin, or one of the widget's allowedOrigins, as for the
// visitor channel.
func OriginAllowed(r *http.Request, w Widget) bool { return originAllowed(r, w.AllowedOrigins) }
