package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// newVisitor is a first-time English visitor who has just opened a page.
func newVisitor(path string) *Visit {
	return &Visit{
		Page:         Page{URL: "https://www.contoso.com" + path, Path: path, Title: "Contoso"},
		PageStart:    t0,
		LastActivity: t0,
		SessionStart: t0,
		PageCount:    1,
		Pages:        []PageView{{Path: path, Start: t0}},
		VisitCount:   1,
		Device:       Desktop,
		Languages:    []string{"en-US"},
		TimeZone:     "America/New_York",
	}
}

// TestScenarios decodes Microsoft's eight "Start a chat proactively"
// scenarios, written as configuration under testdata/scenarios, and
// evaluates each against visitors who should and should not be invited.
func TestScenarios(t *testing.T) {
	s := instant.Second
	cases := []struct {
		file, name string
		path       string
		visit      func(v *Visit)
		at         instant.Duration
		rule       string           // "" when no invitation is due
		next       instant.Duration // Decision.Next (0: none)
		message    string           // expected message, when it needs expanding
	}{
		{file: "1-wait-20s.json", name: "too early", path: "/products/surface-book", at: 19 * s, next: 20 * s},
		{file: "1-wait-20s.json", name: "20 seconds", path: "/products/surface-book", at: 20 * s, rule: "wait-20s"},
		{file: "1-wait-20s.json", name: "not a product page", path: "/about", at: 60 * s},
		{file: "2-third-visit.json", name: "second visit", path: "/forums", visit: visits(2), at: 10 * s},
		{file: "2-third-visit.json", name: "third visit, early", path: "/forums", visit: visits(3), at: 2 * s, next: 5 * s},
		{file: "2-third-visit.json", name: "third visit", path: "/forums", visit: visits(3), at: 5 * s, rule: "third-visit"},
		{file: "3-open-case.json", name: "no open case", path: "/support/surface", at: 10 * s},
		{file: "3-open-case.json", name: "open case", path: "/support/surface", visit: attr("caseId", "CAS-01234"), at: 10 * s,
			rule: "open-case", message: "Hi! How are you doing today? The status of the case: CAS-01234 is in progress. Would you like to get more details?"},
		{file: "4-exit-intent.json", name: "staying", path: "/kb", at: 30 * s},
		{file: "4-exit-intent.json", name: "leaving early", path: "/kb", visit: leaving, at: 5 * s, next: 15 * s},
		{file: "4-exit-intent.json", name: "leaving", path: "/kb", visit: leaving, at: 16 * s, rule: "exit-intent"},
		{file: "5-from-faq.json", name: "from the FAQ", path: "/kb/battery", visit: referred("https://www.contoso.com/FAQ/battery"), at: 15 * s, rule: "from-faq"},
		{file: "5-from-faq.json", name: "from the FAQ, early", path: "/kb/battery", visit: referred("https://www.contoso.com/faq/"), at: 3 * s, next: 15 * s},
		{file: "5-from-faq.json", name: "from elsewhere", path: "/kb/battery", visit: referred("https://www.bing.com/search?q=faq"), at: 15 * s},
		{file: "6-country.json", name: "in Ruritania", path: "/", visit: attr("country", "Ruritania"), rule: "ruritania"},
		{file: "6-country.json", name: "Austrian German", path: "/", visit: func(v *Visit) { v.Languages = []string{"de-AT", "de"} }, rule: "austria"},
		{file: "6-country.json", name: "elsewhere", path: "/", visit: attr("country", "Freedonia")},
		{file: "7-date-window.json", name: "before the sale", path: "/", next: utc(2026, 11, 27, 5, 0)},
		{file: "7-date-window.json", name: "during the sale", path: "/", at: utc(2026, 12, 24, 23, 0), rule: "festive-sale", next: utc(2026, 12, 25, 5, 0)},
		{file: "7-date-window.json", name: "after the sale", path: "/", at: utc(2026, 12, 25, 5, 0)},
		{file: "8-with-prechat.json", name: "at once", path: "/", rule: "with-prechat"},
	}
	for _, tc := range cases {
		t.Run(tc.file+"/"+tc.name, func(t *testing.T) {
			set := decodeFile(t, tc.file)
			v := newVisitor(tc.path)
			if tc.visit != nil {
				tc.visit(v)
			}
			d := NewEngine(set, History{}).Evaluate(v, t0.Add(tc.at))
			if d.Rule != tc.rule || !d.Next.Equal(at(tc.next)) {
				t.Fatalf("Rule %q, Next %v; want %q, %v", d.Rule, d.Next, tc.rule, at(tc.next))
			}
			if tc.message != "" && d.Invitation.Message != tc.message {
				t.Errorf("message %q, want %q", d.Invitation.Message, tc.message)
			}
			if tc.rule != "" && d.Invitation.ShowPrechat != (tc.rule == "with-prechat") {
				t.Errorf("showPrechat = %v", d.Invitation.ShowPrechat)
			}
		})
	}
}

func decodeFile(t *testing.T, name string) *Set {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "scenarios", name))
	if err != nil {
		t.Fatal(err)
	}
	return mustDecode(t, string(b))
}

func visits(n int) func(*Visit) {
	return func(v *Visit) { v.VisitCount, v.LastVisit = n, t0.Add(-72*instant.Hour) }
}

func attr(name string, value any) func(*Visit) {
	return func(v *Visit) { v.Attributes = map[string]any{name: value} }
}

func referred(url string) func(*Visit) { return func(v *Visit) { v.Referrer = url } }

func leaving(v *Visit) { v.ExitIntent = true }
