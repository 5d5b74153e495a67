package e2e

// The funnel report's trend per week and per month, chosen with the
// keyboard, in its tables and its CSV.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// TestFunnelReportPeriods: a range of 91 days is shown per week by
// default; the owner picks month, then week, with the keyboard, and the
// trend's table and its CSV add the days up per calendar month and per
// ISO week, the partial first week marked; axe finds nothing in light
// and dark mode and on a 360 px phone.
func TestFunnelReportPeriods(t *testing.T) {
	t.Parallel()
	site := newFunnelSite(t, funnelRule)
	from := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC) // a Tuesday
	var entries []funnel.Entry
	for d := range 91 { // to Monday 30 Nov
		day := funnel.Day(instant.From(from.AddDate(0, 0, d)))
		entries = append(entries, funnel.Entry{Key: funnel.Key{Rule: "welcome", Event: funnel.Shown, Day: day}, N: 1})
		if d%2 == 1 {
			entries = append(entries, funnel.Entry{Key: funnel.Key{Rule: "welcome", Event: funnel.Accepted, Day: day}, N: 1})
		}
	}
	require.NoError(t, site.st.AddCounters(context.Background(), site.app, entries))

	owner := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	release := signInSlot()
	owner.do(chromedp.Navigate(site.url+"/admin"), chromedp.WaitVisible("#signin-form"),
		sendKeys("#user", "demo"), sendKeys("#password", "demo"), chromedp.Submit("#signin-form"))
	waitJS(t, owner.ctx, `document.querySelector("#status")?.textContent === "Signed in"`, waitTimeout)
	release()
	owner.do(chromedp.Navigate(site.url + "/admin/funnel?app=" + site.app + "&from=2026-09-01&to=2026-11-30"))
	waitJS(t, owner.ctx, `document.querySelectorAll("svg.trend polyline").length === 3`, waitTimeout)
	assert.Contains(t, evalJS[string](owner, `document.querySelector("svg.trend").getAttribute("aria-label")`),
		"per week from 2026-09-01 to 2026-11-30", "91 days: per week by default")
	assert.Equal(t, "", evalJS[string](owner, `document.querySelector("#per").value`))

	choose := func(letter, want string) {
		t.Helper()
		owner.do(chromedp.Focus("#per"))
		owner.press(letter) // a closed select's type-ahead
		require.Equal(t, want, evalJS[string](owner, `document.querySelector("#per").value`))
		require.Equal(t, "button", owner.tab(false), "Show follows the choice")
		owner.press(kb.Enter)
		waitJS(t, owner.ctx, `new URLSearchParams(location.search).get("per") === `+jsString(want)+
			` && document.readyState === "complete" && !!document.querySelector("details.trend-data")`, waitTimeout)
		owner.do(chromedp.Focus("details.trend-data summary"))
		owner.press(kb.Enter)
		waitJS(t, owner.ctx, `document.querySelector("details.trend-data").open`, waitTimeout)
	}
	rows := func() []string {
		t.Helper()
		return evalJS[[]string](owner, `[...document.querySelectorAll("table.trend-table tbody tr")].map(
			tr => [...tr.children].map(c => c.textContent).join(" | "))`)
	}
	csvOf := func() []string {
		t.Helper()
		body := evalJS[string](owner, `(async () => (await fetch(document.querySelector("#trend-csv").href)).text())()`)
		return strings.Split(strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n")), "\n")
	}

	choose("m", "month")
	assert.Equal(t, []string{"Sep 2026 | 30 | 15 | 0", "Oct 2026 | 31 | 15 | 0", "Nov 2026 | 30 | 15 | 0"}, rows())
	assert.Equal(t, "Per month", evalJS[string](owner, `document.querySelector("table.funnel th:nth-child(3)").textContent`))
	assert.Equal(t, []string{"rule,period,period_start,from,to,partial,shown,accepted,goals",
		"welcome,month,2026-09-01,2026-09-01,2026-09-30,false,30,15,0",
		"welcome,month,2026-10-01,2026-10-01,2026-10-31,false,31,15,0",
		"welcome,month,2026-11-01,2026-11-01,2026-11-30,false,30,15,0"}, csvOf())
	owner.assertAccessible("the funnel report per month")

	choose("w", "week")
	got := rows()
	require.Len(t, got, 14, "31 Aug (partial) to 30 Nov (partial)")
	assert.Equal(t, "Week of 31 Aug (partial: 2026-09-01 to 2026-09-06) | 6 | 3 | 0", got[0])
	assert.Equal(t, "Week of 7 Sep | 7 | 3 | 0", got[1])
	assert.Equal(t, "Week of 30 Nov (partial: 2026-11-30 to 2026-11-30) | 1 | 0 | 0", got[13])
	lines := csvOf()
	require.Len(t, lines, 15)
	assert.Equal(t, "welcome,week,2026-08-31,2026-09-01,2026-09-06,true,6,3,0", lines[1])
	assert.Equal(t, "welcome,week,2026-10-26,2026-10-26,2026-11-01,false,7,4,0", lines[9], "a week over a month's end")
	owner.assertAccessible("the funnel report per week")
	owner.darkMode(true)
	owner.assertAccessible("the funnel report per week, dark")
	screenshot(owner, "funnel-report-weeks-dark")
	owner.darkMode(false)
	owner.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	owner.assertAccessible("the funnel report per week on a phone")
	owner.eval(`document.querySelector("details.trend-data").scrollIntoView()`)
	screenshot(owner, "funnel-report-weeks-phone")
}
