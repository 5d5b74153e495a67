package e2e

import (
	"fmt"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// lcwEvent is one recorded lcw:* event: its type, a JSON copy of its detail,
// and performance.now() when it fired.
type lcwEvent struct {
	Type   string         `json:"type"`
	Detail map[string]any `json:"detail"`
	T      float64        `json:"t"`
}

// point is a position in the viewport, in CSS pixels.
type point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// events returns the recorded events, all of them or only those of the
// given types, in the order they fired.
func (tb *tab) events(types ...string) []lcwEvent {
	tb.t.Helper()
	all := evalJS[[]lcwEvent](tb, `window.__lcwEvents`)
	if len(types) == 0 {
		return all
	}
	var out []lcwEvent
	for _, e := range all {
		for _, typ := range types {
			if e.Type == typ {
				out = append(out, e)
			}
		}
	}
	return out
}

// waitEvent waits until an event of type typ has fired and returns the first.
func (tb *tab) waitEvent(typ string) lcwEvent {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`__e2e.events(%q).length > 0`, typ), waitTimeout)
	return tb.events(typ)[0]
}

// shown reports whether the shadow-root element id is rendered.
func (tb *tab) shown(id string) bool {
	tb.t.Helper()
	return evalJS[bool](tb, fmt.Sprintf(`__e2e.shown(%q)`, id))
}

// waitShown and waitGone wait for the shadow-root element id to be rendered,
// or to be absent or not rendered.
func (tb *tab) waitShown(id string) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`__e2e.shown(%q)`, id), waitTimeout)
}

func (tb *tab) waitGone(id string) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`!__e2e.shown(%q)`, id), waitTimeout)
}

// text is the textContent of a shadow-root element ("" when absent).
func (tb *tab) text(id string) string {
	tb.t.Helper()
	return evalJS[string](tb, fmt.Sprintf(`__e2e.text(%q) ?? ""`, id))
}

// settle waits for two frames and a macrotask in the page.
func (tb *tab) settle() {
	tb.t.Helper()
	evalJS[bool](tb, `__e2e.settle()`)
}

// click sends a real mouse click to the centre of a shadow-root element,
// once it is rendered, not animating and hit-testable.
func (tb *tab) click(id string) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`__e2e.clickPoint(%q) !== null`, id), waitTimeout)
	p := evalJS[point](tb, fmt.Sprintf(`__e2e.clickPoint(%q)`, id))
	tb.do(chromedp.MouseClickXY(p.X, p.Y))
}

// pressEscape sends the Escape key to whatever has focus.
func (tb *tab) pressEscape() {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(kb.Escape))
}
