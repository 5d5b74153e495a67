//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// Elements tells when elements matching CSS selectors become visible (at
// least half of the element, or half of the viewport for tall ones) and
// stop being visible, with one IntersectionObserver per selector. Elements
// added later (an SPA rendering) are picked up on Rescan, which a
// MutationObserver triggers at most every 250 ms.
type Elements struct {
	changed  func(selector string, visible bool)
	watch    map[string]*watched
	pending  bool
	rescanFn safejs.Func
}

type watched struct {
	io      safejs.Value // IntersectionObserver
	seen    safejs.Value // Set of visible targets
	visible bool
	bad     bool // the selector is invalid; reported once
}

// WatchElements starts watching selectors; changed reports transitions.
func WatchElements(selectors []string, changed func(selector string, visible bool), report func(msg string)) *Elements {
	e := &Elements{changed: changed, watch: map[string]*watched{}}
	if len(selectors) == 0 {
		return e
	}
	for _, sel := range selectors {
		e.watch[sel] = e.observer(sel)
	}
	e.rescanFn = Func("element rescan", func(safejs.Value, []safejs.Value) any {
		e.pending = false
		e.Rescan(report)
		return nil
	})
	mo, err := newObject("MutationObserver", Func("mutations", func(safejs.Value, []safejs.Value) any {
		if !e.pending {
			e.pending = true
			_, _ = global.Call("setTimeout", e.rescanFn, 250)
		}
		return nil
	}))
	if err == nil {
		_, _ = mo.Call("observe", get(document, "documentElement"), map[string]any{"childList": true, "subtree": true})
	}
	e.Rescan(report)
	return e
}

func (e *Elements) observer(sel string) *watched {
	w := &watched{}
	w.seen, _ = newObject("Set")
	cb := Func("intersections of "+sel, func(_ safejs.Value, args []safejs.Value) any {
		if len(args) > 0 {
			e.entries(sel, w, args[0])
		}
		return nil
	})
	var err error
	w.io, err = newObject("IntersectionObserver", cb, map[string]any{"threshold": []any{0, 0.25, 0.5, 0.75, 1}})
	if err != nil {
		w.bad = true // never observed: never visible
		cb.Release()
		Console{}.WarnOnce("IntersectionObserver", "lcwasm: rules: IntersectionObserver is unavailable in this browser, so elementVisible conditions never hold")
	}
	return w
}

func (e *Elements) entries(sel string, w *watched, entries safejs.Value) {
	vh := num(get(global, "innerHeight"))
	n, _ := entries.Length()
	for i := range n {
		en, _ := entries.Index(i)
		target := get(en, "target")
		half := num(get(en, "intersectionRatio")) >= 0.5 || num(get(en, "intersectionRect", "height")) >= vh/2
		if truthy(get(en, "isIntersecting")) && half {
			_, _ = w.seen.Call("add", target)
		} else {
			_, _ = w.seen.Call("delete", target)
		}
	}
	if visible := num(get(w.seen, "size")) > 0; visible != w.visible {
		w.visible = visible
		e.changed(sel, visible)
	}
}

// Rescan observes every element that now matches a selector; observing an
// element twice is harmless.
func (e *Elements) Rescan(report func(msg string)) {
	for sel, w := range e.watch {
		if w.bad {
			continue
		}
		list, err := document.Call("querySelectorAll", sel)
		if err != nil {
			w.bad = true
			report("lcwasm: rules: elementVisible: invalid CSS selector " + sel)
			continue
		}
		n, _ := list.Length()
		for i := range n {
			el, _ := list.Index(i)
			_, _ = w.io.Call("observe", el)
		}
	}
}
