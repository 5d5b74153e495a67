package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scenarioDir holds Microsoft's eight "Start a chat proactively" scenarios
// as rules configuration (rules/testdata/scenarios, also in docs/rules.md).
const scenarioDir = "../rules/testdata/scenarios"

// scenario reads a scenario's configuration and adapts it to the suite:
// durations are ten times shorter (20 s becomes 2 s), page paths move under
// /e2e/rules/ where the fixture pages are, and adapt, when given, changes
// the rest.
func scenario(t *testing.T, file string, adapt func(doc map[string]any)) (doc map[string]any, rules string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(scenarioDir, file))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &doc))
	walk(doc, func(m map[string]any) {
		if s, ok := m["seconds"].(float64); ok {
			m["seconds"] = s / 10
		}
		if p, ok := m["path"].(map[string]any); ok {
			for _, op := range []string{"equals", "prefix", "glob"} {
				if v, ok := p[op].(string); ok && strings.HasPrefix(v, "/") {
					p[op] = "/e2e/rules" + v
				}
			}
		}
	})
	if adapt != nil {
		adapt(doc)
	}
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	return doc, string(out)
}

// walk calls fn on every object of a JSON tree.
func walk(v any, fn func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		fn(v)
		for _, c := range v {
			walk(c, fn)
		}
	case []any:
		for _, c := range v {
			walk(c, fn)
		}
	}
}

// message is the invitation message of the scenario's rule i.
func message(doc map[string]any, i int) string {
	r := doc["rules"].([]any)[i].(map[string]any)
	return r["invitation"].(map[string]any)["message"].(string)
}

// TestRulesScenarios: each of Microsoft's eight scenarios, written as
// configuration, fires in Chromium under its circumstances.
func TestRulesScenarios(t *testing.T) {
	t.Parallel()
	t.Run("1 product page for 20 s", func(t *testing.T) {
		t.Parallel()
		doc, rules := scenario(t, "1-wait-20s.json", nil)
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.open("products/surface.html")
		shown := tb.waitRule("wait-20s")
		assert.GreaterOrEqual(t, shown.T, 2000.0)
		assert.Equal(t, message(doc, 0), tb.body())
	})
	t.Run("2 third visit", func(t *testing.T) {
		t.Parallel()
		_, rules := scenario(t, "2-third-visit.json", nil)
		w := withRules(t, rules, "")
		tb := newRulesTab(t, w)
		tb.open("page.html")
		tb.quietUntil(tb.readyAt()+800, "a first visit")
		assert.False(t, tb.explainRule("third-visit").Holds)

		last := time.Now().Add(-2 * 24 * time.Hour)
		tb.seedJourney(w.App, pastJourney{Visits: 2, VisitStart: last, LastVisit: last.Add(-24 * time.Hour), LastSeen: last})
		tb.open("page.html")
		shown := tb.waitRule("third-visit")
		assert.GreaterOrEqual(t, shown.T, 500.0)
	})
	t.Run("3 open case", func(t *testing.T) {
		t.Parallel()
		_, rules := scenario(t, "3-open-case.json", nil)
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.open("support/case.html")
		tb.eval(sdk + `.setAudienceAttributes({caseId: "CAS-01234-Z9"})`)
		shown := tb.waitRule("open-case")
		assert.GreaterOrEqual(t, shown.T, 1000.0)
		assert.Contains(t, tb.body(), "The status of the case: CAS-01234-Z9 is in progress.")
	})
	t.Run("4 exit intent after 15 s", func(t *testing.T) {
		t.Parallel()
		_, rules := scenario(t, "4-exit-intent.json", nil)
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.open("page.html")
		tb.mouseTo(300, 200)
		tb.quietUntil(tb.readyAt()+1600, "15 s (1.5 s) on the page, but no exit intent")
		tb.mouseTo(300, 20)
		tb.mouseTo(300, -10)
		tb.waitRule("exit-intent")
		tb.decline()

		tb.reload()
		tb.mouseTo(300, 200)
		tb.waitPageTime(tb.readyAt() + 1600)
		tb.mouseTo(300, 20)
		tb.mouseTo(300, -10)
		tb.quietFor(300, "once per session")
		assert.True(t, tb.explainRule("exit-intent").Holds, "its conditions hold again")
	})
	t.Run("5 came from the FAQ", func(t *testing.T) {
		t.Parallel()
		_, rules := scenario(t, "5-from-faq.json", nil)
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.openFrom("page.html", "https://www.contoso.com/FAQ/shipping-times")
		shown := tb.waitRule("from-faq")
		assert.GreaterOrEqual(t, shown.T, 1500.0)
	})
	t.Run("6 country from the page", func(t *testing.T) {
		t.Parallel()
		_, rules := scenario(t, "6-country.json", nil)
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.open("page.html")
		tb.quietFor(200, "no country yet, and an English browser")
		tb.eval(sdk + `.setContextProvider(() => ({country: {value: "Ruritania", isDisplayable: true}}))`)
		tb.waitRule("ruritania")
	})
	t.Run("6 Austrian German browser", func(t *testing.T) {
		t.Parallel()
		doc, rules := scenario(t, "6-country.json", nil)
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.emulate(machine{languages: "de-AT,de"})
		tb.open("page.html")
		tb.waitRule("austria")
		assert.Equal(t, message(doc, 1), tb.body())
	})
	t.Run("7 date window", func(t *testing.T) {
		t.Parallel()
		ny, err := time.LoadLocation("America/New_York")
		require.NoError(t, err)
		today := time.Now().In(ny)
		day := today.Format("2006-01-02")
		published := day >= "2026-11-27" && day <= "2026-12-24"
		_, rules := scenario(t, "7-date-window.json", func(doc map[string]any) {
			list := doc["rules"].([]any)
			orig := list[0].(map[string]any)
			// As published, as a probe (the dates hold or not today).
			var asPublished map[string]any
			raw, _ := json.Marshal(orig)
			_ = json.Unmarshal(raw, &asPublished)
			asPublished["id"] = "as-published"
			var blocker any
			_ = json.Unmarshal([]byte(never), &blocker)
			asPublished["conditions"] = append(asPublished["conditions"].([]any), blocker)
			// The window moved to include today in New York.
			walk(orig, func(m map[string]any) {
				if d, ok := m["dates"].(map[string]any); ok {
					d["from"] = today.AddDate(0, 0, -1).Format("2006-01-02")
					d["to"] = today.AddDate(0, 0, 1).Format("2006-01-02")
				}
			})
			doc["rules"] = append(list, asPublished)
		})
		tb := newRulesTab(t, withRules(t, rules, ""))
		tb.open("page.html")
		tb.waitRule("festive-sale")
		assert.Equal(t, published, tb.probeHolds("as-published"),
			"the published window 2026-11-27..2026-12-24 (New York) holds on %s", day)
	})
	t.Run("8 with prechat", func(t *testing.T) {
		t.Parallel()
		_, rules := scenario(t, "8-with-prechat.json", nil)
		tb := newRulesTab(t, withRules(t, rules, `{"prechat": {"fields": [
			{"name": "name", "label": "Your name", "type": "text", "required": true}]}}`))
		tb.open("page.html")
		tb.waitRule("with-prechat")
		tb.click(idStart)
		accepted := tb.waitEvent("lcw:proactiveChatAccepted")
		assert.Equal(t, "with-prechat", accepted.Detail["ruleId"])
		tb.waitShown(idPrechat)
		assert.Contains(t, tb.text(idPrechat), "Your name")
	})
}
