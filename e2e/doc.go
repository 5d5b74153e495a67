// Package e2e holds the end-to-end suite: a real headless Chromium, driven
// with chromedp, against the real lcwasm server and the real dist bundle.
//
// TestMain builds dist into a temporary directory with internal/build, serves
// it with server.New on an httptest server together with the fixture pages of
// testdata/ (under /e2e/) and the test widgets of widgets_test.go, and starts
// one Chromium for the whole test binary. Every test opens its own tab; any
// uncaught exception in a tab fails its test, console messages are collected,
// and every lcw:* event the page sees is recorded in window.__lcwEvents.
// Waiting is done by polling a page condition, never by sleeping.
//
// Environment:
//
//	LCW_CHROMIUM  the browser binary (default /usr/bin/chromium). The suite
//	              fails, it never skips, when the browser is missing.
//	LCW_HEADFUL=1 run the browser with a visible window, for debugging.
//
// The package has no code outside its tests.
package e2e
