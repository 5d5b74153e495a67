//go:build js && wasm

package jsbridge

import "github.com/lcwasm/lcwasm/widget"

// svgNS is the namespace of SVG elements.
const svgNS = "http://www.w3.org/2000/svg"

var _ widget.SVGMaker = (*Document)(nil)

// CreateSVG makes a detached element of the SVG namespace with
// createElementNS, for the widget's icons: built as elements, never parsed
// from markup, and no image URL that img-src could refuse. The namespace
// and the widget's tag names are valid, so createElementNS cannot throw.
func (d *Document) CreateSVG(tag string) widget.Node {
	v, _ := document.Call("createElementNS", jsString(svgNS), jsString(tag))
	return &node{v: v}
}
