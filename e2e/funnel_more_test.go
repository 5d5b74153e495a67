package e2e

// More of the invitation funnel in Chromium: a time-out in a hidden tab,
// an accept through the pop-out, invitation variants and goals declared
// by address, each reaching the store's counters exactly once.

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// TestFunnelTimedOutInHiddenTab: an invitation shown, then its tab hidden
// (the window minimized) until its minute runs out, is counted as timed
// out exactly once, and as shown once.
func TestFunnelTimedOutInHiddenTab(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, funnelRule)
	tb := site.open(t, "")
	tb.waitRule("welcome")
	tb.setWindowState(browser.WindowStateMinimized)
	waitJS(t, tb.ctx, `document.visibilityState === "hidden"`, waitTimeout)
	waitJS(t, tb.ctx, `__e2e.events("lcw:proactiveChatTimedOut").length > 0`, 90*time.Second)
	tb.setWindowState(browser.WindowStateNormal)
	leave(tb)
	site.waitCounter(t, "timedOut welcome ", 1)
	c := site.counters(t)
	assert.Equal(t, 1, c["shown welcome "])
	assert.Equal(t, 1, c["timedOut welcome "], "once, though the tab was hidden and its beacons went on pagehide")
	assert.Zero(t, c["declined welcome "])
	site.checkFields(t)
}

// TestFunnelAcceptedThroughPopout: a rule's invitation with inNewWindow,
// accepted: the chat opens in a pop-out, the accept is counted once, and
// the pop-out window itself sends no beacon.
func TestFunnelAcceptedThroughPopout(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, `{"cooldown": 0, "rules": [{"id": "pop", "conditions": [],
		"invitation": {"message": "Chat in a window?", "showPrechat": false, "inNewWindow": true}}]}`)
	tb := site.open(t, "")
	tb.waitRule("pop")
	popup := popoutOf(t, tb, func() { tb.click(idStart) })
	tb.waitEvent("lcw:proactiveChatAccepted")
	waitJS(t, popup.ctx, `document.readyState === "complete" && location.pathname.endsWith("/popout.html")`, waitTimeout)
	leave(popup)
	leave(tb)
	site.waitCounter(t, "accepted pop ", 1)
	c := site.counters(t)
	assert.Equal(t, map[string]int{"eligible pop treatment": 1, "shown pop ": 1, "accepted pop ": 1}, c)
	site.checkFields(t)
}

// variantSeed is the script that stores a seed giving the visitor variant
// i of rule among weights.
func variantSeed(app, rule string, weights []int, i int) string {
	for n := 0; ; n++ {
		if s := "e2e-variant-" + strconv.Itoa(n); funnel.Pick(s, rule, weights) == i {
			return fmt.Sprintf(`if (location.protocol.startsWith("http")) localStorage.setItem(%q, %q);`, "lcwasm:"+app+":"+funnel.SeedKey, s)
		}
	}
}

// byVariant reads the store's totals for today as "event rule variant".
func (fs *funnelSite) byVariant(t *testing.T) map[string]int {
	t.Helper()
	day := funnel.Day(instant.From(time.Now()))
	got, err := fs.st.Counters(context.Background(), fs.app, day, day)
	require.NoError(t, err)
	out := map[string]int{}
	for _, e := range got {
		out[string(e.Event)+" "+e.Rule+" "+e.Variant] += e.N
	}
	return out
}

const variantRules = `{"cooldown": 0, "rules": [{"id": "plans", "conditions": [], "invitation": {"showPrechat": false,
	"variants": [{"id": "short", "weight": 1, "message": "Questions?"},
	             {"id": "helpful", "weight": 1, "message": "Can we help you choose a plan?"}]}}]}`

// TestFunnelVariant: the invitation shows the text of the variant the
// visitor's seed gives, its events name it, and every counter of the rule
// carries it, the goal's too.
func TestFunnelVariant(t *testing.T) {
	t.Parallel()
	for i, v := range []struct{ id, text string }{{"short", "Questions?"}, {"helpful", "Can we help you choose a plan?"}} {
		t.Run(v.id, func(t *testing.T) {
			t.Parallel()
			site := newFunnelSite(t, variantRules)
			tb := site.open(t, variantSeed(site.app, "plans", []int{1, 1}, i))
			e := tb.waitRule("plans")
			assert.Equal(t, v.id, e.Detail["variant"], "lcw:proactiveChatShown names the variant")
			assert.Equal(t, v.text, tb.body())
			tb.decline()
			tb.eval(sdk + `.reportGoal("purchase")`)
			leave(tb)
			site.waitCounter(t, "goal plans treatment purchase", 1)
			got := site.byVariant(t)
			for _, ev := range []string{"eligible", "shown", "declined", "goal"} {
				assert.Equal(t, 1, got[ev+" plans "+v.id], "%s carries variant %s: %v", ev, v.id, got)
			}
			site.checkFields(t)
		})
	}
}

