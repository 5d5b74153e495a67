//go:build js && wasm

package jsbridge

import "github.com/lcwasm/lcwasm/widget"

// svgNS is the namespace of SVG elements.
const svgNS = "http://www.w3.org/2000/svg"

var _ widget.SVGMaker = (*Document)(nil)

// CreateSVG makes a detached element of the SVG namespace with
// createElementNS, for the widget's icons: built as elements, never parsed
// from markup, and no image URL that img-src could refuse.
func (d *Document) CreateSVG(tag string) widget.Node {
	v, err := document.Call("createElementNS", jsString(svgNS), jsString(tag))
	if err != nil {
		Console{}.Error("lcwasm: createElementNS(" + tag + "): " + err.Error())
	}
	return &node{v: v}
}
