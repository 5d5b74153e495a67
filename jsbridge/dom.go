//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/widget"
)

// Document is widget.Document over the DOM of one open shadow root, so
// page CSS cannot reach the widget and the widget's CSS cannot reach the
// page.
type Document struct {
	host safejs.Value
	root *node
	// short and long are the Intl.DateTimeFormat of ShortTime and
	// LongTime, made on first use (the zero Value until then).
	short, long safejs.Value
	minutes     safejs.Value // the Intl.NumberFormat of Minutes
	locale      string       // the widget's language, for Intl ("" the browser's)
}

// Host describes the element the widget lives in.
type Host struct {
	ID  string // the host element's id
	CSS string // the widget's stylesheet
	// CSSURL is the stylesheet's URL, linked instead where the browser
	// cannot construct style sheets.
	CSSURL string
	Color  string // data-color-override, "" for the default
	Font   string // data-font-family-override
	Dir    string // "ltr" or "rtl"
	Lang   string // the widget's language tag, its lang attribute and the locale of its times
	// Scheme is "light" or "dark" to hold the widget to one colour
	// scheme (data-scheme), "" to follow prefers-color-scheme.
	Scheme string
	// Popout makes the widget fill its window (data-mode="popout").
	Popout bool
}

// NewDocument appends the host element to the page and opens its shadow
// root with the stylesheet adopted (no inline <style>, so a strict CSP
// that forbids inline styles still allows it).
//
// The host is the last child of <html>, not of <body>: a body with a
// transform, a filter, paint containment or will-change (pages do that for
// smooth scrolling or a dark theme) would be the containing block of the
// widget's fixed-position dock, which would then sit at the bottom of a
// long page instead of the viewport's, and a zoomed body would scale it.
// Outside <body> it also survives a page that replaces its body.
func NewDocument(h Host) (*Document, error) {
	host, err := document.Call("createElement", "div")
	if err != nil {
		return nil, err
	}
	_ = host.Set("id", h.ID)
	if h.Dir != "" {
		_, _ = host.Call("setAttribute", "dir", h.Dir)
	}
	if h.Lang != "" {
		_, _ = host.Call("setAttribute", "lang", h.Lang)
	}
	if h.Scheme == "light" || h.Scheme == "dark" {
		_, _ = host.Call("setAttribute", "data-scheme", h.Scheme)
	}
	if h.Popout {
		_, _ = host.Call("setAttribute", "data-mode", "popout")
	}
	// The stylesheet reads the two overrides from the host. Custom
	// properties inherit into the shadow tree and "all" leaves them alone,
	// so both are always set here, !important in the host's own style (which
	// beats any page rule): to the override, or to initial (the
	// stylesheet's default), never to what the page defines.
	style := get(host, "style")
	for name, value := range map[string]string{"--lcw-accent": h.Color, "--lcw-font": h.Font} {
		if value == "" {
			value = "initial"
		}
		_, _ = style.Call("setProperty", name, value, "important")
	}
	shadow, err := host.Call("attachShadow", map[string]any{"mode": "open"})
	if err != nil {
		return nil, err
	}
	adoptCSS(shadow, h.CSS, h.CSSURL)
	if _, err := get(document, "documentElement").Call("appendChild", host); err != nil {
		return nil, err
	}
	return &Document{host: host, root: &node{v: shadow}, locale: h.Lang}, nil
}

// adoptCSS gives the shadow root its stylesheet: a constructed sheet where
// the browser has them, else a <link> to url, which a policy that allows
// the widget's own origin in style-src allows (an inline <style> would need
// 'unsafe-inline'), else, with no url, a <style> element.
func adoptCSS(shadow safejs.Value, css, url string) {
	sheet, err := newObject("CSSStyleSheet")
	if err == nil {
		if _, err = sheet.Call("replaceSync", css); err == nil {
			err = shadow.Set("adoptedStyleSheets", []any{sheet})
		}
	}
	if err == nil {
		return
	}
	if url != "" {
		link, _ := document.Call("createElement", "link")
		_ = link.Set("rel", "stylesheet")
		_ = link.Set("href", url)
		_, _ = shadow.Call("appendChild", link)
		return
	}
	style, _ := document.Call("createElement", "style")
	_ = style.Set("textContent", css)
	_, _ = shadow.Call("appendChild", style)
}

// Mount appends the host element to <html> again when the page removed
// it (its shadow root, with everything the widget shows, comes back with
// it); it is widget.Mounter.
func (d *Document) Mount() error {
	if truthy(get(d.host, "isConnected")) {
		return nil
	}
	_, err := get(document, "documentElement").Call("appendChild", d.host)
	return err
}

