//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// Signals are the page signals the rules engine reads. Each callback is
// optional.
type Signals struct {
	Activity   func()          // pointer, key, wheel, touch or scroll input
	Typing     func()          // a keystroke in a form field
	Scroll     func(depth int) // percent of the page seen so far on this scroll
	ExitIntent func()          // the pointer left through the top of the window
	// ScrollY is each scroll on a touch screen (there is no pointer to
	// leave the window): window.scrollY and the event's timeStamp.
	ScrollY func(y float64, stamp instant.Duration)
	Route   func() // the URL may have changed without a page load (SPA)
}

// WatchPage listens for the signals; every listener is passive.
func WatchPage(s Signals) {
	passive := map[string]any{"passive": true, "capture": true}
	active := func(safejs.Value) { s.Activity() }
	for _, ev := range []string{"pointermove", "pointerdown", "keydown", "wheel", "touchstart"} {
		ListenWith(global, ev, passive, active)
	}
	ListenWith(global, "keydown", passive, func(ev safejs.Value) {
		if isField(ev) {
			s.Typing()
		}
	})
	ListenWith(document, "mouseout", passive, func(ev safejs.Value) {
		if get(ev, "relatedTarget").IsNull() && num(get(ev, "clientY")) <= 0 {
			s.ExitIntent()
		}
	})
	coarse := matches("(pointer: coarse)")
	ListenWith(global, "scroll", map[string]any{"passive": true}, func(ev safejs.Value) {
		active(ev)
		s.Scroll(ScrollDepth())
		if coarse {
			s.ScrollY(num(get(global, "scrollY")), instant.Duration(num(get(ev, "timeStamp"))*float64(instant.Millisecond)))
		}
	})
	for _, ev := range []string{"lcwasm:navigate", "popstate", "hashchange"} {
		Listen(global, ev, func(safejs.Value) { s.Route() })
	}
}

// ScrollDepth is how far down the page the bottom of the viewport is, in
// percent; a page shorter than the viewport is seen whole.
func ScrollDepth() int {
	height := num(get(document, "documentElement", "scrollHeight"))
	seen := num(get(global, "scrollY")) + num(get(global, "innerHeight"))
	if height <= 0 || seen >= height {
		return 100
	}
	return int(seen * 100 / height)
}

// isField reports whether the event's target takes text: the visitor is
// typing and must not be interrupted.
func isField(ev safejs.Value) bool {
	path, err := ev.Call("composedPath")
	if err != nil {
		return false
	}
	el, _ := path.Index(0)
	switch str(get(el, "tagName")) {
	case "INPUT", "TEXTAREA", "SELECT":
		return true
	}
	return truthy(get(el, "isContentEditable"))
}

func matches(query string) bool {
	mq, err := global.Call("matchMedia", query)
	return err == nil && truthy(get(mq, "matches"))
}

func num(v safejs.Value) float64 {
	f, err := v.Float()
	if err != nil {
		return 0
	}
	return f
}

// CurrentPage reads the page's address and title; referrer is
// document.referrer on load, the previous address after a route change.
func CurrentPage(referrer string) rules.Page {
	loc := get(global, "location")
	p := rules.Page{
		URL: str(get(loc, "href")), Path: str(get(loc, "pathname")), Hash: str(get(loc, "hash")),
		Title: str(get(document, "title")), Referrer: referrer, Query: map[string]string{},
	}
	params, err := newObject("URLSearchParams", str(get(loc, "search")))
	if err != nil {
		return p
	}
	pairs, _ := get(global, "Array").Call("from", params)
	n, _ := pairs.Length()
	for i := range n {
		pair, _ := pairs.Index(i)
		k, _ := pair.Index(0)
		v, _ := pair.Index(1)
		if _, seen := p.Query[str(k)]; !seen {
			p.Query[str(k)] = str(v)
		}
	}
	return p
}

// Location is the page's address for the rules (proactive.Page).
type Location struct{}

// Href is location.href.
func (Location) Href() string { return Href() }

// Current is CurrentPage.
func (Location) Current(referrer string) rules.Page { return CurrentPage(referrer) }

// Referrer is document.referrer.
func Referrer() string { return str(get(document, "referrer")) }

// Href is location.href.
func Href() string { return str(get(global, "location", "href")) }

// DeviceClass guesses phone, tablet or desktop from the pointer and the
// screen: a coarse pointer on a screen under 600 CSS pixels on its short
// side is a phone.
func DeviceClass() rules.Device {
	if !matches("(pointer: coarse)") {
		return rules.Desktop
	}
	w, h := num(get(global, "screen", "width")), num(get(global, "screen", "height"))
	if min(w, h) < 600 {
		return rules.Phone
	}
	return rules.Tablet
}

// UserAgent is navigator.userAgent.
func UserAgent() string { return str(get(global, "navigator", "userAgent")) }

// Languages is navigator.languages, preferred first.
func Languages() []string {
	var out []string
	if list, ok := ToGo(get(global, "navigator", "languages")).([]any); ok {
		for _, l := range list {
			if s, ok := l.(string); ok {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		if l := str(get(global, "navigator", "language")); l != "" {
			out = []string{l}
		}
	}
	return out
}

// TimeZone is the browser's IANA zone, or "" when Intl cannot say.
func TimeZone() string {
	f, err := get(global, "Intl", "DateTimeFormat").New()
	if err == nil {
		var o safejs.Value
		if o, err = f.Call("resolvedOptions"); err == nil {
			return str(get(o, "timeZone"))
		}
	}
	noIntl(err)
	return ""
}
