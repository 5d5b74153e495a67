package e2e

import (
	"context"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mouseTo moves the real (CDP) mouse pointer to x, y in the viewport; a
// point outside it makes the pointer leave the document there.
func (tb *tab) mouseTo(x, y float64) {
	tb.t.Helper()
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, input.DispatchMouseEventParams{
			Type: input.DispatchMouseEventTypeMouseMoved, X: x, Y: y})
		return err
	}))
}

// keepFocus makes the tab's page keep the focus while other tests' windows
// open, so keystrokes reach its focused field.
func (tb *tab) keepFocus() {
	tb.t.Helper()
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}))
}

// inputLog records, on the page's clock, the pointer moves and keystrokes the
// page sees.
const inputLog = `window.__moves = []; window.__keys = []; window.__keyTargets = [];
	addEventListener("mousemove", () => window.__moves.push(performance.now()), true);
	addEventListener("keydown", (e) => {
		window.__keys.push(performance.now());
		window.__keyTargets.push(e.composedPath()[0].tagName);
	}, true);`

// TestRulesScrollDepth: scrollDepth is the deepest part of the page seen, in
// percent; it holds once the visitor scrolls far enough and stays.
func TestRulesScrollDepth(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [{"id": "half", "conditions": [{"scrollDepth": {"min": 50}}]},
		`+probe("bottom", `{"scrollDepth": {"min": 95}}`)+`]}`, "")
	tb := newRulesTab(t, w)
	tb.open("long.html")
	tb.quietFor(300, "the top of the page is less than half of it")
	assert.False(t, tb.explainRule("half").Holds)

	scrolled := evalJS[float64](tb, `scrollTo(0, 0.6 * document.documentElement.scrollHeight - innerHeight); performance.now()`)
	shown := tb.waitRule("half")
	assert.GreaterOrEqual(t, shown.T, scrolled)
	assert.False(t, tb.probeHolds("bottom"), "60% seen is not 95%")

	tb.eval(`scrollTo(0, document.documentElement.scrollHeight)`)
	tb.waitProbe("bottom", true)
	tb.eval(`scrollTo(0, 0)`)
	tb.settle()
	tb.settle()
	assert.True(t, tb.probeHolds("bottom"), "the deepest scroll counts, not the current one")
}

// TestRulesElementVisible: the rule fires once #plans has been at least half
// visible for a second, counted from when it scrolls into view.
func TestRulesElementVisible(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [{"id": "plans", "conditions": [{"elementVisible": {"selector": "#plans", "seconds": 1}}]},
		`+probe("plans-now", `{"elementVisible": {"selector": "#plans"}}`)+`,
		`+probe("nowhere", `{"elementVisible": {"selector": "#nowhere"}}`)+`]}`, "")
	tb := newRulesTab(t, w)
	tb.open("long.html")
	tb.quietFor(1200, "#plans is below the fold")
	tb.assertProbes(map[string]bool{"plans-now": false, "nowhere": false})

	scrolled := evalJS[float64](tb, `document.getElementById("plans").scrollIntoView({block: "center"}); performance.now()`)
	tb.waitProbe("plans-now", true)
	shown := tb.waitRule("plans")
	assert.GreaterOrEqual(t, shown.T, scrolled+1000-5, "#plans was visible for less than a second")
	assert.Less(t, shown.T, scrolled+1000+1500, "shown late")
	assert.False(t, tb.probeHolds("nowhere"))
}

// TestRulesExitIntent: on a desktop, the pointer leaving the page through
// its top edge is exit intent (leaving through a side is not); on a touch
// device, the page being hidden or a fast scroll up is.
func TestRulesExitIntent(t *testing.T) {
	t.Parallel()
	rules := `{"rules": [{"id": "leaving", "conditions": [{"exitIntent": true}]},
		` + probe("staying", `{"exitIntent": false}`) + `]}`

	t.Run("desktop pointer", func(t *testing.T) {
		t.Parallel()
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.open("page.html")
		tb.mouseTo(200, 200)
		tb.mouseTo(200, 100)
		tb.mouseTo(-5, 100)
		tb.mouseTo(200, 200)
		tb.quietFor(300, "moving inside or out through the left side is no exit intent")
		assert.True(t, tb.probeHolds("staying"))

		tb.mouseTo(200, 40)
		tb.mouseTo(200, -5)
		tb.waitRule("leaving")
		assert.False(t, tb.probeHolds("staying"))
	})
	t.Run("touch page hidden", func(t *testing.T) {
		t.Parallel()
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.emulate(machine{device: "phone"})
		tb.open("page.html")
		tb.quietFor(300, "no exit intent yet")
		tb.setWindowState(browser.WindowStateMinimized)
		waitJS(t, tb.ctx, `document.visibilityState === "hidden"`, waitTimeout)
		tb.setWindowState(browser.WindowStateNormal)
		waitJS(t, tb.ctx, `document.visibilityState === "visible"`, waitTimeout)
		tb.waitRule("leaving")
	})
	t.Run("touch fast scroll up", func(t *testing.T) {
		t.Parallel()
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.emulate(machine{device: "phone"})
		tb.open("long.html")
		tb.eval(`scrollTo(0, 2500)`)
		tb.settle()
		tb.quietFor(300, "scrolling down is no exit intent")
		// A flick back up: 1500 px at 6000 px/s, the compositor's own
		// scrolling (Chromium's touch source does not scroll this page, so
		// the default one, which the emulated touch screen accepts).
		tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.SynthesizeScrollGesture, input.SynthesizeScrollGestureParams{
				X: 200, Y: 400, YDistance: 1500, Speed: 6000})
			return err
		}))
		require.Less(t, evalJS[float64](tb, `scrollY`), 1200.0, "the flick scrolled up")
		tb.waitRule("leaving")
	})
}

