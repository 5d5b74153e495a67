package e2e

// Host-page safety, the shadow root: hostile page CSS cannot reach the
// widget, and the widget's styles cannot reach the page. The pages are
// those of testdata/csp (hardening_csp_test.go serves them, under its
// strict policy).

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rectsClose reports whether two boxes differ by at most tol CSS pixels on
// every side.
func rectsClose(a, b rect, tol float64) bool {
	return math.Abs(a.Left-b.Left) <= tol && math.Abs(a.Top-b.Top) <= tol &&
		math.Abs(a.Right-b.Right) <= tol && math.Abs(a.Bottom-b.Bottom) <= tol
}

// computedJS returns, for the host and the given shadow-root ids, every
// computed style property, as {name: {property: value}}.
const computedJS = `((ids) => {
	const all = (el) => { const cs = getComputedStyle(el); const o = {}; for (const p of cs) o[p] = cs.getPropertyValue(p); return o; };
	const out = {host: all(document.getElementById("oc-lcw"))};
	for (const id of ids) out[id] = all(__e2e.el(id));
	return out;
})`

// sameLook checks that the host and the shadow-root elements ids of other
// have the boxes (within a pixel and a half) and every computed style
// property of plain's.
func sameLook(t *testing.T, plain, other *tab, ids ...string) {
	t.Helper()
	for _, id := range ids {
		p, o := plain.rect(id), other.rect(id)
		assert.True(t, rectsClose(p, o, 1.5), "#%s at %+v, on the plain page at %+v", id, o, p)
	}
	want := evalJS[map[string]map[string]string](plain, computedJS+`(`+jsonOf(t, ids)+`)`)
	got := evalJS[map[string]map[string]string](other, computedJS+`(`+jsonOf(t, ids)+`)`)
	for name, props := range want {
		var diff []string
		for p, v := range props {
			if got[name][p] != v {
				diff = append(diff, fmt.Sprintf("%s: %q, not %q", p, got[name][p], v))
			}
		}
		slices.Sort(diff)
		assert.Empty(t, diff, "computed style of %s", name)
	}
}

// TestHostilePageCSSCannotReachTheWidget: hostile.css hides every element
// but <html> and <body> (the host included), unsets everything, and aims
// at divs and ids every property that could hide, shrink, move, flip,
// blur, clip, cover or disable an element. The invitation still shows at
// the same place and size as on plain.html with every computed style the
// same, nothing covers it, and real mouse clicks and keystrokes work: Chat
// Now opens the prechat survey (the same as on plain.html too), the name
// field takes typing, and its submit button starts the chat.
func TestHostilePageCSSCannotReachTheWidget(t *testing.T) {
	t.Parallel()
	plain, plainCSP := openCSPPage(t, "plain.html")
	hostile, hostileCSP := openCSPPage(t, "hostile.html")
	require.Equal(t, "none", evalJS[string](hostile, `getComputedStyle(document.querySelector("main")).display`),
		"hostile.css applies to the page")
	plain.showSettled()
	hostile.showSettled()

	sameLook(t, plain, hostile, idInvitation, idTitle, idSubtitle, idBody, idStart, idClose)
	vw, vh := hostile.viewport()
	r := hostile.rect(idInvitation)
	assert.True(t, r.Right > vw-48 && r.Bottom > vh-48 && r.Left > vw/2, "bottom-right: %+v in %vx%v", r, vw, vh)
	size := evalJS[float64](hostile, `parseFloat(getComputedStyle(__e2e.el("`+idBody+`")).fontSize)`)
	assert.GreaterOrEqual(t, size, 14.0, "the message's font size")

	// Nothing covers it: the page's topmost element at the button's centre
	// is the host, and inside, the button itself (tb.click checks that).
	c := evalJS[point](hostile, `__e2e.clickPoint("`+idStart+`")`)
	assert.True(t, evalJS[bool](hostile, fmt.Sprintf(`document.elementFromPoint(%v, %v) === document.getElementById("oc-lcw")`, c.X, c.Y)),
		"the page's hit test at the start button lands on the widget's host")

	const field, submit = "oc-lcw-prechat-field-0", "oc-lcw-prechat-submit"
	for _, tb := range []*tab{plain, hostile} {
		tb.click(idStart)
		tb.waitEvent("lcw:proactiveChatAccepted")
		tb.waitShown(idPrechat)
		waitJS(t, tb.ctx, `__e2e.clickPoint("`+submit+`") !== null`, waitTimeout)
	}
	sameLook(t, plain, hostile, idPrechat, "oc-lcw-prechat-title", "oc-lcw-prechat-closebutton", field, submit)

	hostile.keepFocus()
	hostile.click(field)
	waitJS(t, hostile.ctx, `__e2e.root().activeElement === __e2e.el("`+field+`")`, waitTimeout)
	hostile.do(chromedp.KeyEvent("Ada"))
	waitJS(t, hostile.ctx, `__e2e.el("`+field+`").value === "Ada"`, waitTimeout)
	hostile.click(submit)
	hostile.waitShown(idChat)
	hostile.waitShown("oc-lcw-chat-input")

	plainCSP.assertNone("plain page")
	hostileCSP.assertNone("hostile page")
}

