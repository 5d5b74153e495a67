//go:build js && wasm

package jsbridge

import (
	"strconv"

	"github.com/hack-pad/safejs"
)

// Visible reports whether the page is visible now.
func Visible() bool { return str(get(document, "visibilityState")) != "hidden" }

// OnVisibility calls fn with the page's visibility each time it changes.
func OnVisibility(fn func(visible bool)) (remove func()) {
	return Listen(document, "visibilitychange", func(safejs.Value) { fn(Visible()) })
}

// Direction is the page's writing direction, "ltr" or "rtl".
func Direction() string {
	for _, el := range []safejs.Value{get(document, "documentElement"), get(document, "body")} {
		if el.IsNull() || el.IsUndefined() {
			continue
		}
		if d := str(get(el, "dir")); d == "rtl" || d == "ltr" {
			return d
		}
	}
	return "ltr"
}

// ValidCSS reports whether value is valid for the CSS property, asked of
// the browser (CSS.supports).
func ValidCSS(property, value string) bool {
	ok, err := get(global, "CSS").Call("supports", property, value)
	return err == nil && truthy(ok)
}

// OnPageHide calls fn when the page is being left or put in the back/forward
// cache: the last moment to save state.
func OnPageHide(fn func()) (remove func()) {
	return Listen(global, "pagehide", func(safejs.Value) { fn() })
}

// RandomID returns a random identifier (crypto.randomUUID where the page is
// a secure context, else Math.random).
func RandomID() string {
	if id, err := get(global, "crypto").Call("randomUUID"); err == nil && str(id) != "" {
		return str(id)
	}
	r, _ := get(global, "Math").Call("random")
	return "tab-" + strconv.FormatFloat(num(r), 'f', 12, 64)[2:]
}

// OnOnline calls fn when the browser says it is online again.
func OnOnline(fn func()) (remove func()) {
	return Listen(global, "online", func(safejs.Value) { fn() })
}
