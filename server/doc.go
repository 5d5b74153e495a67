// Package server is the lcwasm reference server: it serves the demo site,
// the dist/ bundle, the widget configurations, the chat (package chat) and
// the agent console (package agent), with everything kept in a SQLite
// store (package store).
//
// [New] returns an http.Handler with these routes:
//
//	GET /, /index.html                  index.html of Options.Site, with a strict CSP
//	GET /<file>                         other top-level site files (.html .css .js and images)
//	GET /lcw/<file>                     Options.Dist, precompressed by Accept-Encoding
//	GET /api/v1/widgets/{appId}/config  the widget's configuration JSON, CORS-enabled
//	GET /healthz                        200 "ok": the process answers (liveness)
//	GET /readyz                         200 "ok" when the store takes writes and passes its
//	                                    integrity check; else 503 and the reason (readiness)
//	GET <prefix><file>                  each Options.Extra mount, never cached
//	GET /api/v1/widgets/{appId}/chat          the visitor's chat WebSocket (subprotocol lcwasm.v1)
//	GET /api/v1/widgets/{appId}/availability  agent availability and operating hours, CORS-enabled
//	GET /agent, POST /agent/login, POST /agent/logout, GET /agent/session,
//	GET /agent/ws, GET /agent/static/<file>   the agent console
//	GET /admin, /admin/api/..., /admin/static/<file>  the site owner's console (package admin)
//
// A widget configuration may carry "allowedOrigins": ["https://shop.example"]
// (or ["*"]): the page origins, besides the server's own, that may open
// its chat channel. Its "operatingHours" feed the availability endpoint.
// Options.Store keeps conversations, sessions and the widgets (nil: in
// memory, lost at exit); Options.Agents are the consoles' accounts (nil:
// demo / demo, an admin). Options.Widgets seed the store at start (see
// admin.NewLive): what /admin published is never replaced. The
// configuration endpoint serves each widget's published version with an
// ETag (If-None-Match: 304) and Cache-Control: max-age=60
// ([DefaultConfigMaxAge], Options.ConfigMaxAge), so a publish reaches new
// page loads within a minute; a disabled widget answers 404.
//
// Dist files are served with their exact content types (application/wasm for
// the bundle). When the client accepts it, the .br or .gz sibling written by
// the build is sent instead, brotli preferred, with Content-Encoding and
// Vary: Accept-Encoding. Content-hashed names (lcw.<10 hex>.wasm|css) are
// cached for a year as immutable; everything else is revalidated by ETag.
// The siblings themselves are never served by name.
//
// Every response carries X-Content-Type-Options: nosniff,
// Referrer-Policy: strict-origin-when-cross-origin and [PermissionsPolicy].
// HTML pages of the site also carry [ContentSecurityPolicy], which allows
// no inline script or style and enforces Trusted Types (the widget must
// work under it), and Cross-Origin-Opener-Policy:
// same-origin-allow-popups, so the pop-out keeps its opener; the bundle's
// own pop-out page has neither header (other sites open it; it carries
// its CSP in a meta tag). Everything under /agent and /admin is Cache-Control:
// no-store (its static files: no-cache) and X-Frame-Options: DENY; its
// HTML has Cross-Origin-Opener-Policy: same-origin and a CSP with
// frame-ancestors 'none'.
//
// Limits: [HTTPServer] gives the http.Server its ReadHeader and Idle
// timeouts and [MaxHeaderBytes] (a larger header block: 431); the
// handler sets each request's read deadline (its body) and write
// deadline (Write for the API and the console, File for files), see
// [Timeouts]; WebSocket routes lift both. A body past [MaxBodyBytes]
// fails to read (413 from the sign-in). /readyz repeats its last answer
// for a second, and its quick_check for 5 minutes.
//
// Requests are logged with log/slog; a nil Options.Logger discards the log.
package server
