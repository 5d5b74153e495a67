package domtest

import "github.com/lcwasm/lcwasm/widget"

var _ widget.SVGMaker = (*Doc)(nil)

// CreateSVG returns a new, detached element of the SVG namespace, as
// createElementNS does; it is widget.SVGMaker. Its attribute names keep
// their case (viewBox), as the real DOM keeps them on SVG elements.
func (d *Doc) CreateSVG(tag string) widget.Node {
	n := d.newNode(tag)
	n.svg = true
	d.record("CreateSVG(%q) = %v", tag, n)
	return n
}

// SVG reports whether n is an element of the SVG namespace.
func (n *Node) SVG() bool { return n.svg }
