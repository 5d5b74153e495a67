//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/widget"
)

// popoutClosed is the message a pop-out posts to its opener as it goes.
const popoutClosed = "lcwasm:popout-closed"

// Opener is widget.Opener over window.open: the chat continues in
// popout.html next to lcw.js, which gets the widget's attributes in its
// query string.
type Opener struct {
	Base   string            // the folder lcw.js came from
	Attrs  map[string]string // the data-* attributes to carry over
	Closed func()            // called when the pop-out says it closed
	win    safejs.Value
	off    func()
}

// OpenChat opens the pop-out; false when the browser blocked it.
func (o *Opener) OpenChat(widget.Invitation) bool {
	params := map[string]any{}
	for k, v := range o.Attrs {
		params[k] = v
	}
	params["data-lcw-popout"] = "true"
	q, err := newObject("URLSearchParams", object(params))
	if err != nil {
		return false
	}
	qs, _ := q.Call("toString")
	url := o.Base + "popout.html?" + str(qs)
	name := "lcw-chat-" + o.Attrs["data-app-id"]
	win, err := global.Call("open", url, name, "popup,width=420,height=640")
	if err != nil || win.IsNull() || win.IsUndefined() {
		return false
	}
	o.win = win
	if o.off == nil {
		o.off = Listen(global, "message", o.message)
	}
	return true
}

// message accepts the closing note only from the window we opened.
func (o *Opener) message(ev safejs.Value) {
	if str(get(ev, "data", "lcwasm")) != popoutClosed || !get(ev, "source").Equal(o.win) {
		return
	}
	if o.Closed != nil {
		o.Closed()
	}
}

// NotifyOpenerOnClose makes this pop-out tell the page that opened it when
// it goes away.
func NotifyOpenerOnClose() {
	Listen(global, "pagehide", func(safejs.Value) {
		opener := get(global, "opener")
		if opener.IsNull() || opener.IsUndefined() {
			return
		}
		_, _ = opener.Call("postMessage", map[string]any{"lcwasm": popoutClosed}, "*")
	})
}

// CloseWindow closes this window (a pop-out the widget opened).
func CloseWindow() { _, _ = global.Call("close") }