// TestRulesInactivity: the rule fires two seconds after the last input, not
// while the visitor keeps moving the pointer (every 100 ms for three
// seconds) and not earlier.
func TestRulesInactivity(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [{"id": "idle", "conditions": [{"inactive": {"seconds": 2}}]}]}`, "")
	tb := newRulesTab(t, w)
	tb.addScript(inputLog)
	tb.open("page.html")
	until := tb.readyAt() + 3000
	for i := 0; tb.pageTime() < until; i++ {
		tb.mouseTo(float64(100+i%50*5), 150)
		tb.waitPageTime(tb.pageTime() + 100)
	}
	shown := tb.waitRule("idle")
	// Judge by the inputs the page saw before the invitation: on a busy
	// machine CDP may deliver some of the test's moves late, and a gap the
	// page really saw may let the rule fire, rightly, before the loop ends.
	var before []float64
	for _, m := range evalJS[[]float64](tb, `window.__moves`) {
		if m < shown.T {
			before = append(before, m)
		}
	}
	require.NotEmpty(t, before)
	last := slices.Max(before)
	assert.GreaterOrEqual(t, shown.T, last+2000-5, "shown less than two seconds after the last input")
	assert.Less(t, shown.T, last+2000+1500, "shown late")
}

// maxGap is the longest time between two consecutive times, counting from
// from on.
func maxGap(times []float64, from float64) float64 {
	gap := 0.0
	for i := 1; i < len(times); i++ {
		if times[i] >= from {
			gap = max(gap, times[i]-max(times[i-1], from))
		}
	}
	return gap
}

// TestRulesTypingDefers: the invitation never interrupts typing in a form
// field. The visitor types in #q; meanwhile the page sets the attribute that
// makes the rule hold; the invitation waits until three seconds after the
// last keystroke.
func TestRulesTypingDefers(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [{"id": "hello", "conditions": [{"timeOnPage": {"seconds": 1}},
		{"attribute": {"name": "armed", "exists": true}}]}, `+pageStartProbe+`]}`, "")
	tb := newRulesTab(t, w)
	tb.addScript(inputLog)
	tb.keepFocus()
	tb.open("page.html")
	tb.eval(`document.getElementById("q").focus()`)
	var armed float64
	holds := tb.pageStart() + 1000 // when the rule holds once armed
	for i := 0; ; i++ {
		tb.do(chromedp.KeyEvent("x"))
		if i == 2 {
			armed = evalJS[float64](tb, sdk+`.setAudienceAttributes({armed: true}); performance.now()`)
			holds = max(holds, armed)
		}
		if armed > 0 && tb.pageTime() > holds+2500 {
			break
		}
		tb.waitPageTime(tb.pageTime() + 200)
	}
	for _, target := range evalJS[[]string](tb, `window.__keyTargets`) {
		require.Equal(t, "INPUT", target, "every keystroke went to the text field")
	}
	keys := evalJS[[]float64](tb, `window.__keys`)
	require.Less(t, maxGap(keys, keys[0]), 2500.0, "the test typed too slowly to tell")
	last := slices.Max(keys)
	shown := tb.waitRule("hello")
	assert.GreaterOrEqual(t, shown.T, last+3000-50, "shown while the visitor was typing: keystrokes at %.0f, rule holds from %.0f, shown at %.0f",
		keys, holds, shown.T)
	assert.Less(t, shown.T, last+3000+1500, "shown late after the typing stopped")
	assert.Equal(t, "q", evalJS[string](tb, `document.activeElement?.id ?? ""`), "focus stays in the field")
}
