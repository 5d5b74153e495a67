package rules

import (
	"strconv"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// ruleTemplates mix the condition kinds a site would use; %d becomes the
// rule's number. Against baseVisit at t0+5s none of them fires, so Evaluate
// looks at every rule: the worst case.
var ruleTemplates = []string{
	`[{"path": {"glob": "/products/*"}}, {"timeOnPage": {"seconds": 2%d}}]`,
	`[{"referrerHost": {"equals": "partner%d.example"}}, {"timeOnPage": {"seconds": 10}}]`,
	`[{"any": [{"exitIntent": true}, {"scrollDepth": {"min": 90}}]}, {"attribute": {"name": "plan", "equals": "p%d"}}]`,
	`[{"timeFrame": {"zone": "Europe/Paris", "days": ["sat-sun"], "hours": ["09:00-17:00"]}}, {"title": {"contains": "%d"}}]`,
	`[{"journey": {"steps": [{"prefix": "/faq"}, {"equals": "/pricing/%d"}], "withinMinutes": 10}}]`,
	`[{"visitCount": {"min": 5}}, {"language": ["de"]}, {"timeOnSite": {"seconds": 9%d}}]`,
	`[{"query": {"name": "utm_source", "equals": "ads%d"}}]`,
	`[{"elementVisible": {"selector": "#section-%d", "seconds": 5}}]`,
	`[{"timeOnSite": {"seconds": 600, "engaged": true}}, {"not": {"device": "phone"}}]`,
	`[{"url": {"regex": "^https://shop\\.example/checkout/%d"}}, {"inactive": {"seconds": 30}}]`,
}

// benchConfig builds a configuration of n rules.
func benchConfig(n int) string {
	var b strings.Builder
	b.WriteString(`{"sessionBudget": 3, "rules": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		conds := strings.ReplaceAll(ruleTemplates[i%len(ruleTemplates)], "%d", strconv.Itoa(i))
		b.WriteString(`{"id": "rule-` + strconv.Itoa(i) + `", "priority": ` + strconv.Itoa(i%7) +
			`, "conditions": ` + conds + `, "limits": {"once": "session", "cooldown": 600}}`)
	}
	b.WriteString("]}")
	return b.String()
}

func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run("rules="+strconv.Itoa(n), func(b *testing.B) {
			e := NewEngine(mustDecode(b, benchConfig(n)), History{})
			e.Record("rule-3", Declined, t0.Add(-instant.Hour))
			v := baseVisit()
			v.Engaged = Engaged{Page: instant.Second, Site: instant.Minute, Since: t0}
			now := t0.Add(5 * instant.Second)
			if d := e.Evaluate(v, now); d.Rule != "" || d.Next.IsZero() {
				b.Fatalf("benchmark decision %+v: want none, with a deadline", d)
			}
			b.ReportAllocs()
			for b.Loop() {
				e.Evaluate(v, now)
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	tree := parse(b, benchConfig(100))
	b.ReportAllocs()
	for b.Loop() {
		testDecoder.Decode(tree)
	}
}

func BenchmarkExplain(b *testing.B) {
	e := NewEngine(mustDecode(b, benchConfig(100)), History{})
	v := baseVisit()
	b.ReportAllocs()
	for b.Loop() {
		e.Explain(v, t0)
	}
}
