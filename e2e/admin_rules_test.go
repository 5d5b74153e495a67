package e2e

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lcwasm/lcwasm/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRulesEditorForms: every condition family has a form. The rules of
// rules/testdata/every-kind.json (every kind the decoder accepts, nested in
// all/any/not, with limits and an invitation), pasted into the JSON view,
// render as forms with no family left to the JSON view; touching every
// field without changing it gives back the same configuration. A rule is
// then built with the keyboard alone, a bad value is shown at its field
// with the decoder's exact path, and the editor passes axe in light and
// dark mode and on a 360 px phone.
func TestRulesEditorForms(t *testing.T) {
	t.Parallel()
	owner := signInAdmin(t, rulesApp)
	every, err := os.ReadFile("../rules/testdata/every-kind.json")
	require.NoError(t, err)
	owner.setJSON(`c.proactiveChat = {enabled: true}; c.proactiveRules = ` + string(every))
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid") && !!document.querySelector('.rule[data-rule-id="all-kinds"]')`, waitTimeout)

	kinds := evalJS[[]string](owner, `[...document.querySelectorAll(".cond")].map(c => c.dataset.path.split(".").pop())`)
	for _, k := range rules.Kinds() {
		assert.Contains(t, kinds, k, "a form for %q", k)
	}
	assert.Zero(t, evalJS[int](owner, `[...document.querySelectorAll(".cond .hint")].filter(h => h.textContent.includes("JSON view")).length`),
		"no condition is left to the JSON view")
	before := owner.consoleJSON()
	// Touch every field (not the family pickers, which replace a condition).
	n := evalJS[int](owner, `(() => {
		const ids = [...document.querySelectorAll("#rules input, #rules select")].map(e => e.id).filter(id => id && !id.endsWith("-kind"));
		for (const id of ids) {
			const e = document.getElementById(id);
			if (!e || e.type === "checkbox") continue;
			e.dispatchEvent(new Event(e.tagName === "SELECT" ? "change" : "input", {bubbles: true}));
		}
		return ids.length; })()`)
	assert.Greater(t, n, 40, "the rule's fields")
	assert.Equal(t, before, owner.consoleJSON(), "the forms give back the configuration they show")
	owner.assertAccessible("rules editor, every condition family")
	owner.darkMode(true)
	owner.assertAccessible("rules editor, every condition family, dark")
	screenshot(owner, "admin-rules-dark")
	owner.darkMode(false)

	// A new rule, then its condition, with the keyboard alone.
	owner.setJSON(`c.proactiveRules = {rules: []}`)
	waitJS(t, owner.ctx, `document.querySelectorAll("#rules .rule").length === 0`, waitTimeout)
	owner.eval(`document.querySelector("#rule-id").focus()`)
	owner.do(chromedp.KeyEvent("kbd-rule"), chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `!!document.querySelector('.rule[data-rule-id="kbd-rule"]')`, waitTimeout)
	owner.eval(`document.querySelector("#r0-conditions-add-kind").focus()`)
	owner.do(chromedp.KeyEvent("Exit"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	waitJS(t, owner.ctx, `JSON.stringify(JSON.parse(document.querySelector("#json").value).proactiveRules.rules[0].conditions[1]) === '{"exitIntent":true}'`, waitTimeout)
	assert.Equal(t, "r0-conditions-1-exitIntent-kind", evalJS[string](owner, `document.activeElement.id`), "the focus is on the new condition")
	// Its limits: at most twice a day.
	owner.eval(`document.querySelector("#r0-limits-perDay").focus()`)
	owner.do(chromedp.KeyEvent("2"))
	waitJS(t, owner.ctx, `JSON.parse(document.querySelector("#json").value).proactiveRules.rules[0].limits?.perDay === 2`, waitTimeout)

	// A bad value, at its field, with the decoder's path.
	owner.eval(`document.querySelector("#r0-conditions-0-timeOnPage-seconds").select()`)
	owner.do(chromedp.KeyEvent("-3"))
	const want = `rules: rule "kbd-rule": conditions[0].timeOnPage: want seconds >= 0`
	waitJS(t, owner.ctx, `document.querySelector('.cond[data-path="conditions[0].timeOnPage"] > .field-error')?.textContent === `+jsString(want), waitTimeout)
	assert.Equal(t, "true", evalJS[string](owner, `document.querySelector("#r0-conditions-0-timeOnPage-seconds").getAttribute("aria-invalid")`))
	assert.Equal(t, "conditions[0].timeOnPage", evalJS[string](owner, `document.querySelector(".field-error [data-problem-path]").dataset.problemPath`))
	owner.assertAccessible("rules editor with a problem at its field")

	owner.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	waitJS(t, owner.ctx, `innerWidth === 360`, waitTimeout)
	assert.LessOrEqual(t, evalJS[float64](owner, `document.documentElement.scrollWidth`), 360.0, "no sideways scroll on a 360 px phone")
	owner.assertAccessible("rules editor on a 360 px phone")
	screenshot(owner, "admin-rules-phone")
	owner.assertCleanConsole()
}

// TestRuleSwitchedOff: a rule switched off in the console is published
// with "enabled": false; the simulator and the next visitor page load list
// it as disabled and it never invites; switched on again, it does. The
// simulator reads audience attributes and UTM tags as the owner types them.
func TestRuleSwitchedOff(t *testing.T) {
	t.Parallel()
	const app = "e2e-admin-switch"
	owner := signInAdmin(t, app)
	owner.setJSON(`c.proactiveChat = {enabled: true, inviteWhenNoAgent: true}; c.proactiveRules = {rules: [{id: "soon", conditions: [{timeOnPage: {seconds: 1}}], invitation: {message: "Switch test"}}]}`)
	waitJS(t, owner.ctx, `!!document.querySelector("#r0-enabled")`, waitTimeout)
	owner.eval(`document.querySelector("#r0-enabled").focus()`)
	owner.do(chromedp.KeyEvent(" "))
	waitJS(t, owner.ctx, `JSON.parse(document.querySelector("#json").value).proactiveRules.rules[0].enabled === false && document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)
	assert.Contains(t, evalJS[string](owner, `document.querySelector('.rule[data-rule-id="soon"] h4').textContent`), "switched off")

	// The simulator, with a visit the owner describes: the switched-off
	// rule is disabled, a rule on an attribute and a UTM tag fires.
	owner.setJSON(`c.proactiveRules.rules.push({id: "pro", conditions: [{attribute: {name: "seats", gt: 10}}, {utm: {tag: "campaign", prefix: "win"}}]})`)
	owner.do(sendKeys("#sim-attrs", "plan=pro\nseats=12"), sendKeys("#sim-utm", "utm_campaign=winter"),
		chromedp.Click("#simulate button"))
	waitJS(t, owner.ctx, `document.querySelector('#sim-result [data-rule="pro"] .who')?.textContent === "pro: fires"`, waitTimeout)
	// Each check says in words whether it holds, not by a glyph alone.
	for _, l := range strings.Split(evalJS[string](owner, `document.querySelector('#sim-result [data-rule="pro"] .code').textContent`), "\n") {
		assert.Regexp(t, `^✓ holds: \S`, l, "a check of a rule that fires")
	}
	assert.Equal(t, `soon: disabled: rules: rule "soon": enabled: switched off`,
		evalJS[string](owner, `document.querySelector('#sim-result [data-rule="soon"] .who').textContent`))
	owner.setJSON(`c.proactiveRules.rules.pop()`)
	waitJS(t, owner.ctx, `document.querySelectorAll("#rules .rule").length === 1 && document.querySelector("#valid").textContent.startsWith("Valid")`, waitTimeout)

	owner.do(chromedp.Click("#publish"))
	waitJS(t, owner.ctx, `document.querySelector("#publish-result").textContent.startsWith("Published version 2")`, waitTimeout)

	visitor := newRulesTab(t, rulesWidget{App: app, Verbose: true})
	visitor.open("page.html")
	x := visitor.explainRule("soon")
	require.NotNil(t, x.Error)
	assert.Equal(t, `rules: rule "soon": enabled: switched off`, *x.Error)
	visitor.quietFor(2000, "the rule is switched off")

	owner.eval(`document.querySelector("#r0-enabled").click()`)
	waitJS(t, owner.ctx, `JSON.parse(document.querySelector("#json").value).proactiveRules.rules[0].enabled === undefined`, waitTimeout)
	owner.do(chromedp.Click("#publish"))
	waitJS(t, owner.ctx, `document.querySelector("#publish-result").textContent.startsWith("Published version 3")`, waitTimeout)
	again := newRulesTab(t, rulesWidget{App: app, Verbose: true})
	again.open("page.html")
	again.waitRule("soon")
	owner.assertCleanConsole()
}
