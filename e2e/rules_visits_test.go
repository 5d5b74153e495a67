package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// journeyKey is where the widget keeps the visitor's journey (visits and the
// current session) in localStorage: wasm/memory.go, rules.Journey.Tree.
func journeyKey(app string) string { return "lcwasm:" + app + ":journey" }

// pastJourney is a stored journey: the visitor's earlier visits, as the
// widget would have left them.
type pastJourney struct {
	Visits     int        // visits so far
	VisitStart time.Time  // start of the last visit
	LastVisit  time.Time  // start of the visit before it; zero: none
	LastSeen   time.Time  // the last page view or input
	Pages      []pastPage // page views of the last visit
}

type pastPage struct {
	Path string
	At   time.Time
}

func millis(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMilli())
}

// seedJourney stores j for app in the tab's browser context before the
// widget's first page: it loads a page of the origin without the widget and
// writes localStorage there.
func (tb *tab) seedJourney(app string, j pastJourney) {
	tb.t.Helper()
	pages := []any{}
	for _, p := range j.Pages {
		pages = append(pages, map[string]any{"path": p.Path, "at": millis(p.At)})
	}
	tree := map[string]any{
		"visits": j.Visits, "visitStart": millis(j.VisitStart), "lastVisit": millis(j.LastVisit),
		"lastSeen": millis(j.LastSeen), "entry": "", "utm": map[string]any{}, "pageCount": len(j.Pages),
		"pages": pages, "engagedSite": 0,
	}
	raw, err := json.Marshal(tree)
	require.NoError(tb.t, err)
	tb.navigate("/e2e/rules/blank.html")
	tb.eval(fmt.Sprintf(`localStorage.setItem(%q, %q)`, journeyKey(app), raw))
}

// visitProbes are the visit conditions TestRulesNewVisitor and
// TestRulesReturningVisitor look at.
var visitProbes = map[string]string{
	"new":       `{"visitor": "new"}`,
	"returning": `{"visitor": "returning"}`,
	"first":     `{"visitCount": {"max": 1}}`,
	"third":     `{"visitCount": {"min": 3, "max": 3}}`,
	"days-3":    `{"daysSinceLastVisit": {"min": 3, "max": 3}}`,
	"days-7":    `{"daysSinceLastVisit": {"min": 7}}`,
	"pv1":       `{"pagesViewed": {"min": 1, "max": 1}}`,
	"pv2":       `{"pagesViewed": {"min": 2, "max": 2}}`,
}

// TestRulesNewVisitor: a visitor with no stored journey is new, on their
// first visit; reloading stays in that visit and counts a second page view.
func TestRulesNewVisitor(t *testing.T) {
	t.Parallel()
	w := withRules(t, probes([]string{`{"id": "hello-new", "conditions": [{"visitor": "new"}]}`}, visitProbes), "")
	tb := newRulesTab(t, w)
	tb.open("page.html")
	tb.waitRule("hello-new")
	tb.assertProbes(map[string]bool{"new": true, "returning": false, "first": true, "third": false,
		"days-3": false, "pv1": true, "pv2": false})
	tb.decline()

	tb.reload()
	tb.waitRule("hello-new")
	tb.assertProbes(map[string]bool{"new": true, "returning": false, "first": true, "pv1": false, "pv2": true})
}

// TestRulesReturningVisitor: a visitor whose last visit began three days
// ago (stored journey) starts their third visit: returning, visit count 3,
// three days since the last visit, and a fresh session.
func TestRulesReturningVisitor(t *testing.T) {
	t.Parallel()
	w := withRules(t, probes([]string{`{"id": "welcome-back", "conditions": [{"visitor": "returning"}, {"visitCount": {"min": 3}}]}`},
		visitProbes), "")
	tb := newRulesTab(t, w)
	now := time.Now()
	last := now.Add(-3*24*time.Hour - time.Hour)
	tb.seedJourney(w.App, pastJourney{Visits: 2, VisitStart: last, LastVisit: now.Add(-10 * 24 * time.Hour),
		LastSeen: last.Add(10 * time.Minute), Pages: []pastPage{{"/e2e/rules/a.html", last}, {"/e2e/rules/b.html", last.Add(time.Minute)}}})
	tb.open("page.html")
	tb.waitRule("welcome-back")
	tb.assertProbes(map[string]bool{"new": false, "returning": true, "first": false, "third": true,
		"days-3": true, "days-7": false, "pv1": true})
}

