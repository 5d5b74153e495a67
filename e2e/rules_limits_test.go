package e2e

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// control is a rule that fires on every page view after the first, half a
// second in: it proves the engine evaluated the page while another rule
// stayed quiet.
const control = `{"id": "control", "priority": -1, "conditions": [{"pagesViewed": {"min": 2}}, {"timeOnPage": {"seconds": 0.5}}]}`

// TestRulesDeclineThenReload: the visitor declines an invitation and reloads
// the page; the rule does not fire again, blocked by its once-per-session
// limit, its own cool-down, or the set's cool-down after any decline, and
// explainProactiveRules() names the limit and when it lifts.
func TestRulesDeclineThenReload(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		rules string
		limit string // the path of the limit that blocks "welcome" after the reload
		lifts bool   // the limit lifts with time (a cool-down of an hour)
		ctrl  bool   // "control" fires after the reload
	}{
		{"once per session", `{"rules": [{"id": "welcome", "conditions": [], "limits": {"once": "session"}}, ` + control + `]}`,
			"limits.once", false, true},
		{"rule cool-down", `{"rules": [{"id": "welcome", "conditions": [], "limits": {"cooldown": 3600}}, ` + control + `]}`,
			"limits.cooldown", true, true},
		{"set cool-down", `{"cooldown": 3600, "rules": [{"id": "welcome", "conditions": []}, ` + control + `]}`,
			"cooldown", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := newRulesTab(t, withRules(t, tt.rules, ""))
			tb.open("page.html")
			tb.waitRule("welcome")
			declined := tb.decline()
			assert.Equal(t, "welcome", declined.Detail["ruleId"])
			declinedAt := evalJS[float64](tb, `performance.timeOrigin`) + declined.T

			tb.reload()
			if tt.ctrl {
				tb.waitRule("control")
			} else {
				tb.quietUntil(tb.readyAt()+1000, "the set's cool-down blocks every rule")
			}
			assert.NotContains(t, tb.shownRules(), "welcome", "welcome fired again after the reload")
			e := tb.explainRule("welcome")
			assert.True(t, e.Holds, "welcome's conditions hold")
			assert.False(t, e.Fires, "welcome is blocked")
			l, ok := e.limit(tt.limit)
			if !assert.True(t, ok, "welcome's limits %+v include %q", e.Limits, tt.limit) {
				return
			}
			assert.False(t, l.Holds, "%s blocks welcome", tt.limit)
			if tt.lifts && assert.NotNil(t, l.Next, "%s says when it lifts", tt.limit) {
				assert.InDelta(t, declinedAt+3600e3, *l.Next, 1000, "%s lifts an hour after the decline", tt.limit)
				if assert.NotNil(t, e.Next) {
					assert.InDelta(t, *l.Next, *e.Next, 1000)
				}
			}
			if !tt.lifts {
				assert.Nil(t, e.Next, "once per session never lifts by time alone")
			}
		})
	}
}

