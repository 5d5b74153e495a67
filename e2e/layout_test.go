package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

// TestColorAndFontOverride: data-color-override colours the start button and
// data-font-family-override sets the font (testdata/custom.html). The page's
// own rule painting that button red (page.css) must not reach it.
func TestColorAndFontOverride(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "custom.html")
	tb.showSettled()
	assert.Equal(t, "rgb(10, 127, 63)",
		evalJS[string](tb, `getComputedStyle(__e2e.el("`+idStart+`")).backgroundColor`))
	font := evalJS[string](tb, `getComputedStyle(__e2e.el("`+idBody+`")).fontFamily`)
	assert.True(t, strings.HasPrefix(font, "Georgia"), "font-family %q", font)
}

// TestPageCSSDoesNotReachTheWidget: page.css hides #oc-lcw-proactivechat and
// paints its start button red; neither applies inside the shadow root.
func TestPageCSSDoesNotReachTheWidget(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	tb.showSettled()
	assert.NotEqual(t, "rgb(255, 0, 0)",
		evalJS[string](tb, `getComputedStyle(__e2e.el("`+idStart+`")).backgroundColor`))
}

// TestPlacement: bottom-right on a left-to-right page, bottom-left on a page
// with <html dir="rtl">, whose direction the invitation takes.
func TestPlacement(t *testing.T) {
	t.Parallel()
	tests := []struct {
		page string
		dir  string
	}{
		{"on.html", "ltr"},
		{"rtl.html", "rtl"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			t.Parallel()
			tb := openPage(t, tt.page)
			tb.showSettled()
			r := tb.rect(idInvitation)
			vw, vh := tb.viewport()
			left, right := r.Left, vw-r.Right
			if tt.dir == "rtl" {
				assert.Less(t, left, right, "nearer the left edge: %+v in %v px", r, vw)
			} else {
				assert.Less(t, right, left, "nearer the right edge: %+v in %v px", r, vw)
			}
			assert.Greater(t, r.Top, vh/3, "in the lower part of the viewport: %+v", r)
			assert.Equal(t, tt.dir, evalJS[string](tb, `getComputedStyle(__e2e.el("`+idInvitation+`")).direction`))
		})
	}
}

// TestNarrowViewport: on a 360 px wide phone the invitation and its buttons
// fit inside the viewport and the page does not scroll sideways.
func TestNarrowViewport(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	tb.navigate("/e2e/on.html")
	tb.waitReady()
	tb.showSettled()
	vw, vh := tb.viewport()
	assert.Equal(t, 360.0, vw)
	for _, id := range []string{idInvitation, idStart, idClose, idBody} {
		r := tb.rect(id)
		assert.True(t, r.Left >= 0 && r.Top >= 0 && r.Right <= vw && r.Bottom <= vh,
			"#%s %+v inside the %vx%v viewport", id, r, vw, vh)
	}
	assert.LessOrEqual(t, evalJS[float64](tb, `document.documentElement.scrollWidth`), vw, "no sideways scroll")
}

// TestReducedMotion: with prefers-reduced-motion the invitation appears
// without animation.
func TestReducedMotion(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	})
	tb.navigate("/e2e/on.html")
	tb.waitReady()
	tb.startProactiveChat(`{message: "calm"}`)
	tb.waitShown(idInvitation)
	running := evalJS[int](tb, `__e2e.root().getAnimations().filter((a) =>
		a.playState === "running" && a.effect.getComputedTiming().duration > 1).length`)
	assert.Zero(t, running, "animations running under prefers-reduced-motion")
}
