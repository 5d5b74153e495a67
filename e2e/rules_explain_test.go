package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// explanation is one entry of SDK.explainProactiveRules().
type explanation struct {
	Rule       string  `json:"rule"`
	Priority   int     `json:"priority"`
	Error      *string `json:"error"`
	Holds      bool    `json:"holds"`
	Fires      bool    `json:"fires"`
	Conditions []check `json:"conditions"`
	Limits     []check `json:"limits"`
	Invitation struct {
		Message     string `json:"message"`
		ShowPrechat bool   `json:"showPrechat"`
		InNewWindow bool   `json:"inNewWindow"`
	} `json:"invitation"`
	Next *float64 `json:"next"` // epoch milliseconds, or null
}

// check is one condition or limit of an explanation.
type check struct {
	Path  string   `json:"path"`
	Holds bool     `json:"holds"`
	Next  *float64 `json:"next"`
}

// never is a condition that does not hold: a probe rule ends with it, so
// that explainProactiveRules tells whether its first condition holds while
// the rule itself never fires.
const never = `{"attribute": {"name": "e2eNever", "exists": true}}`

// probe returns a rule that tests condition cond (a leaf) without firing.
func probe(id, cond string) string {
	return fmt.Sprintf(`{"id": %q, "conditions": [%s, %s]}`, id, cond, never)
}

// explain calls SDK.explainProactiveRules().
func (tb *tab) explain() []explanation {
	tb.t.Helper()
	return evalJS[[]explanation](tb, sdk+`.explainProactiveRules()`)
}

// explainRule returns the explanation of rule id.
func (tb *tab) explainRule(id string) explanation {
	tb.t.Helper()
	for _, e := range tb.explain() {
		if e.Rule == id {
			return e
		}
	}
	tb.t.Fatalf("explainProactiveRules() has no rule %q", id)
	return explanation{}
}

// probeHolds tells whether the first condition of rule id holds now.
func (tb *tab) probeHolds(id string) bool {
	tb.t.Helper()
	e := tb.explainRule(id)
	require.NotEmpty(tb.t, e.Conditions, "conditions of %q", id)
	return e.Conditions[0].Holds
}

// waitProbe waits until the first condition of rule id holds (or not).
func (tb *tab) waitProbe(id string, holds bool) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`%s.explainProactiveRules().find((e) => e.rule === %q)?.conditions?.[0]?.holds === %t`,
		sdk, id, holds), waitTimeout)
}

// assertProbes checks the first condition of each probe rule.
func (tb *tab) assertProbes(want map[string]bool) {
	tb.t.Helper()
	got := map[string]bool{}
	for _, e := range tb.explain() {
		if _, ok := want[e.Rule]; ok && len(e.Conditions) > 0 {
			got[e.Rule] = e.Conditions[0].Holds
		}
	}
	assert.Equal(tb.t, want, got, "which probed conditions hold")
}

// limit returns the limit check of rule id whose path is path.
func (e explanation) limit(path string) (check, bool) {
	for _, c := range e.Limits {
		if c.Path == path {
			return c, true
		}
	}
	return check{}, false
}

// explainShape lists what is wrong with the shape of explainProactiveRules()'s
// result, as the contract documents it.
const explainShape = `(() => {
	const out = [];
	const r = ` + sdk + `.explainProactiveRules();
	if (!Array.isArray(r)) return ["not an array: " + typeof r];
	const isNext = (v) => v === null || (typeof v === "number" && Number.isFinite(v));
	const checks = (list, where) => {
		if (!Array.isArray(list)) { out.push(where + " is not an array"); return; }
		list.forEach((c, i) => {
			if (typeof c.path !== "string" || c.path === "") out.push(where + "[" + i + "].path");
			if (typeof c.holds !== "boolean") out.push(where + "[" + i + "].holds");
			if (!isNext(c.next)) out.push(where + "[" + i + "].next");
		});
	};
	r.forEach((e, i) => {
		const at = "[" + i + "]";
		if (typeof e.rule !== "string") out.push(at + ".rule");
		if (typeof e.priority !== "number") out.push(at + ".priority");
		if (!(e.error === null || typeof e.error === "string")) out.push(at + ".error");
		if (typeof e.holds !== "boolean") out.push(at + ".holds");
		if (typeof e.fires !== "boolean") out.push(at + ".fires");
		checks(e.conditions, at + ".conditions");
		checks(e.limits, at + ".limits");
		const inv = e.invitation;
		if (!inv || typeof inv.message !== "string" || typeof inv.showPrechat !== "boolean" ||
			typeof inv.inNewWindow !== "boolean") out.push(at + ".invitation");
		if (!isNext(e.next)) out.push(at + ".next");
	});
	return out;
})()`

