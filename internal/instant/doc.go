// Package instant is the wasm's clock arithmetic: an instant in
// nanoseconds since 1970-01-01 00:00:00 UTC, a duration in nanoseconds,
// and the proleptic Gregorian calendar of UTC.
//
// It exists for the bundle's size: importing the standard library's time
// package at all costs the widget about 37 KB brotli (its initialisation
// links internal/godebug and internal/bisect) and formatting it about 18 KB
// more, while what the pure packages need of it is integer arithmetic.
// Wall clocks in other zones come from the browser (jsbridge.Zones,
// Intl.DateTimeFormat), as before. Native programs and tests convert at
// their edge with [From] and [Time.UnixNano]; Duration has
// time.Duration's unit, so a conversion is a plain cast.
//
// No package compiled into the wasm may import time:
// internal/build's TestBundleDependencies checks it.
package instant
