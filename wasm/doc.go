// Command wasm is the lcwasm runtime, built with GOOS=js GOARCH=wasm into
// lcw.wasm. It takes the loader's hand-over (attributes, configuration,
// stylesheet), wires the pure widget to the browser through jsbridge,
// installs the SDK's implementation and then tells the loader it is ready;
// the loader dispatches lcw:ready once every SDK method is callable.
package main