// TestRulesSessionBudget: with a session budget of two, a page's own
// startProactiveChat call counts as one; the rule fires once more on the
// next page, then no more.
func TestRulesSessionBudget(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"sessionBudget": 2, "rules": [{"id": "every-page", "conditions": [{"pagesViewed": {"min": 2}}]}]}`, "")
	tb := newRulesTab(t, w)
	tb.open("page.html")
	tb.startProactiveChat(`{message: "from the page"}`)
	tb.waitShown(idInvitation)
	tb.decline()

	tb.reload()
	tb.waitRule("every-page")
	tb.decline()

	tb.reload()
	tb.quietUntil(tb.readyAt()+1000, "the budget of two is spent")
	e := tb.explainRule("every-page")
	assert.True(t, e.Holds)
	assert.False(t, e.Fires)
	if l, ok := e.limit("sessionBudget"); assert.True(t, ok, "limits %+v include sessionBudget", e.Limits) {
		assert.False(t, l.Holds, "the session budget is spent")
		assert.Nil(t, l.Next, "the budget does not lift by time alone")
	}
}

// TestRulesCrossTab: two tabs of the same visitor (one browser context).
// Loaded at once, with a rule that fires after a second on both, only one
// shows the invitation. A tab whose rule waits while the other shows one
// shows its own as soon as the visitor declines there.
func TestRulesCrossTab(t *testing.T) {
	t.Parallel()
	rules := `{"rules": [
		{"id": "greet", "conditions": [{"timeOnPage": {"seconds": 1}}]},
		{"id": "on-b", "priority": 1, "conditions": [{"path": {"equals": "/e2e/rules/b.html"}}, {"timeOnPage": {"seconds": 1.5}}]}]}`

	t.Run("race", func(t *testing.T) {
		t.Parallel()
		w := withRules(t, rules, "")
		first := newRulesTab(t, w)
		second := first.sibling(t, w)
		tabs := []*tab{first, second}
		loadAll(t, tabs, "/e2e/rules/a.html")
		shower := waitFirstShown(t, tabs)
		other := first
		if shower == first {
			other = second
		}
		shown := shower.waitRule("greet")
		t.Logf("shown at %.0f ms (epoch)", evalJS[float64](shower, `performance.timeOrigin`)+shown.T)
		other.waitPageTime(other.readyAt() + 2500)
		other.settle()
		assert.Empty(t, other.shownRules(), "the other tab showed an invitation too")
		for _, e := range other.events("lcw:proactiveChatShown") {
			t.Logf("the other tab showed %v at %.0f ms (epoch)", e.Detail["ruleId"],
				evalJS[float64](other, `performance.timeOrigin`)+e.T)
		}
		assert.True(t, shower.shown(idInvitation), "the first invitation is still up")
	})
	t.Run("release", func(t *testing.T) {
		t.Parallel()
		w := withRules(t, rules, "")
		first := newRulesTab(t, w)
		first.open("a.html")
		first.waitRule("greet")
		second := first.sibling(t, w)
		second.open("b.html")
		second.quietUntil(second.readyAt()+2000, "the first tab shows an invitation")
		assert.True(t, second.explainRule("on-b").Holds, "on-b's conditions hold; only the other tab's invitation holds it back")

		declined := first.decline()
		declinedAt := evalJS[float64](first, `performance.timeOrigin`) + declined.T
		shown := second.waitRule("on-b")
		shownAt := evalJS[float64](second, `performance.timeOrigin`) + shown.T
		assert.GreaterOrEqual(t, shownAt, declinedAt-20, "shown before the other tab's invitation closed")
		assert.Less(t, shownAt, declinedAt+1500, "the other tab's decline did not release the invitation promptly")
		first.quietFor(300, "greet was shown on this page view, and on-b is for b.html")
	})
}

// TestRulesLeavingReleasesTab: the visitor leaves a page while its
// invitation shows, without closing the invitation: by a link, or by closing
// the tab. The next page's rules fire as usual: the cross-tab lock does not
// outlive the page that held it (it would otherwise hold for the
// invitation's minute).
func TestRulesLeavingReleasesTab(t *testing.T) {
	t.Parallel()
	rules := `{"rules": [{"id": "greet", "conditions": [{"timeOnPage": {"seconds": 0.5}}]}]}`
	t.Run("link", func(t *testing.T) {
		t.Parallel()
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.open("a.html")
		tb.waitRule("greet")
		tb.follow("b.html")
		shown := tb.waitRule("greet")
		assert.Less(t, shown.T, tb.readyAt()+2000, "shown late on the next page")
	})
	t.Run("tab closed", func(t *testing.T) {
		t.Parallel()
		w := withRules(t, rules, "")
		base := newRulesTab(t, w)
		first, closeFirst := openClosableTab(t, base.ctx)
		first.installWidget(w)
		first.open("a.html")
		first.waitRule("greet")
		closeFirst()
		base.open("b.html")
		shown := base.waitRule("greet")
		assert.Less(t, shown.T, base.readyAt()+2000, "shown late after the other tab closed")
	})
}

// loadAll navigates every tab to path at the same time and waits for
// lcw:ready in each.
func loadAll(t *testing.T, tabs []*tab, path string) {
	t.Helper()
	errs := make([]error, len(tabs))
	var wg sync.WaitGroup
	for i, tb := range tabs {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(tb.ctx, callTimeout)
			defer cancel()
			errs[i] = chromedp.Do(ctx, chromedp.Navigate(baseURL+path))
		})
	}
	wg.Wait()
	for _, tb := range tabs {
		require.NoError(t, errors.Join(errs...))
		tb.waitReady()
	}
}

// waitFirstShown waits until one of tabs shows an invitation, and returns it.
func waitFirstShown(t *testing.T, tabs []*tab) *tab {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		for _, tb := range tabs {
			if evalJS[bool](tb, `__e2e.events("lcw:proactiveChatShown").length > 0`) {
				return tb
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no tab showed an invitation within %v", waitTimeout)
		}
		time.Sleep(20 * time.Millisecond) // polling interval
	}
}

// TestRulesStorageBlocked: when localStorage throws (blocked cookies), the
// rules work in memory and one console.info says so.
func TestRulesStorageBlocked(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [{"id": "anyway", "conditions": [{"timeOnPage": {"seconds": 0.5}}]}]}`, "")
	w.Verbose = false
	tb := newRulesTab(t, w)
	tb.addScript(`Object.defineProperty(window, "localStorage", {configurable: true,
		get() { throw new DOMException("blocked by the e2e test", "SecurityError"); }});`)
	tb.open("page.html")
	tb.waitRule("anyway")
	tb.decline()
	tb.settle()
	var said []string
	for _, m := range tb.consoleMessages() {
		if strings.Contains(strings.ToLower(m.Text), "storage") {
			said = append(said, m.Type+": "+m.Text)
		}
	}
	require.Len(t, said, 1, "one console message about storage: %q", said)
	assert.True(t, strings.HasPrefix(said[0], "info: "), "it is a console.info: %q", said[0])
}

// TestRulesFromServer: rules delivered with the widget's configuration by
// the lcwasm server run; with proactive chat disabled they do not.
func TestRulesFromServer(t *testing.T) {
	t.Parallel()
	t.Run("enabled", func(t *testing.T) {
		t.Parallel()
		tb := newRulesTab(t, rulesWidget{App: serverRulesApp, Verbose: true})
		tb.open("page.html")
		shown := tb.waitRule("from-server")
		assert.Equal(t, serverRulesMessage, shown.Detail["message"])
	})
	t.Run("proactive chat disabled", func(t *testing.T) {
		t.Parallel()
		tb := newRulesTab(t, rulesWidget{App: serverRulesOffApp, Verbose: true})
		tb.open("page.html")
		tb.quietUntil(tb.readyAt()+1000, "proactive chat is disabled")
	})
}
