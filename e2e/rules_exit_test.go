package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRulesExitIntentIsAMoment: Microsoft's scenario 4 as its sample
// behaves (mouseleave armed only after the time on the page): the pointer
// leaving through the top at once and coming back does not make the rule
// fire when its time on the page is reached, nor later; the first exit
// after that does, at once. The "seen" option keeps the old meaning.
// Exit intent holds while the visitor is away and rules.ExitMoment (1 s)
// after they are back.
func TestRulesExitIntentIsAMoment(t *testing.T) {
	t.Parallel()
	rules := `{"rules": [{"id": "leaving", "conditions": [{"timeOnPage": {"seconds": 4}}, {"exitIntent": true}]},
		` + probe("seen", `{"exitIntent": {"seen": true}}`) + `, ` + pageStartProbe + `]}`
	tb := newRulesTab(t, withRules(t, rules, ""))
	tb.open("page.html")
	start := tb.pageStart()

	tb.mouseTo(300, 200)
	tb.mouseTo(300, 20)
	tb.mouseTo(300, -10) // an early exit
	tb.mouseTo(300, 200) // and back to reading
	back := tb.pageTime()
	require.Less(t, back+1000, start+4000, "the early exit and its moment came before 4 s on the page (the test was too slow to tell)")
	waitJS(t, tb.ctx, sdk+`.explainProactiveRules().find((e) => e.rule === "seen").conditions[0].holds`, waitTimeout)
	tb.quietUntil(start+4000+1500, "an exit before 4 s on the page does not invite at 4 s")

	tb.mouseTo(300, 20)
	before := tb.pageTime()
	tb.mouseTo(300, -10) // the late exit
	shown := tb.waitRule("leaving")
	assert.GreaterOrEqual(t, shown.T, before, "invited by the late exit")
	assert.Less(t, shown.T, before+1000, "at the exit, not later")
}
