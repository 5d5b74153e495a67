//go:build js && wasm

package main

import goruntime "runtime"

// collectAfterInvitation collects garbage once an invitation has ended,
// on a goroutine that runs after the callback that ended it. Every value
// the invitation handed between Go and JavaScript (its elements, its
// strings, its events) is a reference that a Go finalizer frees after a
// collection; the collector runs by Go heap bytes (at least 1 MB apart,
// whatever GOGC says), so between collections the references pile up:
// their finalizer records in Go's memory and their slots and objects in
// the JS heap, which no collector counts. One collection per invitation
// (a few a visit; the live heap is a few hundred KB) keeps both at the
// size of one invitation.
func collectAfterInvitation() { go goruntime.GC() }
