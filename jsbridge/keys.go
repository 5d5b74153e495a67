//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/widget"
)

// OnEscape calls fn when the visitor presses Escape, unless the page
// already handled the key (preventDefault) or an input method is composing.
// inWidget is true when focus is inside the widget's shadow root. A key
// pressed with focus anywhere else reaches fn only when it belongs to
// nobody on the page: focus on no page element (the body) and no page
// dialog open (a modal <dialog>, or a visible aria-modal element). Escape in
// a page field, menu or dialog is the page's. When fn reports that it used
// a key pressed in the widget, its default action is prevented.
func (d *Document) OnEscape(fn func(inWidget bool) bool) (remove func()) {
	return Listen(global, "keydown", func(ev safejs.Value) {
		if str(get(ev, "key")) != "Escape" || truthy(get(ev, "defaultPrevented")) || truthy(get(ev, "isComposing")) {
			return
		}
		active := get(document, "activeElement")
		inWidget := active.Equal(d.host)
		if !inWidget && (!d.onNothing(active) || pageDialogOpen()) {
			return
		}
		if fn(inWidget) && inWidget {
			_, _ = ev.Call("preventDefault")
		}
	})
}

// onNothing reports whether el, the document's active element, stands for
// "no element has focus".
func (d *Document) onNothing(el safejs.Value) bool {
	return el.IsNull() || el.IsUndefined() || el.Equal(get(document, "body")) || el.Equal(get(document, "documentElement"))
}

// pageDialogOpen reports whether the page shows a modal dialog of its own.
func pageDialogOpen() bool {
	if m, err := document.Call("querySelector", ":modal"); err == nil && !m.IsNull() {
		return true
	}
	list, err := document.Call("querySelectorAll", `[aria-modal="true"]`)
	if err != nil {
		return false
	}
	n, _ := list.Length()
	for i := 0; i < n; i++ {
		el, err := list.Index(i)
		if err != nil {
			continue
		}
		if visible, err := el.Call("checkVisibility"); err == nil && truthy(visible) {
			return true
		}
	}
	return false
}

// KeepFocus implements widget.FocusMemory: it remembers the page element
// that has focus now (nil when that is the body or the widget itself), and
// returns the func that focuses it again, if it is still in the page.
func (d *Document) KeepFocus() func() bool {
	el := get(document, "activeElement")
	if d.onNothing(el) || el.Equal(d.host) {
		return nil
	}
	return func() bool {
		if !truthy(get(el, "isConnected")) {
			return false
		}
		if _, err := el.Call("focus"); err != nil {
			return false
		}
		return get(document, "activeElement").Equal(el)
	}
}

// HasFocus implements widget.FocusReader: whether n is the focused
// element of the shadow root.
func (d *Document) HasFocus(n widget.Node) bool {
	el, ok := n.(*node)
	return ok && get(d.root.v, "activeElement").Equal(el.v)
}