// TestRulesPagesViewedAndJourney: pagesViewed counts this session's page
// views; a journey holds when the session's pages contain its steps in
// order (c, a, b, c: "a then c" holds only on the last page).
func TestRulesPagesViewedAndJourney(t *testing.T) {
	t.Parallel()
	journey := func(from, to string) string {
		return fmt.Sprintf(`{"journey": {"steps": [{"equals": "/e2e/rules/%s"}, {"equals": "/e2e/rules/%s"}], "withinMinutes": 10}}`, from, to)
	}
	w := withRules(t, probes([]string{
		`{"id": "third-page", "conditions": [{"pagesViewed": {"min": 3}}], "limits": {"once": "session"}}`,
		`{"id": "a-then-c", "conditions": [` + journey("a.html", "c.html") + `]}`,
	}, map[string]string{"c-then-a": journey("c.html", "a.html"), "a-then-c?": journey("a.html", "c.html")}), "")
	tb := newRulesTab(t, w)
	tb.open("c.html")
	tb.quietFor(200, "first page")
	tb.assertProbes(map[string]bool{"c-then-a": false, "a-then-c?": false})
	tb.open("a.html")
	tb.quietFor(200, "second page; a then c has not happened")
	tb.assertProbes(map[string]bool{"c-then-a": true, "a-then-c?": false})
	tb.open("b.html")
	tb.waitRule("third-page")
	tb.decline()
	tb.open("c.html")
	tb.waitRule("a-then-c")
	assert.Equal(t, []string{"a-then-c"}, tb.shownRules(), "third-page fires once per session")
}

// TestRulesJourneyWindow: the steps of a journey count only within its
// window: the stored session saw a.html 20 minutes ago (still the same
// session), so "a then c within 10 minutes" does not hold on c.html, and
// within 30 minutes does.
func TestRulesJourneyWindow(t *testing.T) {
	t.Parallel()
	steps := `"steps": [{"equals": "/e2e/rules/a.html"}, {"equals": "/e2e/rules/c.html"}]`
	w := withRules(t, probes([]string{`{"id": "within-30", "conditions": [{"journey": {` + steps + `, "withinMinutes": 30}}]}`},
		map[string]string{"within-10": `{"journey": {` + steps + `, "withinMinutes": 10}}`, "pv3": `{"pagesViewed": {"min": 3, "max": 3}}`}), "")
	tb := newRulesTab(t, w)
	now := time.Now()
	start := now.Add(-20 * time.Minute)
	tb.seedJourney(w.App, pastJourney{Visits: 1, VisitStart: start, LastSeen: now.Add(-time.Minute),
		Pages: []pastPage{{"/e2e/rules/a.html", start}, {"/e2e/rules/b.html", now.Add(-2 * time.Minute)}}})
	tb.open("c.html")
	tb.waitRule("within-30")
	tb.assertProbes(map[string]bool{"within-10": false, "pv3": true})
}

// TestRulesJourneyStaysInBrowser: nothing about the visitor's pages leaves
// the page. After a journey through a page and an SPA route with rules
// running and an invitation shown and declined, the only requests of the
// document are for the widget's files, the fixture's own and the browser's
// favicon.
func TestRulesJourneyStaysInBrowser(t *testing.T) {
	t.Parallel()
	w := withRules(t, `{"rules": [{"id": "plans", "conditions": [{"journey": {"steps": [
		{"equals": "/e2e/rules/a.html"}, {"prefix": "/e2e/rules/secret-"}]}}]}]}`, "")
	tb := newRulesTab(t, w)
	tb.open("a.html")
	tb.eval(`history.pushState({}, "", "/e2e/rules/secret-plans?coupon=VIP")`)
	tb.waitRule("plans")
	tb.decline()
	tb.settle()
	for _, url := range evalJS[[]string](tb, `performance.getEntriesByType("resource").map((e) => e.name)`) {
		ours := strings.HasPrefix(url, baseURL+"/lcw/") || strings.HasPrefix(url, baseURL+"/e2e/") ||
			url == baseURL+"/favicon.ico" // the browser's own
		assert.True(t, ours, "a request for %s", url)
		assert.NotContains(t, url, "secret", "a request names the visitor's page: %s", url)
	}
}