// TestRulesExplain: explainProactiveRules() lists every rule in evaluation
// order (priority descending, then id), disabled ones last, in the documented
// shape; it tells which conditions hold and when a time condition will.
// Equal priorities break by id: "a-now" fires, not "b-now".
func TestRulesExplain(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [
		{"id": "later", "priority": 1, "conditions": [{"timeOnPage": {"seconds": 3600}}],
			"invitation": {"message": "an hour"}},
		{"id": "member", "conditions": [{"attribute": {"name": "member", "equals": true}}]},
		{"id": "b-now", "conditions": [], "invitation": {"message": "b now"}},
		{"id": "a-now", "conditions": [],
			"invitation": {"message": "a now", "showPrechat": false, "inNewWindow": true}},
		{"id": "broken", "conditions": [{"timeOnPage": {"seconds": -1}}],
			"invitation": {"message": "never shown", "showPrechat": false}}]}`, "")
	tb := newRulesTab(t, w)
	tb.open("page.html")
	shown := tb.waitRule("a-now")
	assert.Equal(t, "a now", shown.Detail["message"])
	assert.Equal(t, "a now", tb.body())

	assert.Equal(t, "function", evalJS[string](tb, `typeof `+sdk+`.explainProactiveRules`))
	assert.Empty(t, evalJS[[]string](tb, explainShape), "shape of explainProactiveRules()")

	got := tb.explain()
	var order []string
	for _, e := range got {
		order = append(order, e.Rule)
	}
	require.Equal(t, []string{"later", "a-now", "b-now", "member", "broken"}, order, "evaluation order, disabled rules last")

	later := got[0]
	assert.Equal(t, 1, later.Priority)
	assert.Nil(t, later.Error)
	assert.False(t, later.Holds)
	assert.False(t, later.Fires)
	require.Len(t, later.Conditions, 1)
	assert.Equal(t, "conditions[0].timeOnPage", later.Conditions[0].Path)
	assert.False(t, later.Conditions[0].Holds)
	// It will hold an hour after the page view began, between the document's
	// time origin and lcw:ready.
	origin := evalJS[float64](tb, `performance.timeOrigin`)
	ready := tb.readyAt()
	if assert.NotNil(t, later.Conditions[0].Next, "a time condition says when it will hold") {
		assert.InDelta(t, origin+ready/2+3600e3, *later.Conditions[0].Next, ready/2+50,
			"timeOnPage 3600 holds an hour after the page view began")
	}
	if assert.NotNil(t, later.Next, "the rule says when it could fire") {
		assert.InDelta(t, *later.Conditions[0].Next, *later.Next, 1)
	}
	assert.Equal(t, "an hour", later.Invitation.Message)
	assert.True(t, later.Invitation.ShowPrechat, "showPrechat defaults to true")

	aNow := got[1]
	assert.True(t, aNow.Holds)
	assert.Empty(t, aNow.Conditions)
	assert.Equal(t, "a now", aNow.Invitation.Message)
	assert.False(t, aNow.Invitation.ShowPrechat)
	assert.True(t, aNow.Invitation.InNewWindow)
	assert.False(t, aNow.Fires, "a-now has been shown on this page view (once: page)")

	member := got[3]
	assert.False(t, member.Holds)
	require.Len(t, member.Conditions, 1)
	assert.Equal(t, "conditions[0].attribute", member.Conditions[0].Path)
	assert.False(t, member.Conditions[0].Holds)
	assert.Nil(t, member.Conditions[0].Next, "an attribute does not change with time")
	assert.Nil(t, member.Next, "time alone will not make member fire")

	broken := got[4]
	if assert.NotNil(t, broken.Error, "a malformed rule explains its error") {
		assert.Contains(t, *broken.Error, `rule "broken"`)
		assert.Contains(t, *broken.Error, "conditions[0].timeOnPage")
	}
	assert.False(t, broken.Fires)
	assert.Equal(t, "never shown", broken.Invitation.Message, "a disabled rule reports its configured invitation")
	assert.False(t, broken.Invitation.ShowPrechat)

	// data-lcw-version="test" logs every decision.
	var decisions int
	for _, m := range tb.consoleMessages() {
		if m.Type == "info" && strings.HasPrefix(m.Text, "lcwasm: rules:") {
			decisions++
		}
	}
	assert.Positive(t, decisions, `console.info "lcwasm: rules: ..." decision lines with data-lcw-version="test"`)
}

// TestRulesMalformedRule: a bad rule is reported with console.error and
// lcw:error code 9 naming the rule and the path of the bad field; it is
// disabled and the other rules still fire.
func TestRulesMalformedRule(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [
		{"id": "pricing", "conditions": [{"path": {"prefix": "/"}}, {"timeOnPage": {"seconds": -5}}]},
		{"id": "typo", "conditions": [{"timeOnPgae": {"seconds": 1}}]},
		{"id": "extra-field", "conditions": [], "invitation": {"mesage": "x"}},
		{"id": "good", "conditions": [{"timeOnPage": {"seconds": 0.5}}], "invitation": {"message": "still here"}}]}`, "")
	tb := newRulesTab(t, w)
	tb.open("page.html")

	for _, bad := range []struct{ rule, path string }{
		{"pricing", "conditions[1].timeOnPage"},
		{"typo", "conditions[0]"},
		{"extra-field", "invitation"},
	} {
		prefix := fmt.Sprintf(`rules: rule %q: %s`, bad.rule, bad.path)
		tb.waitConsole("error", 0, prefix)
		waitJS(t, tb.ctx, fmt.Sprintf(`__e2e.events("lcw:error").some((e) =>
			e.detail?.errorCode === 9 && String(e.detail?.errorDescription).includes(%q))`, prefix), waitTimeout)
	}
	for _, e := range tb.events("lcw:error") {
		assert.Equal(t, float64(9), e.Detail["errorCode"], "lcw:error %v", e.Detail)
	}
	desc := func(rule string) string {
		for _, e := range tb.events("lcw:error") {
			if d, _ := e.Detail["errorDescription"].(string); strings.Contains(d, `"`+rule+`"`) {
				return d
			}
		}
		return ""
	}
	assert.True(t, strings.HasPrefix(desc("pricing"), `rules: rule "pricing": conditions[1].timeOnPage: `), desc("pricing"))
	assert.Contains(t, desc("typo"), "timeOnPgae", "the unknown kind is named")
	assert.Contains(t, desc("extra-field"), "mesage", "the unknown field is named")

	shown := tb.waitRule("good")
	assert.Equal(t, "still here", shown.Detail["message"])
	assert.Equal(t, []string{"good"}, tb.shownRules())
	assert.True(t, evalJS[bool](tb, lcwNS+`.isReady === true`))
}
