// Package systemzones reads wall clocks in IANA time zones with the
// standard library's zone database (time.LoadLocation): package hours'
// Zones for native programs (the server, the admin console's simulator)
// and for tests. The wasm never imports it: it links package time, which
// the bundle does without (internal/instant); the browser's Intl is its
// zone database (jsbridge.Zones).
package systemzones
