// Package build turns the lcwasm sources into the dist/ directory a site
// hosts as it is.
//
// [Run] compiles ./wasm with GOOS=js GOARCH=wasm (trimmed, stripped), names
// the wasm and the stylesheet by the first 10 hex digits of their SHA-256,
// rewrites the loader assets/lcw.js so its placeholders __LCW_WASM__ and
// __LCW_CSS__ name those files and its /*__LCW_GLUE__*/ comment is wasm_exec.js
// from the Go toolchain that compiled the wasm (also copied as it is), puts
// the chat button's template (RenderLauncher, the widget's own view
// rendered into a recording document, with the button's texts in every
// language of assets/lang/) in place of /*__LCW_LAUNCHER__*/null, and
// copies assets/popout.html and the TypeScript declarations assets/lcw.d.ts.
// Every .js, .wasm, .css and .html file gets a brotli (quality 11) and a gzip
// (best compression) sibling, and manifest.json records the hashed names and
// the three sizes of each file. npm/ is rebuilt from scratch as the npm
// package "lcwasm": assets/npm/ (package.json, the loader module index.js,
// index.d.ts), lcw.d.ts, and the dist files under bundle/. [Config.Progress]
// hears each step as it starts.
//
// Files are written atomically, the loader last, so a server that keeps
// serving the directory during a rebuild never points at a missing file.
// Hashed files left over from earlier builds are removed.
//
// Brotli at quality 11 costs seconds per megabyte, so compressed bytes are
// kept in a content-addressed cache (by default under os.UserCacheDir) and a
// rebuild of an unchanged wasm is fast.
//
// cmd/lcwbuild is the command-line front end; the e2e suite calls [Run]
// directly to build into a temporary directory.
package build
