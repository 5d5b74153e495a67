package domtest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/widget"
)

// Doc is a fake document: a root fragment and the elements created in it.
type Doc struct {
	root    *Node
	serial  int
	focused *Node
	log     []string
}

var _ widget.Document = (*Doc)(nil)

// New returns an empty document.
func New() *Doc {
	d := &Doc{}
	d.root = d.newNode("")
	return d
}

func (d *Doc) newNode(tag string) *Node {
	d.serial++
	return &Node{doc: d, serial: d.serial, tag: tag}
}

// Create returns a new, detached element.
func (d *Doc) Create(tag string) widget.Node {
	n := d.newNode(tag)
	d.record("Create(%q) = %v", tag, n)
	return n
}

// Root is the fragment every view is appended to.
func (d *Doc) Root() widget.Node { return d.root }

// RootNode is Root as a *Node.
func (d *Doc) RootNode() *Node { return d.root }

// ByID finds the attached element with the given id, searching from the
// root in document order; nil when there is none.
func (d *Doc) ByID(id string) *Node { return find(d.root, id) }

func find(n *Node, id string) *Node {
	if v, ok := n.Attr("id"); ok && v == id {
		return n
	}
	for _, c := range n.children {
		if f := find(c, id); f != nil {
			return f
		}
	}
	return nil
}

// Focused is the element that has focus, or nil.
func (d *Doc) Focused() widget.Node {
	if d.focused == nil {
		return nil
	}
	return d.focused
}

// HasFocus reports whether n is the focused element (widget.FocusReader).
func (d *Doc) HasFocus(n widget.Node) bool { return d.focused != nil && widget.Node(d.focused) == n }

// FocusedNode is Focused as a *Node.
func (d *Doc) FocusedNode() *Node { return d.focused }

// Log is every call made through the widget.Document and widget.Node
// interfaces, and every Fire, in order, one line each, such as
// `Create("div") = div#2` or `div#2(oc-lcw-live).SetText("hi")`.
func (d *Doc) Log() []string { return append([]string(nil), d.log...) }

// ClearLog forgets the calls logged so far.
func (d *Doc) ClearLog() { d.log = nil }

func (d *Doc) record(format string, args ...any) {
	d.log = append(d.log, fmt.Sprintf(format, args...))
}

// Serialize renders n and its descendants one node a line, indented two
// spaces a level: an element as <tag a="v" b="w"> with its attributes in
// order, a text node as "text", both raw, without escaping; no closing
// tags; every line ends in "\n". The root fragment has no line of its own:
// its children start at depth 0. A nil n is "".
func Serialize(n *Node) string {
	var b strings.Builder
	if n == nil {
		return ""
	}
	if n == n.doc.root {
		for _, c := range n.children {
			write(&b, c, 0)
		}
		return b.String()
	}
	write(&b, n, 0)
	return b.String()
}

func write(b *strings.Builder, n *Node, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	if n.isText {
		b.WriteString(`"` + n.text + `"` + "\n")
		return
	}
	b.WriteString("<" + n.tag)
	for _, a := range n.attrs {
		b.WriteString(" " + a.name + `="` + a.value + `"`)
	}
	b.WriteString(">\n")
	for _, c := range n.children {
		write(b, c, depth+1)
	}
}

// Minutes implements widget.Minutes as "3 min" (the browser's Intl
// writes it in the visitor's language).
func (d *Doc) Minutes(n int) string { return strconv.Itoa(n) + " min" }
