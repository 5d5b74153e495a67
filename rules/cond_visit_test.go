package rules

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

func TestVisits(t *testing.T) {
	first := func(v *Visit) { v.VisitCount, v.LastVisit = 1, instant.Time(0) }
	runConds(t, []condCase{
		{name: "third visit", cond: `{"visitCount": {"min": 3, "max": 3}}`, want: true},
		{name: "at least 4", cond: `{"visitCount": {"min": 4}}`, want: false},
		{name: "at most 2", cond: `{"visitCount": {"max": 2}}`, want: false},
		{name: "unknown count is 1", cond: `{"visitCount": {"max": 1}}`, visit: func(v *Visit) { v.VisitCount = 0 }, want: true},
		{name: "returning", cond: `{"visitor": "returning"}`, want: true},
		{name: "new", cond: `{"visitor": "new"}`, visit: first, want: true},
		{name: "new is not returning", cond: `{"visitor": "returning"}`, visit: first, want: false},
	})
}

func TestDaysSinceLastVisit(t *testing.T) {
	h := instant.Hour
	runConds(t, []condCase{
		// The previous visit started 50 hours before t0: 2 whole days.
		{name: "in range", cond: `{"daysSinceLastVisit": {"min": 2, "max": 3}}`, want: true, next: 46 * h},
		{name: "not yet", cond: `{"daysSinceLastVisit": {"min": 3}}`, want: false, next: 22 * h},
		{name: "too long ago", cond: `{"daysSinceLastVisit": {"max": 1}}`, want: false},
		{name: "no maximum", cond: `{"daysSinceLastVisit": {"min": 1}}`, want: true},
		{name: "first visit", cond: `{"daysSinceLastVisit": {"min": 0}}`,
			visit: func(v *Visit) { v.LastVisit = instant.Time(0) }, want: false},
	})
}

func TestPagesViewed(t *testing.T) {
	runConds(t, []condCase{
		{name: "count", cond: `{"pagesViewed": {"min": 3}}`, want: true},
		{name: "too few", cond: `{"pagesViewed": {"min": 4}}`, want: false},
		{name: "count beyond the kept pages", cond: `{"pagesViewed": {"min": 80}}`,
			visit: func(v *Visit) { v.PageCount = 80 }, want: true},
		{name: "unknown count is the current page", cond: `{"pagesViewed": {"max": 1}}`,
			visit: func(v *Visit) { v.PageCount, v.Pages = 0, nil }, want: true},
	})
}

func TestJourney(t *testing.T) {
	pages := func(paths ...string) func(*Visit) {
		return func(v *Visit) {
			v.Pages = nil
			for i, p := range paths {
				v.Pages = append(v.Pages, PageView{Path: p, Start: t0.Add(instant.Duration(i) * 4 * instant.Minute)})
			}
		}
	}
	faqThenPricing := `{"journey": {"steps": [{"prefix": "/faq"}, {"equals": "/pricing"}], "withinMinutes": 10}}`
	runConds(t, []condCase{
		{name: "in order", cond: faqThenPricing, visit: pages("/faq/a", "/pricing"), want: true},
		{name: "with pages between", cond: faqThenPricing, visit: pages("/faq/a", "/blog", "/pricing"), want: true},
		{name: "too slow", cond: faqThenPricing, visit: pages("/faq/a", "/x", "/y", "/pricing"), want: false},
		{name: "latest start counts", cond: faqThenPricing, visit: pages("/faq/a", "/x", "/faq/b", "/pricing"), want: true},
		{name: "wrong order", cond: faqThenPricing, visit: pages("/pricing", "/faq/a"), want: false},
		{name: "one page is one step", cond: `{"journey": {"steps": [{"glob": "/*"}, {"glob": "/*"}]}}`,
			visit: pages("/a"), want: false},
		{name: "no window", cond: `{"journey": {"steps": [{"equals": "/"}, {"equals": "/products/shoes"}]}}`, want: true},
		{name: "three steps", cond: `{"journey": {"steps": [{"equals": "/a"}, {"equals": "/b"}, {"equals": "/c"}]}}`,
			visit: pages("/a", "/c", "/b", "/a", "/c"), want: true},
	})
}

func TestScrollAndExitIntent(t *testing.T) {
	scrolled := func(v *Visit) { v.Scroll = 60 }
	runConds(t, []condCase{
		{name: "scrolled enough", cond: `{"scrollDepth": {"min": 50}}`, visit: scrolled, want: true},
		{name: "not enough", cond: `{"scrollDepth": {"min": 75}}`, visit: scrolled, want: false},
		{name: "top of page", cond: `{"scrollDepth": {"max": 10}}`, want: true},
		{name: "exit intent", cond: `{"exitIntent": true}`, visit: func(v *Visit) { v.ExitIntent = true }, want: true},
		{name: "no exit intent", cond: `{"exitIntent": true}`, want: false},
		{name: "exit intent false", cond: `{"exitIntent": false}`, want: true},
	})
}
