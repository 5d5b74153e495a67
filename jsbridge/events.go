//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/internal/events"
)

// Events dispatches lcw:* CustomEvents on window. Listeners run before Emit
// returns; an exception in one is the page's and is reported by the
// browser, not thrown here.
type Events struct{}

// Emit dispatches name with detail (JSON-like values only).
func (Events) Emit(name string, detail map[string]any) {
	ev, err := newObject("CustomEvent", jsString(name), map[string]any{"detail": object(detail)})
	if err != nil {
		Console{}.Error("lcwasm: cannot create event " + name + ": " + err.Error())
		return
	}
	_, _ = global.Call("dispatchEvent", ev)
}

// Error dispatches lcw:error with Microsoft's {errorCode, errorDescription}
// and logs the description.
func (e Events) Error(code int, description string) {
	Console{}.Error("lcwasm: " + description)
	e.Emit(events.Error, map[string]any{"errorCode": code, "errorDescription": description})
}

// Listen calls fn each time the widget dispatches the event name.
func (Events) Listen(name string, fn func()) (remove func()) {
	return Listen(global, name, func(safejs.Value) { fn() })
}
