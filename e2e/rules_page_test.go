package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// probes joins probe rules into the "rules" list of a document, after the
// rules given first.
func probes(rules []string, conds map[string]string) string {
	list := append([]string(nil), rules...)
	for id, cond := range conds {
		list = append(list, probe(id, cond))
	}
	return `{"rules": [` + strings.Join(list, ",\n") + `]}`
}

// TestRulesPageURL: path (equals, prefix, glob, regex by the browser's
// RegExp), full URL, hash, query parameters, the landing page's UTM tags and
// the title, against a real page; the UTM tags outlive the landing page.
func TestRulesPageURL(t *testing.T) {
	t.Parallel()
	conds := map[string]string{
		"path-equals":       `{"path": {"equals": "/e2e/rules/products/surface.html"}}`,
		"path-equals-other": `{"path": {"equals": "/e2e/rules/products"}}`,
		"path-prefix":       `{"path": {"prefix": "/e2e/rules/products/"}}`,
		"path-glob":         `{"path": {"glob": "/e2e/rules/products/*"}}`,
		"path-glob-shallow": `{"path": {"glob": "/e2e/rules/*"}}`,
		"path-globstar":     `{"path": {"glob": "/e2e/**"}}`,
		"path-regex":        `{"path": {"regex": "^/e2e/rules/products/[a-z]+\\.html$"}}`,
		"path-regex-js":     `{"path": {"regex": "(?<=products/)surface"}}`,
		"path-regex-other":  `{"path": {"regex": "^/products/"}}`,
		"url-prefix":        fmt.Sprintf(`{"url": {"prefix": %q}}`, baseURL+"/e2e/rules/products/surface.html?"),
		"url-contains":      `{"url": {"contains": "ref=mail&"}}`,
		"hash":              `{"hash": {"equals": "#specs"}}`,
		"query-equals":      `{"query": {"name": "ref", "equals": "mail"}}`,
		"query-other":       `{"query": {"name": "ref", "equals": "ads"}}`,
		"query-exists":      `{"query": {"name": "ref", "exists": true}}`,
		"query-missing":     `{"query": {"name": "coupon", "exists": true}}`,
		"utm-source":        `{"utm": {"tag": "source", "equals": "news"}}`,
		"utm-campaign":      `{"utm": {"tag": "campaign", "prefix": "spring"}}`,
		"utm-medium":        `{"utm": {"tag": "medium", "exists": true}}`,
		"title-nocase":      `{"title": {"contains": "surface pro", "ignoreCase": true}}`,
		"title-case":        `{"title": {"contains": "surface pro"}}`,
	}
	w := withRules(t, probes([]string{`{"id": "product", "conditions": [
		{"path": {"glob": "/e2e/rules/products/*"}}, {"query": {"name": "ref", "equals": "mail"}},
		{"utm": {"tag": "source", "equals": "news"}}, {"title": {"suffix": "Contoso store"}}]}`}, conds), "")
	tb := newRulesTab(t, w)
	tb.open("products/surface.html?ref=mail&utm_source=news&utm_campaign=spring-sale#specs")
	tb.waitRule("product")
	tb.assertProbes(map[string]bool{
		"path-equals": true, "path-equals-other": false, "path-prefix": true, "path-glob": true,
		"path-glob-shallow": false, "path-globstar": true, "path-regex": true, "path-regex-js": true,
		"path-regex-other": false, "url-prefix": true, "url-contains": true, "hash": true,
		"query-equals": true, "query-other": false, "query-exists": true, "query-missing": false,
		"utm-source": true, "utm-campaign": true, "utm-medium": false,
		"title-nocase": true, "title-case": false,
	})

	// The next page of the session: no query, but the landing page's UTM tags.
	tb.open("page.html")
	tb.assertProbes(map[string]bool{
		"path-equals": false, "path-globstar": true, "query-exists": false, "hash": false,
		"utm-source": true, "utm-campaign": true, "title-nocase": false,
	})
	tb.quietFor(300, "product does not hold on page.html")
}

