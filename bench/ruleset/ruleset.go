package ruleset

import (
	"fmt"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// Sizes are the numbers of rules in the measured sets.
var Sizes = []int{10, 100, 1000}

// Now is the instant of every evaluation: 12 seconds into the page view.
var Now = instant.Date(2026, 3, 2, 10, 0, 12, 0)

// Config returns a rules configuration of n rules as a generic tree, as
// JSON.parse would hand it over.
func Config(n int) map[string]any {
	list := make([]any, n)
	for i := range n {
		list[i] = map[string]any{
			"id":         fmt.Sprintf("r%04d", i),
			"priority":   float64(i % 7),
			"conditions": conditions(i),
			"limits":     map[string]any{"once": "session", "perDay": 2.0},
			"invitation": map[string]any{"message": fmt.Sprintf("Questions about offer %d?", i)},
		}
	}
	return map[string]any{"rules": list, "sessionBudget": 3.0, "cooldown": 120.0}
}

// conditions returns the conditions of rule i. Each of the five shapes
// holds for a while and then fails, most on a time or count still to come.
func conditions(i int) []any {
	obj := func(kind string, arg any) any { return map[string]any{kind: arg} }
	switch i % 5 {
	case 0:
		return []any{
			obj("path", map[string]any{"glob": "/products/*"}),
			obj("device", []any{"desktop", "tablet"}),
			obj("timeOnPage", map[string]any{"seconds": float64(30 + i%50), "engaged": true}),
		}
	case 1:
		return []any{
			obj("any", []any{
				obj("utm", map[string]any{"tag": "campaign", "equals": fmt.Sprintf("summer-%d", i)}),
				obj("query", map[string]any{"name": "ref", "equals": "mail"}),
			}),
			obj("scrollDepth", map[string]any{"min": 75.0}),
		}
	case 2:
		return []any{
			obj("journey", map[string]any{"steps": []any{
				map[string]any{"equals": "/"}, map[string]any{"prefix": "/products/"},
			}}),
			obj("pagesViewed", map[string]any{"min": float64(4 + i%3)}),
		}
	case 3:
		return []any{
			obj("attribute", map[string]any{"name": "plan", "in": []any{"silver", "gold"}}),
			obj("not", obj("exitIntent", false)),
		}
	default:
		return []any{
			obj("language", []any{"fr", "de"}),
			obj("visitCount", map[string]any{"min": 2.0}),
			obj("inactive", map[string]any{"seconds": float64(20 + i%40)}),
		}
	}
}

// Visit returns the visit every evaluation reads: a returning desktop
// visitor on a product page, 12 seconds in, scrolled halfway, active.
func Visit() *rules.Visit {
	start := Now.Add(-12 * instant.Second)
	v := &rules.Visit{
		VisitCount: 3,
		LastVisit:  Now.Add(-50 * instant.Hour),
		Device:     rules.Desktop,
		Languages:  []string{"fr-CA", "en"},
		TimeZone:   "UTC",
		Attributes: map[string]any{"plan": "gold", "cases": 2.0},
		Entry:      "https://www.google.com/",
		UTM:        map[string]string{"source": "news", "campaign": "spring"},
	}
	v.SessionStart = Now.Add(-5 * instant.Minute)
	v.StartPage(rules.Page{URL: "https://shop.example/", Path: "/"}, v.SessionStart)
	v.StartPage(rules.Page{
		URL:   "https://shop.example/products/shoes?ref=ads",
		Path:  "/products/shoes",
		Query: map[string]string{"ref": "ads"},
		Title: "Shoes | Shop",
	}, start)
	v.Scroll = 50
	v.Touch(Now.Add(-2 * instant.Second))
	return v
}

// Engine decodes the set of n rules; any decoding problem is an error.
func Engine(n int) (*rules.Engine, error) {
	set, errs := rules.Decode(Config(n))
	if len(errs) > 0 {
		return nil, fmt.Errorf("ruleset: %d rules: %w (and %d more)", n, errs[0], len(errs)-1)
	}
	return rules.NewEngine(set, rules.History{}), nil
}
