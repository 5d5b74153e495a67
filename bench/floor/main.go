//go:build js && wasm

package main

import "github.com/hack-pad/safejs"

func main() {
	if err := start(); err != nil {
		println("floor: " + err.Error())
	}
	select {} // keep serving the registered function
}

// start registers window.lcwFloorPing and dispatches lcw:ready.
func start() error {
	win := safejs.Global()
	ping, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any { return "pong" })
	if err != nil {
		return err
	}
	if err := win.Set("lcwFloorPing", ping); err != nil {
		return err
	}
	ctor, err := win.Get("CustomEvent")
	if err != nil {
		return err
	}
	ev, err := ctor.New("lcw:ready")
	if err != nil {
		return err
	}
	_, err = win.Call("dispatchEvent", ev)
	return err
}
