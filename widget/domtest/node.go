package domtest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/widget"
)

// Node is an element, a text node, or the document's root fragment.
type Node struct {
	doc       *Doc
	serial    int
	tag       string // "" for text nodes and the root
	svg       bool   // an element of the SVG namespace (Doc.CreateSVG)
	text      string // text nodes only
	isText    bool
	attrs     []attr
	children  []*Node
	parent    *Node
	listeners []*listener
	keys      []func(widget.KeyPress) bool
	value     string
	scroll    widget.Scroll
	files     []widget.File // a file input's picked files (SetFiles)
}

type attr struct{ name, value string }

type listener struct {
	event string
	fn    func()
}

var _ widget.Node = (*Node)(nil)

// String names the node for logs and failure messages: "div#3" or
// "div#3(oc-lcw-chat)" when it has an id.
func (n *Node) String() string {
	switch {
	case n == nil:
		return "<nil>"
	case n.isText:
		return "text#" + strconv.Itoa(n.serial)
	case n.parent == nil && n == n.doc.root:
		return "root"
	}
	s := n.tag + "#" + strconv.Itoa(n.serial)
	if id, ok := n.Attr("id"); ok {
		s += "(" + id + ")"
	}
	return s
}

// Tag is the element's tag name; "" for text nodes and the root.
func (n *Node) Tag() string { return n.tag }

// IsText reports whether n is a text node.
func (n *Node) IsText() bool { return n.isText }

// Attr returns an attribute's value and whether it is set.
func (n *Node) Attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

// Attrs are n's attributes as name, value pairs, in the order they were
// first set.
func (n *Node) Attrs() []string {
	out := make([]string, 0, 2*len(n.attrs))
	for _, a := range n.attrs {
		out = append(out, a.name, a.value)
	}
	return out
}

// Children are n's child nodes, in order.
func (n *Node) Children() []*Node { return append([]*Node(nil), n.children...) }

// Parent is n's parent, or nil when n is detached (or the root).
func (n *Node) Parent() *Node { return n.parent }

// Text is n's text content: its own text for a text node, else the text of
// all its descendants, concatenated.
func (n *Node) Text() string {
	if n.isText {
		return n.text
	}
	var b strings.Builder
	for _, c := range n.children {
		b.WriteString(c.Text())
	}
	return b.String()
}

// Connected reports whether n is attached, through its ancestors, to the
// document's root.
func (n *Node) Connected() bool {
	for p := n; p != nil; p = p.parent {
		if p == n.doc.root {
			return true
		}
	}
	return false
}

// SetAttr sets an attribute, keeping its position when it is already set.
func (n *Node) SetAttr(name, value string) {
	n.doc.record("%v.SetAttr(%q, %q)", n, name, value)
	for i := range n.attrs {
		if n.attrs[i].name == name {
			n.attrs[i].value = value
			return
		}
	}
	n.attrs = append(n.attrs, attr{name, value})
}

// SetText replaces n's children with one text node; "" leaves none, as
// textContent does.
func (n *Node) SetText(text string) {
	n.doc.record("%v.SetText(%q)", n, text)
	for len(n.children) > 0 {
		n.children[0].detach()
	}
	if text != "" {
		t := n.doc.newNode("")
		t.isText, t.text = true, text
		n.adopt(t)
	}
}

// Append adds child as n's last child, taking it from its old parent. It
// panics, as the DOM throws, when child is n or one of n's ancestors, or is
// not a node of the same Doc.
func (n *Node) Append(child widget.Node) {
	c, ok := child.(*Node)
	if !ok || c == nil || c.doc != n.doc {
		panic(fmt.Sprintf("domtest: %v.Append: %v is not a node of this document", n, child))
	}
	n.doc.record("%v.Append(%v)", n, c)
	for p := n; p != nil; p = p.parent {
		if p == c {
			panic(fmt.Sprintf("domtest: %v.Append(%v): the new child is an ancestor", n, c))
		}
	}
	if c.parent != nil {
		c.detach()
	}
	n.adopt(c)
}

func (n *Node) adopt(c *Node) {
	c.parent = n
	n.children = append(n.children, c)
}

// Remove detaches n from its parent; removing twice is harmless.
func (n *Node) Remove() {
	n.doc.record("%v.Remove()", n)
	n.detach()
}

func (n *Node) detach() {
	p := n.parent
	if p == nil {
		return
	}
	if f := n.doc.focused; f != nil && f.within(n) {
		n.doc.focused = nil
	}
	for i, c := range p.children {
		if c == n {
			p.children = append(p.children[:i:i], p.children[i+1:]...)
			break
		}
	}
	n.parent = nil
}

// within reports whether n is a or one of its descendants.
func (n *Node) within(a *Node) bool {
	for p := n; p != nil; p = p.parent {
		if p == a {
			return true
		}
	}
	return false
}

// Scroll is the element's scroll position (widget.Scroller): all zero
// until the test sets it with SetScroll, as for a box not laid out.
func (n *Node) Scroll() widget.Scroll { return n.scroll }

// ScrollTo sets scrollTop, clamped to the content as the browser does.
func (n *Node) ScrollTo(top float64) {
	n.doc.record("%v.ScrollTo(%v)", n, top)
	n.scroll.Top = max(0, min(top, n.scroll.Height-n.scroll.Client))
}

// SetScroll sets the element's scroll position and size, as layout and
// the visitor's scrolling would; fire "scroll" to tell its listeners.
func (n *Node) SetScroll(s widget.Scroll) { n.scroll = s }
