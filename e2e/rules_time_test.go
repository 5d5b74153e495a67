package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRulesTimeOnPage: the rule fires once the page view is a second old,
// not before, and its events carry {source: "rule", ruleId, message}.
func TestRulesTimeOnPage(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [{"id": "one-second", "conditions": [{"timeOnPage": {"seconds": 1}}],
		"invitation": {"message": "A second already?", "showPrechat": false}}, `+pageStartProbe+`]}`, "")
	tb := newRulesTab(t, w)
	tb.open("page.html")
	shown := tb.waitRule("one-second")
	assert.GreaterOrEqual(t, shown.T, tb.pageStart()+1000-5, "shown before the page view was a second old")
	assert.Less(t, shown.T, tb.readyAt()+1000+1500, "shown late")
	assert.Equal(t, "A second already?", shown.Detail["message"])
	assert.Equal(t, "A second already?", tb.body())

	declined := tb.decline()
	assert.Equal(t, map[string]any{"source": "rule", "ruleId": "one-second",
		"message": "A second already?", "how": "close"}, declined.Detail)
	tb.quietFor(300, "once per page view by default")
	assert.Len(t, tb.shownRules(), 1)
}

// TestRulesTimeOnSite: time on site runs across page loads of a session.
// After two seconds on a.html, b.html's rule (three seconds on site) fires
// about a second into b.html's page view, not three.
func TestRulesTimeOnSite(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [{"id": "site", "conditions": [
		{"path": {"equals": "/e2e/rules/b.html"}}, {"timeOnSite": {"seconds": 3}}]}, `+pageStartProbe+`]}`, "")
	tb := newRulesTab(t, w)
	tb.open("a.html")
	originA := evalJS[float64](tb, `performance.timeOrigin`)
	startA := tb.pageStart()
	tb.waitPageTime(startA + 2000)
	tb.open("b.html")
	shown := tb.waitRule("site")
	originB := evalJS[float64](tb, `performance.timeOrigin`)
	assert.Less(t, shown.T-tb.pageStart(), 2000.0, "b.html's own time on page was counted, not the session's")
	assert.GreaterOrEqual(t, originB+shown.T-(originA+startA), 3000.0-5, "shown before the session was three seconds old")
}

// TestRulesEngagedTime: engaged time on page counts only while the tab is
// visible. The page is hidden (its window minimized) right after load for
// 3.5 s; the three-second engaged rule fires only after three seconds of
// visibility in all, while a plain three-second condition already holds when
// the page comes back.
func TestRulesEngagedTime(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [
		{"id": "engaged", "conditions": [{"timeOnPage": {"seconds": 3, "engaged": true}}]},
		`+probe("plain", `{"timeOnPage": {"seconds": 3}}`)+`,
		`+probe("engaged-site", `{"timeOnSite": {"seconds": 3, "engaged": true}}`)+`,
		`+pageStartProbe+`]}`, "")
	tb := newRulesTab(t, w)
	tb.addScript(visibilityLog)
	tb.open("page.html")
	tb.setWindowState(browser.WindowStateMinimized)
	waitJS(t, tb.ctx, `document.visibilityState === "hidden"`, waitTimeout)
	hiddenAt := evalJS[[]float64](tb, `window.__hidden`)[0]
	engagedBefore := hiddenAt - tb.pageStart()
	require.Less(t, engagedBefore, 2500.0, "the page must be hidden well before three seconds for the test to tell")
	tb.waitPageTime(hiddenAt + 3500)
	tb.setWindowState(browser.WindowStateNormal)
	waitJS(t, tb.ctx, `document.visibilityState === "visible"`, waitTimeout)
	visibleAt := evalJS[[]float64](tb, `window.__visible`)
	require.NotEmpty(t, visibleAt)

	tb.assertProbes(map[string]bool{"plain": true})
	shown := tb.waitRule("engaged")
	// The rest of the three seconds comes after the page is visible again.
	assert.GreaterOrEqual(t, shown.T, visibleAt[0]+3000-engagedBefore-50,
		"the hidden time counted as engaged")
	assert.True(t, tb.probeHolds("engaged-site"), "engaged site time holds after 3 s of visible time")
}

// visibilityLog records when the page became hidden and visible.
const visibilityLog = `window.__hidden = []; window.__visible = [];
	document.addEventListener("visibilitychange", () => {
		(document.visibilityState === "visible" ? window.__visible : window.__hidden).push(performance.now());
	});`

// TestRulesTimeFrame: time frames read the wall clock of an IANA zone
// through Intl. The browser's zone is Pacific/Kiritimati (UTC+14); an hour
// window around now there fires when the rule names no zone, and does not
// hold for the same hours in UTC; days and dates hold or not as computed
// here.
func TestRulesTimeFrame(t *testing.T) {
	t.Parallel()
	const zone = "Pacific/Kiritimati"
	loc, err := time.LoadLocation(zone)
	require.NoError(t, err)
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	now := time.Now()
	hours := func(from, to time.Time) string {
		return fmt.Sprintf(`["%s-%s"]`, from.Format("15:04"), to.Format("15:04"))
	}
	local := now.In(loc)
	around := hours(local.Add(-time.Hour), local.Add(time.Hour))
	later := hours(local.Add(2*time.Hour), local.Add(3*time.Hour))
	day := func(d time.Time) string {
		return [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}[d.Weekday()]
	}
	date := func(d time.Time) string { return d.Format("2006-01-02") }
	nyNow := now.In(ny)

	w := withRules(t, `{"rules": [
		{"id": "visitor-zone", "priority": 1, "conditions": [{"timeFrame": {"hours": `+around+`}}]},
		`+probe("utc-hours", `{"timeFrame": {"zone": "UTC", "hours": `+around+`}}`)+`,
		`+probe("later-hours", `{"timeFrame": {"zone": "`+zone+`", "hours": `+later+`}}`)+`,
		`+probe("days-around", fmt.Sprintf(`{"timeFrame": {"days": ["%s-%s"]}}`, day(local.AddDate(0, 0, -1)), day(local.AddDate(0, 0, 1))))+`,
		`+probe("days-away", fmt.Sprintf(`{"timeFrame": {"days": ["%s"]}}`, day(local.AddDate(0, 0, 3))))+`,
		`+probe("dates-ny", fmt.Sprintf(`{"timeFrame": {"zone": "America/New_York", "dates": {"from": %q, "to": %q}}}`,
		date(nyNow.AddDate(0, 0, -1)), date(nyNow.AddDate(0, 0, 1))))+`,
		`+probe("dates-past", `{"timeFrame": {"zone": "America/New_York", "dates": {"to": "2020-01-01"}}}`)+`]}`, "")
	tb := newRulesTab(t, w)
	tb.emulate(machine{zone: zone})
	tb.open("page.html")
	require.Equal(t, zone, evalJS[string](tb, `Intl.DateTimeFormat().resolvedOptions().timeZone`))
	tb.waitRule("visitor-zone")
	tb.assertProbes(map[string]bool{
		"utc-hours": false, "later-hours": false, "days-around": true, "days-away": false,
		"dates-ny": true, "dates-past": false,
	})
	if e := tb.explainRule("later-hours"); assert.NotNil(t, e.Conditions[0].Next, "later-hours says when it opens") {
		opens := local.Add(2 * time.Hour).Truncate(time.Minute)
		assert.InDelta(t, float64(opens.UnixMilli()), *e.Conditions[0].Next, 61e3, "later-hours opens in two hours")
	}
}