// Create makes a detached element.
func (d *Document) Create(tag string) widget.Node {
	v, err := document.Call("createElement", jsString(tag))
	if err != nil {
		Console{}.Error("lcwasm: createElement(" + tag + "): " + err.Error())
	}
	return &node{v: v}
}

// Root is the shadow root.
func (d *Document) Root() widget.Node { return d.root }

// node is one element. It remembers its children and listeners so that
// removing a subtree releases every Go callback in it: a widget that shows
// a thousand invitations holds no more callbacks than one that shows one.
type node struct {
	v      safejs.Value
	parent *node
	kids   []*node
	off    []func()
}

// SetAttr calls setAttribute through syscall/js itself: with two strings
// for arguments, safejs's copy of them was the largest share of what an
// invitation allocates; the strings are cached ones where they can be
// (see jsString). An exception (a name that is no XML name) is
// recovered and ignored, as safejs's error was.
func (n *node) SetAttr(name, value string) {
	defer func() { _ = recover() }()
	safejs.Unsafe(n.v).Call("setAttribute", jsString(name), attrValue(name, value))
}

// SetText sets textContent: the text is never parsed as HTML.
func (n *node) SetText(text string) {
	n.dropKids()
	_ = n.v.Set("textContent", text)
}

func (n *node) Append(child widget.Node) {
	c := child.(*node)
	c.detach() // appendChild moves a node that has a parent
	c.parent = n
	n.kids = append(n.kids, c)
	// append, not appendChild: appendChild returns the child, and every
	// value returned to Go is one more reference to finalize.
	_, _ = n.v.Call("append", c.v)
}

func (n *node) Remove() {
	n.detach()
	n.drop()
	_, _ = n.v.Call("remove")
}

// detach forgets n in its parent's list of children.
func (n *node) detach() {
	if p := n.parent; p != nil {
		for i, k := range p.kids {
			if k == n {
				p.kids = append(p.kids[:i], p.kids[i+1:]...)
				break
			}
		}
		n.parent = nil
	}
}

// drop releases the callbacks of n and of its subtree.
func (n *node) drop() {
	n.dropKids()
	for _, off := range n.off {
		off()
	}
	n.off = nil
}

func (n *node) dropKids() {
	for _, k := range n.kids {
		k.parent = nil
		k.drop()
	}
	n.kids = nil
}

func (n *node) On(event string, fn func()) func() {
	off := Listen(n.v, event, func(ev safejs.Value) {
		if event == "submit" {
			_, _ = ev.Call("preventDefault")
		}
		fn()
	})
	n.off = append(n.off, off)
	return off
}

// OnKey implements widget.KeyListener with keydown.
func (n *node) OnKey(fn func(widget.KeyPress) bool) func() {
	off := Listen(n.v, "keydown", func(ev safejs.Value) {
		p := widget.KeyPress{Key: str(get(ev, "key")), Shift: truthy(get(ev, "shiftKey")), Alt: truthy(get(ev, "altKey")),
			Ctrl: truthy(get(ev, "ctrlKey")), Meta: truthy(get(ev, "metaKey")),
			Composing: truthy(get(ev, "isComposing")) || keyCode(ev) == 229}
		if fn(p) {
			_, _ = ev.Call("preventDefault")
		}
	})
	n.off = append(n.off, off)
	return off
}

// keyCode is the event's legacy keyCode: 229 while an input method
// handles the key (Safari reports isComposing false on the last Enter).
func keyCode(ev safejs.Value) int {
	c, err := get(ev, "keyCode").Int()
	if err != nil {
		return 0
	}
	return c
}

func (n *node) Value() string {
	if str(get(n.v, "type")) == "checkbox" {
		if truthy(get(n.v, "checked")) {
			return "on"
		}
		return ""
	}
	return str(get(n.v, "value"))
}

func (n *node) Focus() { _, _ = n.v.Call("focus", focusOptions) }

// focusOptions is {preventScroll: true}, made once rather than at every
// focus.
var focusOptions = object(map[string]any{"preventScroll": true})

func (n *node) SetValue(v string) { _ = n.v.Set("value", v) }

// Download implements widget.Downloader: text becomes a Blob, handed to
// the visitor as the file name through a temporary <a download> in the
// shadow root; the object URL is revoked after the click.
func (d *Document) Download(name, text string) error {
	blob, err := newObject("Blob", []any{text}, map[string]any{"type": "text/plain;charset=utf-8"})
	if err != nil {
		return err
	}
	url, err := get(global, "URL").Call("createObjectURL", blob)
	if err != nil {
		return err
	}
	u, err := url.String()
	if err != nil {
		return err
	}
	defer RevokeURL(u)
	return d.SaveURL(u, name)
}
