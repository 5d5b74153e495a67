package widget

// SVGMaker is an optional part of a Document: it creates elements in the
// SVG namespace (createElementNS), which the widget draws its few icons
// with. Drawn as SVG rather than as emoji, an icon looks the same on a
// system without an emoji font, follows the widget's text colour
// (currentColor, so dark mode and forced colours too), and needs neither
// markup parsing nor an image URL, so a strict Content-Security-Policy
// with Trusted Types allows it. A Document without it shows no icons; the
// buttons keep their names.
type SVGMaker interface {
	// CreateSVG returns a new, detached SVG element ("svg", "path").
	CreateSVG(tag string) Node
}

// The icons, as the path data of one 24×24 outline each: stroked 2 px
// wide with round ends in currentColor by the stylesheet (.lcw-icon). A
// thumb down is the thumb up turned half a circle. None of them is
// mirrored on a right-to-left page: a paperclip and a thumb point no way
// along a line of text.
const (
	// iconPaperclip is a paperclip standing upright (turned a quarter of
	// the way, as a paperclip lies, by iconTilt).
	iconPaperclip = "M17 6v10a5 5 0 0 1-10 0V6.5a3.5 3.5 0 0 1 7 0V15a2 2 0 0 1-4 0V7"
	iconTilt      = "rotate(45 12 12)"
	// iconThumb is a hand, thumb up, beside its cuff.
	iconThumb = "M7 10l3.6-7a1.9 1.9 0 0 1 3.5 1.4L13 9h6a2 2 0 0 1 2 2.4l-1.4 7.6a2 2 0 0 1-2 2H7" +
		"M4 10h3v11H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1z"
	iconTurn = "rotate(180 12 12)"
)

// appendIcon appends to n an <svg> of size px drawing the path d,
// turned by transform when it is not "". The icon is hidden from
// assistive technology (n has the name) and is never a stop for Tab
// (focusable="false", for old Edge). A Document that cannot create SVG
// elements gets none.
func (v *DOMView) appendIcon(n Node, d, transform, size string) {
	m, ok := v.doc.(SVGMaker)
	if !ok {
		return
	}
	svg := m.CreateSVG("svg")
	attrs := [...]string{"class", "lcw-icon", "viewBox", "0 0 24 24", "width", size, "height", size,
		"aria-hidden", "true", "focusable", "false"}
	for i := 0; i < len(attrs); i += 2 {
		svg.SetAttr(attrs[i], attrs[i+1])
	}
	path := m.CreateSVG("path")
	path.SetAttr("d", d)
	if transform != "" {
		path.SetAttr("transform", transform)
	}
	svg.Append(path)
	n.Append(svg)
}
