package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// offlineCountJS is the JS of the number the console's top bar shows on
// its link to the offline messages (NaN while it shows none).
const offlineCountJS = `(e => e && !e.hidden ? +e.querySelector(".n").textContent : NaN)(document.querySelector("#offline-count"))`

// TestConsoleCountsOfflineMessagesWaiting: the console's top bar shows
// how many offline messages wait for an agent on its link to their list,
// in the link's accessible name too; a message a visitor leaves raises it
// and is said politely, a second one soon after only shown; marking them
// handled (on the list, in another tab) lowers it, unsaid. axe finds nothing, light and dark, and on a 360 px
// phone the link fits.
//
// Not parallel: the count is of every widget's messages, which other
// tests leave and mark; run alone, it moves only with this test's.
func TestConsoleCountsOfflineMessagesWaiting(t *testing.T) {
	run := unique(t)
	agent := signInRight(t, "opal")
	waitJS(t, agent.ctx, `!isNaN(`+offlineCountJS+`)`, waitTimeout)
	n0 := evalJS[int](agent, offlineCountJS)
	name := func(n int) string { return "Offline messages " + strconv.Itoa(n) + " waiting" }
	assert.Equal(t, name(n0), agent.accessibleName(`document.querySelector("#offline-link")`))
	assert.Equal(t, "", evalJS[string](agent, `document.querySelector("#offline-announce").textContent`), "the first count is not said")
	agent.assertAccessible("the console with its count of offline messages")

	require.Equal(t, http.StatusCreated, leaveOffline(t, offlineCountApp, "Ana "+run, "Count me in "+run))
	waitJS(t, agent.ctx, offlineCountJS+` === `+strconv.Itoa(n0+1), waitTimeout)
	assert.Equal(t, name(n0+1), agent.accessibleName(`document.querySelector("#offline-link")`))
	said := "A visitor left an offline message: " + strconv.Itoa(n0+1) + " waiting."
	waitJS(t, agent.ctx, `document.querySelector("#offline-announce").textContent === `+jsString(said), waitTimeout)
	assert.Equal(t, "polite", evalJS[string](agent, `document.querySelector("#offline-announce").getAttribute("aria-live")`))
	assert.Equal(t, "count has", evalJS[string](agent, `document.querySelector("#offline-count").className`))
	agent.assertAccessible("the console after a visitor left an offline message")

	require.Equal(t, http.StatusCreated, leaveOffline(t, offlineCountApp, "Bo "+run, "Count me too "+run))
	waitJS(t, agent.ctx, offlineCountJS+` === `+strconv.Itoa(n0+2), waitTimeout)
	assert.Equal(t, said, evalJS[string](agent, `document.querySelector("#offline-announce").textContent`),
		"shown at once, said again at most every 30 s")

	agent.darkMode(true)
	agent.assertAccessible("the console's count of offline messages, dark")
	screenshot(agent, "console-offline-count-dark")
	agent.darkMode(false)

	list := openTab(t, agent.ctx) // the same agent's other tab
	list.navigate("/agent/offline-messages")
	for i, text := range []string{"Count me in " + run, "Count me too " + run} {
		waitJS(t, list.ctx, offlineArticle(text)+` !== undefined`, waitTimeout)
		list.eval(offlineArticle(text) + `.querySelector("button.offline-handle").focus()`)
		list.press(kb.Enter)
		waitJS(t, list.ctx, offlineArticle(text)+` === undefined`, waitTimeout)
		waitJS(t, agent.ctx, offlineCountJS+` === `+strconv.Itoa(n0+1-i), waitTimeout)
	}
	assert.Equal(t, name(n0), agent.accessibleName(`document.querySelector("#offline-link")`))
	assert.Equal(t, said, evalJS[string](agent, `document.querySelector("#offline-announce").textContent`), "a fall is not said")

	agent.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	waitJS(t, agent.ctx, `innerWidth === 360`, waitTimeout)
	assert.LessOrEqual(t, evalJS[float64](agent, `document.documentElement.scrollWidth`), 360.0, "no sideways scroll on a 360 px phone")
	assert.True(t, shown(agent, "#offline-count"), "the count shows on a phone")
	r := evalJS[float64](agent, `document.querySelector("#offline-link").getBoundingClientRect().right`)
	assert.LessOrEqual(t, r, 360.0, "the link fits the phone's width")
	agent.assertAccessible("the console's count of offline messages on a 360 px phone")
	screenshot(agent, "console-offline-count-phone")
}
