//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains itself when bench/rulesfloor is built for the host by
// mistake (for example by go build ./...): it only exists for the browser.
func main() {
	fmt.Fprintln(os.Stderr, "rulesfloor: bench/rulesfloor runs in the browser; build it with GOOS=js GOARCH=wasm (make bench does)")
	os.Exit(2)
}
