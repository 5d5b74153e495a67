package widgettest

import (
	"testing"

	"github.com/lcwasm/lcwasm/widget"
)

// Harness drives one Document implementation.
type Harness interface {
	// New returns a fresh, empty document.
	New(t *testing.T) widget.Document
	// Serialize renders the document's root in the golden format of
	// package domtest (the root itself not shown, its children at depth 0).
	Serialize(d widget.Document) string
	// Fire dispatches a DOM event such as "click" at n.
	Fire(n widget.Node, event string)
	// SetValue types v into the form control n.
	SetValue(n widget.Node, v string)
	// Focused reports whether n has keyboard focus.
	Focused(d widget.Document, n widget.Node) bool
}

// TestDocument runs the conformance checks as subtests.
func TestDocument(t *testing.T, h Harness) {
	checks := []struct {
		name string
		run  func(*testing.T, Harness)
	}{
		{"attributes keep their first position", attributeOrder},
		{"text is text, never markup", textIsText},
		{"append adds last and moves", appendMoves},
		{"remove detaches, twice is harmless", removeDetaches},
		{"listeners fire until removed", listeners},
		{"values of form controls", values},
		{"focus lands on attached controls", focus},
		{"svg elements keep their attribute case", svgElements},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.run(t, h) })
	}
}

func expect(t *testing.T, h Harness, d widget.Document, want string) {
	t.Helper()
	if got := h.Serialize(d); got != want {
		t.Errorf("document:\n%s\nwant:\n%s", got, want)
	}
}

func attributeOrder(t *testing.T, h Harness) {
	d := h.New(t)
	n := d.Create("div")
	n.SetAttr("id", "a")
	n.SetAttr("class", "x")
	n.SetAttr("id", "b")
	d.Root().Append(n)
	expect(t, h, d, "<div id=\"b\" class=\"x\">\n")
}

func textIsText(t *testing.T, h Harness) {
	d := h.New(t)
	p := d.Create("p")
	p.Append(d.Create("span"))
	p.SetText(`<img src=x onerror="window.__pwned=1"> & <b>bold</b>`)
	d.Root().Append(p)
	expect(t, h, d, "<p>\n  \"<img src=x onerror=\"window.__pwned=1\"> & <b>bold</b>\"\n")
	p.SetText("")
	expect(t, h, d, "<p>\n")
}

func appendMoves(t *testing.T, h Harness) {
	d := h.New(t)
	a, b, c := d.Create("div"), d.Create("section"), d.Create("span")
	d.Root().Append(a)
	d.Root().Append(b)
	a.Append(c)
	b.Append(c)
	expect(t, h, d, "<div>\n<section>\n  <span>\n")
}

func removeDetaches(t *testing.T, h Harness) {
	d := h.New(t)
	a, b := d.Create("div"), d.Create("p")
	d.Root().Append(a)
	a.Append(b)
	a.Remove()
	a.Remove()
	expect(t, h, d, "")
	d.Root().Append(b)
	expect(t, h, d, "<p>\n")
}

func listeners(t *testing.T, h Harness) {
	d := h.New(t)
	b := d.Create("button")
	d.Root().Append(b)
	clicks := 0
	off := b.On("click", func() { clicks++ })
	h.Fire(b, "click")
	h.Fire(b, "click")
	off()
	off()
	h.Fire(b, "click")
	if clicks != 2 {
		t.Errorf("clicks = %d, want 2 (two before the listener was removed)", clicks)
	}
}

func values(t *testing.T, h Harness) {
	d := h.New(t)
	in, div := d.Create("input"), d.Create("div")
	in.SetAttr("type", "text")
	d.Root().Append(in)
	d.Root().Append(div)
	h.SetValue(in, "Ada <Lovelace>")
	if got := in.Value(); got != "Ada <Lovelace>" {
		t.Errorf("input Value() = %q", got)
	}
	if got := div.Value(); got != "" {
		t.Errorf("div Value() = %q, want empty", got)
	}
}

func focus(t *testing.T, h Harness) {
	d := h.New(t)
	b := d.Create("button")
	d.Root().Append(b)
	b.Focus()
	if !h.Focused(d, b) {
		t.Error("an attached button did not take focus")
	}
	b.Remove()
	if h.Focused(d, b) {
		t.Error("a removed button still has focus")
	}
}

// svgElements: a Document that makes SVG elements makes them in the SVG
// namespace, where attribute names keep their case (an HTML <svg> would
// have a "viewbox", which draws nothing).
func svgElements(t *testing.T, h Harness) {
	d := h.New(t)
	m, ok := d.(widget.SVGMaker)
	if !ok {
		t.Skip("the Document makes no SVG elements")
	}
	svg, path := m.CreateSVG("svg"), m.CreateSVG("path")
	svg.SetAttr("viewBox", "0 0 24 24")
	path.SetAttr("d", "M1 1h2")
	svg.Append(path)
	d.Root().Append(svg)
	expect(t, h, d, "<svg viewBox=\"0 0 24 24\">\n  <path d=\"M1 1h2\">\n")
}
