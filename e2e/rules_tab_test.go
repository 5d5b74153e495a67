package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rulesWidget is the widget a rules test embeds in the fixture pages of
// testdata/rules/ (see embed.js): its app id and, unless the server is to
// deliver it, its configuration.
type rulesWidget struct {
	App     string          `json:"app"`
	Config  json.RawMessage `json:"config,omitempty"`
	Verbose bool            `json:"verbose"` // data-lcw-version="test": log every decision
}

// withRules returns the inline widget of the test t: a unique app id, proactive
// chat enabled, the rules document rules (JSON) and any other top-level
// fields of extra (a JSON object, or "").
func withRules(t *testing.T, rules, extra string) rulesWidget {
	t.Helper()
	app := appID(t)
	cfg := map[string]any{}
	if extra != "" {
		require.NoError(t, json.Unmarshal([]byte(extra), &cfg), "extra configuration")
	}
	cfg["appId"] = app
	cfg["proactiveChat"] = map[string]any{"enabled": true}
	cfg["proactiveRules"] = json.RawMessage(rules)
	raw, err := json.Marshal(cfg)
	require.NoError(t, err, "rules document %s", rules)
	return rulesWidget{App: app, Config: raw, Verbose: true}
}

var notAppChar = regexp.MustCompile(`[^a-z0-9]+`)

// appID derives an app id from the test's name, so that no two tests share
// the visitor, session and history state the widget keeps per app id.
func appID(t *testing.T) string {
	return "e2e-rules-" + strings.Trim(notAppChar.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
}

// newRulesTab opens a tab in a browser context of its own (its own
// localStorage, BroadcastChannel and cache: no other test sees its visitor)
// with the event recorder and the widget w installed. It does not navigate.
func newRulesTab(t *testing.T, w rulesWidget) *tab {
	t.Helper()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	tb.installWidget(w)
	return tb
}

// sibling opens a second tab in the browser context of tb, as a visitor opens
// a second tab of the same site, with the same widget installed.
func (tb *tab) sibling(t *testing.T, w rulesWidget) *tab {
	t.Helper()
	other := openTab(t, tb.ctx)
	other.installWidget(w)
	return other
}

func (tb *tab) installWidget(w rulesWidget) {
	tb.t.Helper()
	raw, err := json.Marshal(w)
	require.NoError(tb.t, err)
	tb.addScript(fmt.Sprintf(`Object.defineProperty(window, "__e2eWidget", {value: %s});`, raw))
}

// open loads a fixture page of testdata/rules/ and waits for lcw:ready.
func (tb *tab) open(name string) {
	tb.t.Helper()
	tb.navigate("/e2e/rules/" + name)
	tb.waitReady()
}

// openFrom loads a fixture page of testdata/rules/ as if the visitor came
// from referrer (sent in full, whatever the origins; "": typed in).
func (tb *tab) openFrom(name, referrer string) {
	tb.t.Helper()
	tb.eval(`window.__e2eLeft = true`)
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		p := page.NavigateParams{URL: baseURL + "/e2e/rules/" + name}
		if referrer != "" {
			p.Referrer, p.ReferrerPolicy = referrer, page.ReferrerPolicyUnsafeURL
		}
		_, err := cdp.Call(ctx, tg, page.Navigate, p)
		return err
	}))
	waitJS(tb.t, tb.ctx, `window.__e2eLeft !== true && document.readyState === "complete"`, waitTimeout)
	tb.waitReady()
}

// readyAt is when lcw:ready fired, on the page's clock. The runtime began
// the page view before it.
func (tb *tab) readyAt() float64 {
	tb.t.Helper()
	return tb.waitEvent("lcw:ready").T
}

// waitRule waits until the invitation of rule id has been shown and returns
// its lcw:proactiveChatShown.
func (tb *tab) waitRule(id string) lcwEvent {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`__e2e.events("lcw:proactiveChatShown").some((e) => e.detail?.ruleId === %q)`, id), waitTimeout)
	tb.waitShown(idInvitation)
	for _, e := range tb.events("lcw:proactiveChatShown") {
		if e.Detail["ruleId"] == id {
			assert.Equal(tb.t, "rule", e.Detail["source"], "source of rule %q's invitation", id)
			return e
		}
	}
	tb.t.Fatalf("lcw:proactiveChatShown of rule %q went missing", id)
	return lcwEvent{}
}

// shownRules lists the rule ids of every lcw:proactiveChatShown so far
// ("" for a page's startProactiveChat).
func (tb *tab) shownRules() []string {
	tb.t.Helper()
	var ids []string
	for _, e := range tb.events("lcw:proactiveChatShown") {
		id, _ := e.Detail["ruleId"].(string)
		ids = append(ids, id)
	}
	return ids
}

// quietFor waits ms of page time and checks that no invitation appeared
// meanwhile.
func (tb *tab) quietFor(ms float64, why string) {
	tb.t.Helper()
	before := tb.shownRules()
	showing := tb.shown(idInvitation)
	tb.waitPageTime(tb.pageTime() + ms)
	tb.settle()
	assert.Equal(tb.t, before, tb.shownRules(), "no new invitation: %s", why)
	if !showing {
		assert.False(tb.t, tb.shown(idInvitation), "no invitation shown: %s", why)
	}
}

// quietUntil is quietFor until the page's clock reads at.
func (tb *tab) quietUntil(at float64, why string) {
	tb.t.Helper()
	tb.quietFor(max(at-tb.pageTime(), 0), why)
}

// pageStartProbe is a rule whose explanation tells when the page view
// began: its condition holds an hour later. Tests that time a page view
// include it.
var pageStartProbe = probe("e2e-page-start", `{"timeOnPage": {"seconds": 3600}}`)

// pageStart is when the runtime began the current page view, on the page's
// clock, read from pageStartProbe's explanation.
func (tb *tab) pageStart() float64 {
	tb.t.Helper()
	e := tb.explainRule("e2e-page-start")
	require.NotEmpty(tb.t, e.Conditions)
	require.NotNil(tb.t, e.Conditions[0].Next, "e2e-page-start says when it holds")
	return *e.Conditions[0].Next - 3600e3 - evalJS[float64](tb, `performance.timeOrigin`)
}
