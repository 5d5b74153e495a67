package e2e

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// textsApp is the widget whose texts TestTextsSideBySide compares.
const textsApp = "e2e-admin-texts"

// TestTextsSideBySide: in the texts form, the site owner opens (from the
// keyboard) a table of every phrase in every language: the English default,
// then each shipped language's text, the site's own texts marked Changed
// and a phrase a language lacks (German's "send", taken out of the served
// lang-de.json as a phrase not yet translated would be) marked Missing;
// each cell carries its language and direction, Arabic right-aligned. A
// column's Edit button opens that language in the form, and a text typed
// there shows in the table at once. The table scrolls sideways in a
// labelled, focusable region on a 360 px phone without the page
// scrolling; axe passes in light and dark mode and on the phone.
func TestTextsSideBySide(t *testing.T) {
	t.Parallel()
	owner := signInAdmin(t, textsApp)

	// German as a bundle whose translation lacks a phrase.
	de, err := os.ReadFile("../assets/lang/de.json")
	require.NoError(t, err)
	var deTexts map[string]any
	require.NoError(t, json.Unmarshal(de, &deTexts))
	delete(deTexts, "send")
	lacking, err := json.Marshal(deTexts)
	require.NoError(t, err)
	lctx, cancel := context.WithCancel(owner.ctx)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Listen(lctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			go func() { // not from the tab's event loop
				_, _ = chromedp.Call(lctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: e.RequestID, ResponseCode: 200,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/json"}}, Body: lacking})
			}()
		}
	}))
	owner.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/lcw/lang-de.json"}}})
		return err
	})

	owner.setJSON(`c.texts = {fr: {send: "Envoyer !"}, ar: {send: "أرسل الآن"}, en: {send: "Go"}}`)
	waitJS(t, owner.ctx, `!!document.querySelector("#tx-compare-toggle")`, waitTimeout)
	assert.Equal(t, "false", evalJS[string](owner, `document.querySelector("#tx-compare-toggle").getAttribute("aria-expanded")`))
	owner.do(chromedp.Focus("#tx-compare-toggle"))
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.querySelector("#tx-compare")?.dataset.loaded === "true"`, waitTimeout)
	assert.Equal(t, "true", evalJS[string](owner, `document.querySelector("#tx-compare-toggle").getAttribute("aria-expanded")`))
	assert.Equal(t, "#tx-compare-toggle", "#"+evalJS[string](owner, `document.activeElement.id`), "focus stays on the toggle")

	// The headers: the phrase, the English default, every shipped language.
	heads := evalJS[[]string](owner, `[...document.querySelectorAll("#tx-compare thead th[scope=col] .tx-lang, #tx-compare thead th[scope=col]:nth-child(-n+2)")].map(h => h.textContent)`)
	assert.Equal(t, []string{"Text", "English default", "English (en)", "Spanish (es)", "French (fr)"}, heads[:5])
	assert.Contains(t, heads, "Arabic (ar)")
	assert.Contains(t, heads, "German (de)")
	assert.Equal(t, "Every language side by side", evalJS[string](owner, `document.querySelector("#tx-compare caption").textContent`))

	cell := func(lang, key string) map[string]string {
		t.Helper()
		return evalJS[map[string]string](owner, `(() => { const c = document.querySelector('#tx-compare td[data-lang="`+lang+`"][data-key="`+key+`"]');
			return c ? {state: c.dataset.state, text: c.querySelector(".tx-text")?.textContent ?? "", flag: c.querySelector(".tx-flag")?.textContent ?? "",
				lang: c.lang, dir: c.dir, align: getComputedStyle(c).textAlign, direction: getComputedStyle(c).direction} : {}; })()`)
	}
	got := cell("fr", "send")
	assert.Equal(t, map[string]string{"state": "changed", "text": "Envoyer !", "flag": "Changed", "lang": "fr", "dir": "auto", "align": "start", "direction": "ltr"}, got)
	got = cell("fr", "attach")
	assert.Equal(t, "shipped", got["state"])
	assert.Equal(t, "Joindre un fichier", got["text"])
	assert.Empty(t, got["flag"])
	got = cell("de", "send")
	assert.Equal(t, "missing", got["state"], "German lacks it")
	assert.Equal(t, "Missing", got["flag"])
	assert.Equal(t, "Send", got["text"], "the English the widget shows instead")
	got = cell("ar", "send")
	assert.Equal(t, "changed", got["state"])
	assert.Equal(t, "أرسل الآن", got["text"])
	assert.Equal(t, "rtl", got["dir"])
	assert.Equal(t, "rtl", got["direction"])
	assert.Equal(t, "right", got["align"], "Arabic is right-aligned")
	assert.Equal(t, "Go", cell("en", "send")["text"], "English can be changed too")
	assert.Equal(t, "0 changed, 1 missing", evalJS[string](owner, `document.querySelector("#tx-count-de").textContent`), "German's column counts")
	assert.Equal(t, "1 changed, 0 missing", evalJS[string](owner, `document.querySelector("#tx-count-fr").textContent`), "and French's")
	assert.Empty(t, evalJS[[]string](owner, `[...document.querySelectorAll("#tx-compare td")].filter(c => !c.lang || !c.dir).map(c => c.dataset.key)`),
		"every cell has its language and direction")
	owner.assertAccessible("the texts side by side")

	// Edit opens the language in the form; what is typed there shows at once.
	owner.do(chromedp.Focus("#tx-edit-it"))
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.querySelector("#tx-edit").value === "it" && document.activeElement?.id?.startsWith("tx-it-")`, waitTimeout)
	owner.do(chromedp.Focus("#tx-it-attach"), sendKeys("#tx-it-attach", "Allega"))
	waitJS(t, owner.ctx, `document.querySelector('#tx-compare td[data-lang="it"][data-key="attach"]')?.dataset.state === "changed"`, waitTimeout)
	assert.Equal(t, "Allega", cell("it", "attach")["text"])
	assert.Equal(t, "Allega", owner.consoleJSON()["texts"].(map[string]any)["it"].(map[string]any)["attach"])
	// A change elsewhere redraws the table: its counts hold.
	owner.setJSON(`c.texts.fr.attach = "Joindre"`)
	waitJS(t, owner.ctx, `document.querySelector('#tx-compare td[data-lang="fr"][data-key="attach"]')?.dataset.state === "changed"`, waitTimeout)
	assert.Equal(t, "2 changed, 0 missing", evalJS[string](owner, `document.querySelector("#tx-count-fr").textContent`))
	assert.Equal(t, "0 changed, 1 missing", evalJS[string](owner, `document.querySelector("#tx-count-de").textContent`))

	owner.darkMode(true)
	owner.assertAccessible("the texts side by side, dark")
	screenshot(owner, "admin-texts-compare-dark")
	owner.darkMode(false)

	// A phone: the region scrolls sideways, the page does not; the arrow
	// keys scroll it once it has focus.
	owner.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	waitJS(t, owner.ctx, `innerWidth === 360`, waitTimeout)
	assert.LessOrEqual(t, evalJS[float64](owner, `document.documentElement.scrollWidth`), 360.0, "no sideways scroll of the page")
	region := evalJS[map[string]any](owner, `(r => ({role: r.getAttribute("role"), tabIndex: r.tabIndex, label: r.getAttribute("aria-labelledby"),
		wider: r.scrollWidth > r.clientWidth, fits: r.getBoundingClientRect().right <= innerWidth}))(document.querySelector("#tx-compare-region"))`)
	assert.Equal(t, map[string]any{"role": "region", "tabIndex": float64(0), "label": "tx-compare-caption", "wider": true, "fits": true}, region)
	owner.do(chromedp.Focus("#tx-compare-region"))
	owner.do(chromedp.KeyEvent(kb.ArrowRight))
	waitJS(t, owner.ctx, `document.querySelector("#tx-compare-region").scrollLeft > 0`, waitTimeout)
	owner.assertAccessible("the texts side by side on a 360 px phone")
	screenshot(owner, "admin-texts-compare-phone")
	owner.assertCleanConsole()
}
