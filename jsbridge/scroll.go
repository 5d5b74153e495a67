//go:build js && wasm

package jsbridge

import "github.com/lcwasm/lcwasm/widget"

// Scroll reads the element's scrollTop, scrollHeight and clientHeight
// (widget.Scroller).
func (n *node) Scroll() widget.Scroll {
	return widget.Scroll{Top: num(get(n.v, "scrollTop")), Height: num(get(n.v, "scrollHeight")), Client: num(get(n.v, "clientHeight"))}
}

// ScrollTo sets scrollTop; the browser clamps it.
func (n *node) ScrollTo(top float64) { _ = n.v.Set("scrollTop", top) }
