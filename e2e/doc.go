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
// Every tab opens in a browser context of its own (newTab, openPage), so no
// test sees another's localStorage, cookies or cache; sharing is the opt-in
// (openTab with a parent tab's or the browser's context). The page helpers
// live in one file per area: tab_test.go (the tab itself: opening,
// navigating, evaluating, events, console, clicks, keys, layout, pop-out
// windows), tab_invitation_test.go, tab_chat_test.go, tab_console_test.go
// (the agent console), and rules_tab_test.go for the rules suites. What an
// area adds to the server (widgets, routes) is a row of the fixtures table
// in main_test.go.
//
// Environment:
//
//	LCW_CHROMIUM  the browser binary (default /usr/bin/chromium). The suite
//	              fails, it never skips, when the browser is missing.
//	LCW_HEADFUL=1 run the browser with a visible window, for debugging.
//
// The package has no code outside its tests.
package e2e
