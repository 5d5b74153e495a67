//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains itself when ./wasm is built for the host by mistake (for
// example by go build ./...): the runtime only exists for the browser.
func main() {
	fmt.Fprintln(os.Stderr, "lcwasm: ./wasm is the browser runtime; build it with GOOS=js GOARCH=wasm (make build)")
	os.Exit(2)
}
