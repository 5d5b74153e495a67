// Package server is the lcwasm reference server: it serves the demo site,
// the dist/ bundle and the widget configurations.
//
// [New] returns an http.Handler with these routes:
//
//	GET /, /index.html                  index.html of Options.Site, with a strict CSP
//	GET /<file>                         other top-level site files (.html .css .js and images)
//	GET /lcw/<file>                     Options.Dist, precompressed by Accept-Encoding
//	GET /api/v1/widgets/{appId}/config  the widget's configuration JSON, CORS-enabled
//	GET /healthz                        200 "ok"
//	GET <prefix><file>                  each Options.Extra mount, never cached
//
// Dist files are served with their exact content types (application/wasm for
// the bundle). When the client accepts it, the .br or .gz sibling written by
// the build is sent instead, brotli preferred, with Content-Encoding and
// Vary: Accept-Encoding. Content-hashed names (lcw.<10 hex>.wasm|css) are
// cached for a year as immutable; everything else is revalidated by ETag.
// The siblings themselves are never served by name.
//
// Every response carries X-Content-Type-Options: nosniff and
// Referrer-Policy: strict-origin-when-cross-origin. HTML pages of the site
// also carry [ContentSecurityPolicy], which allows no inline script or style:
// the widget must work under it.
//
// Requests are logged with log/slog; a nil Options.Logger discards the log.
package server
