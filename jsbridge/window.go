//go:build js && wasm

package jsbridge

import (
	"github.com/lcwasm/lcwasm/widget"
)

// Opener is widget.Opener over window.open: the chat continues in
// popout.html next to lcw.js, which gets the widget's attributes in its
// query string.
type Opener struct {
	Base  string            // the folder lcw.js came from
	Attrs map[string]string // the data-* attributes to carry over
}

// OpenChat opens the pop-out; false when the browser blocked it.
func (o Opener) OpenChat(widget.Invitation) bool {
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
	w, err := global.Call("open", url, name, "popup,width=420,height=640")
	return err == nil && !w.IsNull() && !w.IsUndefined()
}
