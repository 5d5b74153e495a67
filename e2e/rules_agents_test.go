package e2e

// A rule with {"agentsAvailable": true}: no invitation while the only
// agent is Away on the console (explainProactiveRules says why, and
// getAgentAvailability says no agent); once the agent sets Available, the
// page's own getAgentAvailability call lets the rule fire at once, and a
// fresh page view fires on the widget's own question.

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/proactive"
)

const staffedRule = `{"rules": [{"id": "staffed", "conditions": [{"agentsAvailable": true}],
	"invitation": {"message": "An agent is here to help", "showPrechat": false}}]}`

func TestRuleWaitsForAnAvailableAgent(t *testing.T) {
	t.Parallel()
	site, available := staffedSite(t, staffedRule, "otto")
	otto := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	signInOn(t, otto, site.url, "otto")
	waitUntil(t, available, "available once the console is open")
	otto.do(chromedp.Focus("#status"))
	otto.press(kb.ArrowDown)
	waitUntil(t, func() bool { return !available() }, "not available once Away")

	tb := site.open(t, "")
	tb.quietFor(float64((proactive.AgentsWait + instant.Second).Milliseconds()), "the only agent is Away")
	e := tb.explainRule("staffed")
	require.Len(t, e.Conditions, 1)
	assert.Equal(t, "conditions[0].agentsAvailable", e.Conditions[0].Path)
	assert.False(t, e.Conditions[0].Holds, "explainProactiveRules: no agent")
	assert.NotNil(t, e.Conditions[0].Next, "the answer expires")
	assert.False(t, e.Fires)
	got := evalJS[map[string]any](tb, `(async () => await `+sdk+`.getAgentAvailability())()`)
	assert.Equal(t, false, got["isAgentAvailable"], "getAgentAvailability with the agent Away")
	tb.quietFor(300, "the page's answer says no agent either")
	assert.Empty(t, tb.events("lcw:proactiveChatShown", "lcw:proactiveChatTimedOut"), "no invitation event")

	otto.do(chromedp.Focus("#status"))
	otto.press(kb.ArrowUp)
	waitUntil(t, available, "available again")
	got = evalJS[map[string]any](tb, `(async () => await `+sdk+`.getAgentAvailability())()`)
	assert.Equal(t, true, got["isAgentAvailable"], "getAgentAvailability with the agent Available")
	shown := tb.waitRule("staffed")
	assert.Equal(t, "rule", shown.Detail["source"])
	assert.Equal(t, "An agent is here to help", tb.body())
	assert.True(t, tb.explainRule("staffed").Conditions[0].Holds, "explainProactiveRules: an agent")
	leave(tb)

	again := site.open(t, "")
	again.waitRule("staffed")
	leave(again)
	site.waitCounter(t, "shown staffed ", 2)
	c := site.counters(t)
	assert.Zero(t, c["held/noAgent staffed treatment"], "a rule that reads agentsAvailable is never held")
	assert.Equal(t, 2, c["eligible staffed treatment"], "eligible only with an agent, once per page view")
}

// TestSimulatorAgents: the site owner simulates a visit with an agent
// available, with none, and with no answer from the chat service: a rule
// with agentsAvailable follows the answer, one without fires but waits
// for an agent when none is there, as the widget holds it.
func TestSimulatorAgents(t *testing.T) {
	t.Parallel()
	owner := signInAdmin(t, rulesApp)
	owner.setJSON(`c.proactiveChat = {enabled: true}; c.chat = {enabled: true}; c.proactiveRules = {rules: [
		{id: "staffed", conditions: [{agentsAvailable: true}]}, {id: "plain", conditions: []}]}`)
	waitJS(t, owner.ctx, `document.querySelector("#valid").textContent.startsWith("Valid") && !!document.querySelector('.rule[data-rule-id="staffed"]')`, waitTimeout)
	verdicts := func(agents string) map[string]string {
		t.Helper()
		owner.eval(`document.querySelector("#sim-result").replaceChildren(); document.querySelector("#sim-agents").value = ` + jsString(agents))
		owner.do(chromedp.Click("#simulate button"))
		waitJS(t, owner.ctx, `document.querySelectorAll("#sim-result [data-rule]").length === 2`, waitTimeout)
		return evalJS[map[string]string](owner, `Object.fromEntries([...document.querySelectorAll("#sim-result [data-rule]")].map(li => [li.dataset.rule, li.querySelector(".who").textContent]))`)
	}
	assert.Equal(t, map[string]string{"staffed": "staffed: fires", "plain": "plain: fires"}, verdicts("true"), "an agent is available")
	assert.Equal(t, map[string]string{"staffed": "staffed: does not fire",
		"plain": "plain: fires, but its invitation waits for an agent (no agent is available)"}, verdicts("false"), "no agent")
	owner.assertAccessible("the simulator with no agent available")
	assert.Equal(t, map[string]string{"staffed": "staffed: does not fire", "plain": "plain: fires"}, verdicts(""), "no answer")
	owner.assertCleanConsole()
}
