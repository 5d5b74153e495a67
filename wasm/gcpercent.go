//go:build js && wasm

package main

import _ "unsafe" // for go:linkname

// setGCPercent is runtime/debug.SetGCPercent without the rest of package
// runtime/debug: importing it links its imports (fmt, os and with os the
// file-system layer of syscall), about 100 KB of the wasm raw and 17 KB
// brotli, for this one call. The runtime defines the function under this
// name for runtime/debug (mgcpacer.go), which makes the reference a
// permitted one; a Go release that changed it would fail to link.
//
//go:linkname setGCPercent runtime/debug.setGCPercent
func setGCPercent(percent int32) int32
