package report

import "github.com/lcwasm/lcwasm/bench/wasmattr"

// Attribution is lcw.wasm by Go package (bench/wasmattr): function bodies
// in raw bytes, an estimate of their share of the brotli file, and their
// number, from the bundle linked a second time without -s.
type Attribution struct {
	Status    string `json:"status,omitempty"` // why it is missing
	Functions int    `json:"functions"`        // defined in the module
	// Packages are the largest rows, the rest summed in a last one.
	Packages []wasmattr.Package `json:"packages"`
}