// TestRulesReferrer: the referrer's URL and host, and how the session
// arrived: from a search engine, directly, or from another site; later
// pages of the session keep the arrival.
func TestRulesReferrer(t *testing.T) {
	t.Parallel()
	conds := map[string]string{
		"search":        `{"source": "search"}`,
		"direct":        `{"source": ["direct"]}`,
		"external":      `{"source": ["external"]}`,
		"host-google":   `{"referrerHost": {"equals": "www.google.com"}}`,
		"host-contoso":  `{"referrerHost": {"suffix": "contoso.com"}}`,
		"referrer-faq":  `{"referrer": {"glob": "https://www.contoso.com/faq/**", "ignoreCase": true}}`,
		"referrer-self": fmt.Sprintf(`{"referrer": {"equals": %q}}`, baseURL+"/e2e/rules/a.html"),
		"host-self":     `{"referrerHost": {"equals": "127.0.0.1"}}`,
	}
	rules := probes([]string{
		`{"id": "from-search", "conditions": [{"source": "search"}, {"path": {"suffix": "/a.html"}}]}`,
		`{"id": "from-nowhere", "conditions": [{"source": "direct"}, {"path": {"suffix": "/a.html"}}]}`,
		`{"id": "from-contoso", "conditions": [{"referrerHost": {"equals": "www.contoso.com"}}]}`,
	}, conds)
	tests := []struct {
		name     string
		referrer string
		fires    string
		probes   map[string]bool
	}{
		{"search engine", "https://www.google.com/search?q=contoso+surface", "from-search", map[string]bool{
			"search": true, "direct": false, "external": false, "host-google": true, "host-contoso": false}},
		{"direct", "", "from-nowhere", map[string]bool{
			"search": false, "direct": true, "external": false, "host-google": false, "referrer-faq": false}},
		{"another site", "https://www.contoso.com/FAQ/returns", "from-contoso", map[string]bool{
			"search": false, "direct": false, "external": true, "host-contoso": true, "referrer-faq": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := newRulesTab(t, withRules(t, rules, ""))
			tb.openFrom("a.html", tt.referrer)
			assert.Equal(t, tt.referrer, evalJS[string](tb, `document.referrer`), "the page's referrer")
			tb.waitRule(tt.fires)
			tb.assertProbes(tt.probes)

			// A link to b.html: the referrer is a.html, the arrival stays.
			tb.follow("b.html")
			want := map[string]bool{"referrer-self": true, "host-self": true}
			for k, v := range tt.probes {
				if k == "search" || k == "direct" || k == "external" {
					want[k] = v
				}
			}
			tb.assertProbes(want)
		})
	}
}

// follow loads a fixture page of testdata/rules/ as a link of the current
// page does (with the page's referrer) and waits for lcw:ready.
func (tb *tab) follow(name string) {
	tb.t.Helper()
	tb.eval(`window.__e2eLeft = true; location.assign("/e2e/rules/` + name + `")`)
	waitJS(tb.t, tb.ctx, `window.__e2eLeft !== true && document.readyState === "complete"`, waitTimeout)
	tb.waitReady()
}

// TestRulesSPARouteChange: history.pushState, a hash change, history.back()
// and replaceState each start a new page view: time on page restarts,
// pagesViewed counts up, the referrer is the previous URL, and rules
// re-evaluate, so a path rule fires after a client-side navigation.
func TestRulesSPARouteChange(t *testing.T) {
	t.Parallel()
	conds := map[string]string{
		"pv1": `{"pagesViewed": {"min": 1, "max": 1}}`, "pv2": `{"pagesViewed": {"min": 2, "max": 2}}`,
		"pv3": `{"pagesViewed": {"min": 3, "max": 3}}`, "pv4": `{"pagesViewed": {"min": 4, "max": 4}}`,
		"pv5":             `{"pagesViewed": {"min": 5, "max": 5}}`,
		"step2":           `{"hash": {"equals": "#step2"}}`,
		"from-page":       fmt.Sprintf(`{"referrer": {"equals": %q}}`, baseURL+"/e2e/rules/page.html"),
		"query-step":      `{"query": {"name": "step", "equals": "3"}}`,
		"landing-journey": `{"journey": {"steps": [{"equals": "/e2e/rules/page.html"}, {"equals": "/e2e/rules/checkout"}]}}`,
	}
	w := withRules(t, probes([]string{`{"id": "checkout", "conditions": [
		{"path": {"equals": "/e2e/rules/checkout"}}, {"timeOnPage": {"seconds": 1}}], "limits": {"once": "session"}}`}, conds), "")
	tb := newRulesTab(t, w)
	tb.open("page.html")
	tb.assertProbes(map[string]bool{"pv1": true, "pv2": false})
	tb.quietUntil(tb.readyAt()+1500, "the path does not match before the route change")

	push := evalJS[float64](tb, `history.pushState({}, "", "/e2e/rules/checkout"); performance.now()`)
	shown := tb.waitRule("checkout")
	assert.GreaterOrEqual(t, shown.T-push, 1000.0-5, "time on page restarts at the route change")
	assert.Less(t, shown.T-push, 3000.0, "shown late after the route change")
	tb.assertProbes(map[string]bool{"pv1": false, "pv2": true, "from-page": true, "landing-journey": true})
	tb.decline()

	tb.eval(`location.hash = "#step2"`)
	tb.waitProbe("step2", true)
	tb.assertProbes(map[string]bool{"pv2": false, "pv3": true, "step2": true})

	tb.eval(`history.back()`)
	tb.waitProbe("step2", false)
	tb.assertProbes(map[string]bool{"pv3": false, "pv4": true})

	tb.eval(`history.replaceState({}, "", "/e2e/rules/checkout?step=3")`)
	tb.waitProbe("query-step", true)
	tb.assertProbes(map[string]bool{"pv4": false, "pv5": true})
	assert.Equal(t, []string{"checkout"}, tb.shownRules(), "checkout fires once per session")
}
