package main

import (
	"net/http"
	"os"
)

// The page runs the binary with the argv in its fragment and leaves the
// exit code in window.__exitCode.
const indexHTML = `<!doctype html><meta charset="utf-8"><title>wasmbrowser</title>
<script src="/wasm_exec.js"></script><script src="/run.js"></script>`

const runJS = `"use strict";
(async () => {
  const go = new Go();
  go.argv = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  go.exit = (code) => { window.__exitCode = code; };
  try {
    const r = await WebAssembly.instantiateStreaming(fetch("/test.wasm"), go.importObject);
    await go.run(r.instance);
  } catch (e) {
    console.error("wasmbrowser: " + e);
    window.__exitCode = 2;
  }
})();
`

func handler(binary string, execJS []byte) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(indexHTML))
	})
	mux.HandleFunc("/wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(execJS)
	})
	mux.HandleFunc("/run.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte(runJS))
	})
	mux.HandleFunc("/test.wasm", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(binary)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/wasm")
		w.Write(b)
	})
	return mux
}