// TestTransformedBodyKeepsTheInvitationInView: on a long page whose body
// is transformed, filtered, contained and zoomed (transformed.css), the
// invitation is where and as large as on plain.html, inside the viewport,
// and a real click on Chat Now accepts it. The host lives outside <body>.
func TestTransformedBodyKeepsTheInvitationInView(t *testing.T) {
	t.Parallel()
	plain, _ := openCSPPage(t, "plain.html")
	page, w := openCSPPage(t, "transformed.html")
	require.Equal(t, "0.8", evalJS[string](page, `getComputedStyle(document.body).zoom`), "transformed.css applies")
	plain.showSettled()
	page.showSettled()
	vw, vh := page.viewport()
	for _, id := range []string{idInvitation, idBody, idStart, idClose} {
		p, r := plain.rect(id), page.rect(id)
		assert.True(t, rectsClose(p, r, 1.5), "#%s at %+v under the transformed body, %+v on the plain page", id, r, p)
		assert.True(t, r.Left >= 0 && r.Top >= 0 && r.Right <= vw && r.Bottom <= vh, "#%s %+v inside the %vx%v viewport", id, r, vw, vh)
	}
	page.click(idStart)
	page.waitEvent("lcw:proactiveChatAccepted")
	w.assertNone("transformed page")
}

// jsonOf is v as JSON, for a JS expression.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// leakProbeJS takes snapshots of the page as a whole: the computed style and
// box of <html>, <body> and every element of main#probe (ordinary elements,
// and elements carrying the widget's own ids and class names), and the
// page's style sheets and fonts. The first snapshot is taken at
// DOMContentLoaded, before the runtime starts (it waits for the load event;
// the loader's early chat button may exist by then).
const leakProbeJS = `(() => {
	const snapshot = () => {
		const out = {};
		const els = document.querySelectorAll("html, body, #probe, #probe *");
		els.forEach((el, i) => {
			const cs = getComputedStyle(el);
			const o = {};
			for (const p of cs) o[p] = cs.getPropertyValue(p);
			const r = el.getBoundingClientRect();
			o["(box)"] = [r.x, r.y, r.width, r.height].join(" ");
			out[i + " " + el.localName + (el.id ? "#" + el.id : "") + (el.className ? "." + el.className : "")] = o;
		});
		out["(document)"] = {
			styleSheets: [...document.styleSheets].map((s) => s.href + " " + s.cssRules.length).join(", "),
			adoptedStyleSheets: String(document.adoptedStyleSheets.length),
			fonts: String(document.fonts.size),
			rootStyle: document.documentElement.getAttribute("style") ?? "",
			byId: document.getElementById("oc-lcw-proactivechat")?.closest("#probe") ? "the page's own" : "another",
		};
		return out;
	};
	const probe = {snapshot, before: null, readyBefore: null};
	Object.defineProperty(window, "__leak", {value: probe});
	document.addEventListener("DOMContentLoaded", () => {
		probe.readyBefore = window.__lcwEvents.some((e) => e.type === "lcw:ready");
		probe.before = snapshot();
	});
})();`

// TestWidgetStylesStayInTheShadowRoot: the page looks exactly the same,
// element by element and property by property, before the widget starts,
// while the invitation shows and while the chat pane shows; the page gains
// no style sheet and no font, and its own elements that carry the widget's
// ids and classes are untouched.
func TestWidgetStylesStayInTheShadowRoot(t *testing.T) {
	t.Parallel()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	w := watchCSP(tb)
	tb.addScript(leakProbeJS)
	tb.navigate("/e2e/csp/leak.html")
	tb.waitReady()
	// The loader's early chat button may already be there (when the
	// configuration and the stylesheet came before the page was parsed):
	// it lives in a shadow root of its own, and the runtime, which renders
	// the invitation and the pane compared below, starts after load.
	require.False(t, evalJS[bool](tb, `__leak.readyBefore`), "the first snapshot comes before the runtime is ready")
	before := evalJS[map[string]map[string]string](tb, `__leak.before`)
	require.Greater(t, len(before), 20, "elements in the snapshot")
	require.Contains(t, before["(document)"]["styleSheets"], "/e2e/csp/page.css")

	compare := func(when string) {
		t.Helper()
		now := evalJS[map[string]map[string]string](tb, `__leak.snapshot()`)
		for el, props := range before {
			var diff []string
			for p, v := range props {
				if now[el][p] != v {
					diff = append(diff, fmt.Sprintf("%s: %q, was %q", p, now[el][p], v))
				}
			}
			slices.Sort(diff)
			assert.Empty(t, diff, "%s while %s", el, when)
		}
		assert.Len(t, now, len(before), "elements while %s", when)
	}
	tb.startProactiveChat(`{message: "Leak check"}, false`)
	tb.waitShown(idInvitation)
	tb.settle()
	compare("the invitation shows")
	tb.click(idStart)
	tb.waitShown(idChat)
	tb.settle()
	compare("the chat pane shows")
	w.assertNone("leak page")
}