// TestFunnelGoalByAddress: a goal the configuration declares by path
// counts when the visitor reaches that path (here by history.pushState,
// as a single-page shop would), for the rule they were eligible for, once.
func TestFunnelGoalByAddress(t *testing.T) {
	t.Parallel()
	site := newFunnelSiteWith(t, funnelRule, `"goals": [{"name": "purchase", "path": "/checkout/done"}]`)
	tb := site.open(t, "")
	tb.waitRule("welcome")
	tb.decline()
	tb.eval(`history.pushState({}, "", "/checkout/done")`)
	waitJS(t, tb.ctx, `location.pathname === "/checkout/done"`, waitTimeout)
	tb.eval(`history.pushState({}, "", "/elsewhere"); history.pushState({}, "", "/checkout/done")`)
	// the route changes are read at the runner's next evaluation; give it
	// a moment of page time, then leave (pagehide sends the beacon)
	start := evalJS[float64](tb, `performance.now()`)
	waitJS(t, tb.ctx, fmt.Sprintf(`performance.now() >= %f`, start+500), waitTimeout)
	leave(tb)
	site.waitCounter(t, "goal welcome treatment purchase", 1)
	assert.Equal(t, 1, site.counters(t)["goal welcome treatment purchase"], "once per session")
	for _, b := range site.beacons() {
		assert.NotContains(t, fmt.Sprint(b), "checkout", "the path is matched in the browser, never sent")
	}
	site.checkFields(t)
}

// TestFunnelReportPage: the site console's funnel report, with a rule's
// variants and a month of trend lines, passes axe with no violation in
// light and dark mode and on a 360 px phone, and draws its trend lines
// with no script and no inline style.
func TestFunnelReportPage(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, variantRules)
	now := time.Now().UTC()
	var entries []funnel.Entry
	for d := range 30 {
		day := funnel.Day(instant.From(now.AddDate(0, 0, -d)))
		for i, v := range []string{"short", "helpful"} {
			k := func(g funnel.Group, ev funnel.Event, n int) funnel.Entry {
				key := funnel.Key{Rule: "plans", Variant: v, Group: g, Event: ev, Day: day}
				if ev == funnel.Goal {
					key.Goal = "purchase"
				}
				return funnel.Entry{Key: key, N: n}
			}
			entries = append(entries, k(funnel.Treatment, funnel.Eligible, 100+d), k("", funnel.Shown, 80+d%7*5),
				k("", funnel.Accepted, 5+i*3+d%3), k(funnel.Treatment, funnel.Goal, 4+i+d%4))
		}
	}
	require.NoError(t, site.st.AddCounters(context.Background(), site.app, entries[:len(entries)/2]))
	require.NoError(t, site.st.AddCounters(context.Background(), site.app, entries[len(entries)/2:]))

	owner := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	owner.addScript(`window.__csp = []; document.addEventListener("securitypolicyviolation",
		e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	release := signInSlot()
	owner.do(chromedp.Navigate(site.url+"/admin"), chromedp.WaitVisible("#signin-form"),
		sendKeys("#user", "demo"), sendKeys("#password", "demo"), chromedp.Submit("#signin-form"))
	waitJS(t, owner.ctx, `document.querySelector("#status")?.textContent === "Signed in"`, waitTimeout)
	release()
	owner.do(chromedp.Navigate(site.url + "/admin/funnel?app=" + site.app))
	waitJS(t, owner.ctx, `document.querySelectorAll("svg.trend polyline").length === 3`, waitTimeout)
	assert.Equal(t, 3, evalJS[int](owner, `document.querySelectorAll("table.funnel tbody tr").length`), "the rule and its two variants")
	assert.Contains(t, evalJS[string](owner, `document.querySelector("svg.trend").getAttribute("aria-label")`), "per day from ")
	assert.Zero(t, evalJS[int](owner, `document.querySelectorAll("[style], script").length`))
	owner.assertAccessible("the funnel report")
	owner.eval(`document.querySelector("table.funnel").scrollIntoView()`)
	screenshot(owner, "funnel-report")
	owner.darkMode(true)
	owner.assertAccessible("the funnel report, dark")
	screenshot(owner, "funnel-report-dark")
	owner.darkMode(false)
	owner.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	owner.assertAccessible("the funnel report on a phone")
	owner.eval(`document.querySelector("table.funnel").scrollIntoView()`)
	screenshot(owner, "funnel-report-phone")
	assert.Empty(t, evalJS[[]string](owner, `window.__csp`), "no CSP violation")
}
