package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adminApp is the widget the site console test changes: proactive chat
// off, as every widget starts. rulesApp is the rules editor test's.
const (
	adminApp = "e2e-admin-off"
	rulesApp = "e2e-admin-rules"
)

func adminWidgets(time.Time) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for _, id := range []string{adminApp, rulesApp, rulesApp + "-preview", "e2e-admin-switch", settingsApp, keysSettingsApp, textsApp, attachTypesApp} {
		// These tests are about the console and the rules, not about agent
		// availability: their invitations show with no agent signed in.
		pc := `{"enabled":false,"inviteWhenNoAgent":true}`
		if id == settingsApp {
			pc = `{"enabled":false}`
		}
		out[id] = json.RawMessage(`{"appId":"` + id + `","proactiveChat":` + pc + `,"chat":{"enabled":true}}`)
	}
	return out
}

// signInAdmin opens /admin in a fresh browser context, signs in as the
// admin olga and opens widget app.
func signInAdmin(t *testing.T, app string) *tab {
	t.Helper()
	owner := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	owner.addScript(`window.__csp = []; document.addEventListener("securitypolicyviolation",
		e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	owner.navigate("/admin?widget=" + app)
	waitJS(t, owner.ctx, `!!document.querySelector("#signin-form")`, waitTimeout)
	release := signInSlot()
	defer release()
	owner.do(sendKeys("#user", "olga"), sendKeys("#password", "olga"), chromedp.Submit("#signin-form"))
	waitJS(t, owner.ctx, `location.pathname === "/admin" && document.querySelector("#status")?.textContent === "Signed in"`, waitTimeout)
	if !strings.Contains(evalJS[string](owner, `location.search`), app) {
		owner.navigate("/admin?widget=" + app)
	}
	waitJS(t, owner.ctx, `document.querySelector("#widget-title")?.textContent === "Widget `+app+`" && document.querySelector("#valid")?.textContent.startsWith("Valid")`, waitTimeout)
	return owner
}

// setJSON replaces the configuration in the console's JSON view, as typing
// there would.
func (tb *tab) setJSON(edit string) {
	tb.t.Helper()
	tb.eval(`(() => { const j = document.querySelector("#json"); const c = JSON.parse(j.value); ` + edit + `;
		j.value = JSON.stringify(c, null, 2); j.dispatchEvent(new Event("input", {bubbles: true})); })()`)
}

// consoleJSON is the configuration the console's JSON view shows.
func (tb *tab) consoleJSON() map[string]any {
	tb.t.Helper()
	return evalJS[map[string]any](tb, `JSON.parse(document.querySelector("#json").value)`)
}

// assertCleanConsole checks the console had no CSP violation and logged
// no error.
func (tb *tab) assertCleanConsole() {
	tb.t.Helper()
	assert.Empty(tb.t, evalJS[[]string](tb, `window.__csp`), "no Content-Security-Policy violation")
	assert.Empty(tb.t, evalJS[[]string](tb, `(() => { const out = [], w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		while (w.nextNode()) if (/^(null|undefined|\[object Object\])$/.test(w.currentNode.data.trim())) out.push(w.currentNode.parentElement.id || w.currentNode.parentElement.className);
		return out; })()`), "no stray null, undefined or [object Object] text")
	for _, m := range tb.consoleMessages() {
		require.NotEqual(tb.t, "error", m.Type, "console.error on the site console: %s", m.Text)
	}
}

// TestSiteConsole is the site owner's story, in Chromium against the real
// server and bundle, with no restart: sign in at /admin, turn the
// Proactive chat toggle on (keyboard) for a widget that had it off, add a
// rule in the rules editor, publish; a visitor page opened afterwards gets
// that rule's invitation. Roll back; the next page load runs no rule. A
// rule with a bad field is refused with its path, as lcw:error 9 names it.
// The console passes axe with no violation, under its CSP with no
// violation and no console error.
func TestSiteConsole(t *testing.T) {
	t.Parallel()
	owner := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	owner.addScript(`window.__csp = []; document.addEventListener("securitypolicyviolation",
		e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	owner.navigate("/admin")
	waitJS(t, owner.ctx, `document.querySelector("h1")?.textContent === "Site console" && !!document.querySelector("#signin-form")`, waitTimeout)
	release := signInSlot()
	owner.do(sendKeys("#user", "olga"), sendKeys("#password", "olga"), chromedp.Submit("#signin-form"))
	waitJS(t, owner.ctx, `location.pathname === "/admin" && document.querySelector("#status")?.textContent === "Signed in"`, waitTimeout)
	release()
	waitJS(t, owner.ctx, `!!document.querySelector('.widget-link[data-app="`+adminApp+`"]')`, waitTimeout)

	// Keyboard: the first Tab reaches the skip link; the widget opens
	// with Enter, the toggle turns with Space.
	owner.do(chromedp.KeyEvent(kb.Tab))
	assert.True(t, evalJS[bool](owner, `document.activeElement?.classList.contains("skip")`), "the first Tab stop is the skip link")
	owner.eval(`document.querySelector('.widget-link[data-app="` + adminApp + `"]').focus()`)
	owner.do(chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `document.querySelector("#widget-title")?.textContent === "Widget `+adminApp+`" && document.querySelector("#valid")?.textContent.startsWith("Valid")`, waitTimeout)
	assert.False(t, evalJS[bool](owner, `document.querySelector("#proactive").checked`), "proactive chat starts off")
	assert.Contains(t, evalJS[string](owner, `document.querySelector("#snippet").textContent`),
		`data-app-id="`+adminApp+`"`, "the embed snippet names the widget")
	assert.Contains(t, evalJS[string](owner, `document.querySelector("#snippet").textContent`),
		`data-org-url="`+baseURL+`"`, "and this server")
	owner.assertAccessible("site console")

	owner.eval(`document.querySelector("#proactive").focus()`)
	owner.do(chromedp.KeyEvent(" "))
	waitJS(t, owner.ctx, `document.querySelector("#proactive").checked && JSON.parse(document.querySelector("#json").value).proactiveChat.enabled === true`, waitTimeout)

	// A rule from the rules editor: one second on the page.
	owner.do(chromedp.SetValue("#rule-seconds", "1"), sendKeys("#rule-id", "console-rule"),
		sendKeys("#rule-message", "Hello from the site console"), chromedp.Click("#add-rule button"))
	waitJS(t, owner.ctx, `[...document.querySelectorAll("#rules li")].some(li => li.textContent.includes("console-rule"))`, waitTimeout)
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	owner.do(sendKeys("#note", "proactive on, console-rule"), chromedp.Click("#publish"))
	waitJS(t, owner.ctx, `document.querySelector("#publish-result").textContent.startsWith("Published version 2")`, waitTimeout)
	// Who changed what, in the console's audit log.
	waitJS(t, owner.ctx, `[...document.querySelectorAll("#audit li")].some(li => li.textContent.includes("olga publish `+adminApp+`") &&
		li.textContent.includes("v2: proactiveChat, proactiveRules (added console-rule) · proactive on, console-rule"))`, waitTimeout)

	visitor := newRulesTab(t, rulesWidget{App: adminApp, Verbose: true})
	visitor.open("page.html")
	visitor.waitRule("console-rule")
	assert.Contains(t, visitor.body(), "Hello from the site console")

	// One click back to version 1: the next page load runs no rule.
	owner.do(chromedp.Click(`#history [data-rollback="1"]`))
	waitJS(t, owner.ctx, `document.querySelector("#publish-result").textContent.startsWith("Rolled back: version 3 is version 1")`, waitTimeout)
	waitJS(t, owner.ctx, `!document.querySelector("#proactive").checked`, waitTimeout)
	waitJS(t, owner.ctx, `[...document.querySelectorAll("#audit li")][0]?.textContent.includes("olga rollback `+adminApp+`") &&
		[...document.querySelectorAll("#audit li")][0]?.textContent.includes("v3: proactiveChat, proactiveRules (removed console-rule) · = v1")`, waitTimeout)
	later := newRulesTab(t, rulesWidget{App: adminApp, Verbose: true})
	later.open("page.html")
	assert.Empty(t, later.explain(), "proactive chat is off again: no rule runs")
	later.quietFor(1500, "rolled back: console-rule is gone")

	// A bad field in the JSON view: named as the browser names it, and
	// the server refuses to publish it.
	owner.eval(`(() => { const j = document.querySelector("#json"); const c = JSON.parse(j.value);
		c.proactiveChat = {enabled: true};
		c.proactiveRules = {rules: [{id: "broken", conditions: [{timeOnPage: {seconds: -3}}]}]};
		j.value = JSON.stringify(c, null, 2); j.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	const want = `rules: rule "broken": conditions[0].timeOnPage: want seconds >= 0`
	waitJS(t, owner.ctx, `[...document.querySelectorAll("#problems li")].some(li => li.textContent === `+jsString(want)+`)`, waitTimeout)
	owner.do(chromedp.Click("#publish"))
	waitJS(t, owner.ctx, `document.querySelector("#publish-result").textContent.startsWith("Not published")`, waitTimeout)
	assert.Contains(t, evalJS[string](owner, `document.querySelector("#publish-result").textContent`), want)
	hist := evalJS[string](owner, `document.querySelector("#history").textContent`)
	assert.True(t, strings.HasPrefix(hist, "Version 3 (published)"), "nothing new was published: %s", hist)
	owner.assertAccessible("site console with problems and history")

	assert.Empty(t, evalJS[[]string](owner, `window.__csp`), "no Content-Security-Policy violation")
	for _, m := range owner.consoleMessages() {
		require.NotEqual(t, "error", m.Type, "console.error on the site console: %s", m.Text)
	}
}
