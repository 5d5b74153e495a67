// Package assets holds the files the browser loads besides the wasm: the
// loader lcw.js (a template: the build replaces __LCW_WASM__ and
// __LCW_CSS__ with the content-hashed names), the widget's stylesheet
// lcw.css, popout.html, the page a popped-out chat runs in, lcw.d.ts, the
// TypeScript declarations of the page-facing SDK and its events, and npm/,
// the npm package's own files. The tests type-check lcw.d.ts with tsc
// --strict against Microsoft's documented examples (testdata/types/) and
// the docs' snippets.
package assets

import "embed"

// Files are the asset sources, embedded for the build tool.
//
//go:embed lcw.js lcw.css popout.html
var Files embed.FS
