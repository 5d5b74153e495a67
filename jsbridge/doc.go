// Package jsbridge is the one package that touches the browser. It turns
// JavaScript values into plain Go trees for the pure packages, implements
// their small interfaces with real browser APIs — the DOM inside an open
// shadow root, setTimeout, the console, lcw:* CustomEvents, Intl time
// zones, window.open — and guards every callback so a Go panic is
// reported on the console instead of killing the runtime.
//
// Everything here is js && wasm only and built on hack-pad/safejs: calls
// that can throw return errors. Callbacks never block; they run on the
// browser's event loop, one at a time.
package jsbridge
