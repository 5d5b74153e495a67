// Package chatws runs the browser's chat client, package chat, in a native
// program: [Runner] gives a chat.Client its dependencies (a WebSocket over
// coder/websocket speaking wire.Subprotocol, the wall clock, a timer, an
// in-memory Store, crypto/rand ids) and one goroutine that plays the
// browser's event loop, so every call into the client happens on it, as
// in the page. The load test (bench/loadtest) drives hundreds of real
// clients with it instead of a copy of the protocol.
//
// It is host-only: the wasm uses jsbridge's Socket and never imports this
// package.
package chatws
