// Command floor is the smallest program the widget could be: a Go js/wasm
// main that uses safejs to register one function on window and dispatch one
// event (lcw:ready). The bench (bench/cmd/lcwbench) builds it in the same run
// as the widget, with the same flags, and compares bytes and load time
// against it: it is the floor of what Go compiled to wasm costs.
//
// floor.js is its loader, a cut-down assets/lcw.js: it compiles the wasm
// while wasm_exec.js loads, then instantiates and runs it. Pages embed it as
//
//	<script id="lcw-floor" src="/lcw/floor.js" async></script>
//
// and the loader finds floor.wasm next to itself.
package main
