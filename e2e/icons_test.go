package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

// The widget's icons (widget/icons.go) as Chromium draws them: SVG built
// element by element, which this headless Chromium, with no emoji font,
// draws as it draws everywhere.

// shownIcon is what the page made of the icon of a widget button.
type shownIcon struct {
	NS        string  `json:"ns"`        // the <svg>'s namespace
	Hidden    string  `json:"hidden"`    // its aria-hidden
	Focusable string  `json:"focusable"` // its focusable
	Drawn     bool    `json:"drawn"`     // its path has a non-empty bounding box
	Inside    bool    `json:"inside"`    // its box is within the button's
	Mirrored  bool    `json:"mirrored"`  // it is drawn flipped left to right
	Stroke    string  `json:"stroke"`    // the path's computed stroke
	Color     string  `json:"color"`     // the button's computed colour
	Back      string  `json:"back"`      // the button's computed background
	X         float64 `json:"x"`         // the <svg>'s box, in CSS pixels of the page
	Y         float64 `json:"y"`
	Width     float64 `json:"width"`
	Height    float64 `json:"height"`
	ButtonW   float64 `json:"buttonW"` // the button's box
	ButtonH   float64 `json:"buttonH"`
}

// icon reads the icon of the widget button id; it fails the test when the
// button has no <svg> with a <path>.
func (tb *tab) icon(id string) shownIcon {
	tb.t.Helper()
	got := evalJS[*shownIcon](tb, fmt.Sprintf(`(() => {
		const b = __e2e.el(%q), s = b?.querySelector("svg"), p = s?.querySelector("path");
		if (!s || !p) return null;
		const r = s.getBoundingClientRect(), br = b.getBoundingClientRect(), box = p.getBBox(), m = s.getScreenCTM();
		const cb = getComputedStyle(b);
		return {ns: s.namespaceURI, hidden: s.getAttribute("aria-hidden"), focusable: s.getAttribute("focusable"),
			drawn: box.width > 0 && box.height > 0,
			inside: r.left >= br.left && r.right <= br.right && r.top >= br.top && r.bottom <= br.bottom,
			mirrored: m.a < 0, stroke: getComputedStyle(p).stroke, color: cb.color, back: cb.backgroundColor,
			x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height,
			buttonW: br.width, buttonH: br.height};
	})()`, id))
	if got == nil {
		tb.t.Fatalf("e2e: #%s has no <svg> icon with a <path>", id)
	}
	return *got
}

// assertIcon checks the icon of the widget button id in the state what:
// an SVG element hidden from assistive technology and Tab, drawn inside its
// button with a non-zero box, in the button's own colour (currentColor),
// not mirrored, with ink on the screen; and the button keeps its accessible
// name, name, and its 44 px target.
func (tb *tab) assertIcon(what, id, name string) shownIcon {
	tb.t.Helper()
	ic := tb.icon(id)
	assert.Equal(tb.t, "http://www.w3.org/2000/svg", ic.NS, "%s: #%s's icon is SVG", what, id)
	assert.Equal(tb.t, "true", ic.Hidden, "%s: #%s's icon is aria-hidden", what, id)
	assert.Equal(tb.t, "false", ic.Focusable, "%s: #%s's icon is focusable=false", what, id)
	assert.True(tb.t, ic.Drawn, "%s: #%s's icon draws a path", what, id)
	assert.True(tb.t, ic.Width > 0 && ic.Height > 0, "%s: #%s's icon has a box: %+v", what, id, ic)
	assert.True(tb.t, ic.Inside, "%s: #%s's icon is inside its button: %+v", what, id, ic)
	assert.False(tb.t, ic.Mirrored, "%s: #%s's icon is not mirrored", what, id)
	assert.Equal(tb.t, ic.Color, ic.Stroke, "%s: #%s's icon is drawn in the button's colour", what, id)
	assert.GreaterOrEqual(tb.t, min(ic.ButtonW, ic.ButtonH), 44.0, "%s: #%s is a 44 px target", what, id)
	assert.Greater(tb.t, tb.ink(ic), 0.05, "%s: #%s's icon puts ink on the screen", what, id)
	assert.Equal(tb.t, name, tb.accessibleName(`__e2e.el(`+jsString(id)+`)`), "%s: #%s's accessible name", what, id)
	return ic
}

// ink is the share of the pixels in the icon's box that differ clearly
// from the colour of its top left corner (the button behind it).
func (tb *tab) ink(ic shownIcon) float64 {
	tb.t.Helper()
	var b []byte
	tb.call(func(ctx context.Context) error {
		r, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Clip: &page.Viewport{X: ic.X, Y: ic.Y, Width: ic.Width, Height: ic.Height, Scale: 1}})
		b = r.Data
		return err
	})
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		tb.t.Fatalf("e2e: the icon's screenshot: %v", err)
	}
	bounds := img.Bounds()
	r0, g0, b0, _ := img.At(bounds.Min.X, bounds.Min.Y).RGBA()
	var inked, all int
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			all++
			if dist(r, r0)+dist(g, g0)+dist(b, b0) > 3*0x3000 {
				inked++
			}
		}
	}
	return float64(inked) / float64(max(all, 1))
}

func dist(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// accessibleName is the name Chromium's accessibility tree gives the
// element the JS expression js evaluates to.
func (tb *tab) accessibleName(js string) string {
	tb.t.Helper()
	var name string
	tb.call(func(ctx context.Context) error {
		ev, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: js})
		if err != nil {
			return err
		}
		if ev.Result == nil || ev.Result.ObjectID == "" {
			return fmt.Errorf("%s is no element", js)
		}
		tree, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{
			ObjectID: ev.Result.ObjectID, FetchRelatives: new(bool)})
		if err != nil {
			return err
		}
		for _, n := range tree.Nodes {
			if n.Name != nil {
				return json.Unmarshal(n.Name.Value, &name)
			}
		}
		return nil
	})
	return name
}

// forcedColors emulates forced colours (Windows high contrast) on or off;
// either way it ends darkMode's emulation of a colour scheme.
func (tb *tab) forcedColors(on bool) {
	tb.t.Helper()
	want := "none"
	if on {
		want = "active"
	}
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "forced-colors", Value: want}}})
		return err
	})
	waitJS(tb.t, tb.ctx, `matchMedia("(forced-colors: `+want+`)").matches`, waitTimeout)
}
