// Package assets holds the files the browser loads besides the wasm: the
// loader lcw.js (a template: the build replaces __LCW_WASM__ and
// __LCW_CSS__ with the content-hashed names), the widget's stylesheet
// lcw.css, and popout.html, the page a popped-out chat runs in.
package assets

import "embed"

// Files are the asset sources, embedded for the build tool.
//
//go:embed lcw.js lcw.css popout.html
var Files embed.FS
