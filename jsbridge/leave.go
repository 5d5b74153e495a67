//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// LeaveGuard is widget.LeaveGuard over a beforeunload listener on the
// window: while it is on, leaving or reloading the page makes the browser
// ask the visitor first (after the visitor has used the page at all, as
// browsers require). The listener exists only while on: a page with one
// is not kept in the back/forward cache.
type LeaveGuard struct{ off func() }

// AskBeforeLeaving adds the listener (on) or removes it; asking for what
// already holds does nothing.
func (g *LeaveGuard) AskBeforeLeaving(on bool) {
	switch {
	case on && g.off == nil:
		g.off = Listen(global, "beforeunload", askBeforeLeaving)
	case !on && g.off != nil:
		g.off()
		g.off = nil
	}
}

// askBeforeLeaving cancels the unload the standard way (preventDefault)
// and the older one (a returnValue), which some browsers still need.
func askBeforeLeaving(ev safejs.Value) {
	_, _ = ev.Call("preventDefault")
	_ = ev.Set("returnValue", "lcwasm")
}
