package rules_test

import (
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/lcwasm/lcwasm/internal/hours/systemzones"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/rules"
)

// parse stands for the browser's JSON.parse.
func parse(src string) any {
	var tree any
	if err := json.Unmarshal([]byte(src), &tree); err != nil {
		panic(err)
	}
	return tree
}

var start = instant.Date(2026, 3, 2, 10, 0, 0, 0)

func ExampleDecode() {
	set, errs := rules.Decode(parse(`{"rules": [
		{"id": "pricing", "conditions": [{"path": {"prefix": "/pricing"}}, {"timeOnPage": {"seconds": -5}}]},
		{"id": "help", "conditions": [{"path": {"glob": "/help/**"}}, {"scrollDepht": {"min": 50}}]},
		{"id": "docs", "conditions": [{"path": {"glob": "/docs/**"}}]}]}`))
	for _, err := range errs {
		fmt.Println(err)
	}
	fmt.Println("enabled:", set.Rules())
	// Output:
	// rules: rule "pricing": conditions[1].timeOnPage: want seconds >= 0
	// rules: rule "help": conditions[1]: unknown condition "scrollDepht"
	// enabled: [docs]
}

// Scenario 1 of Microsoft's "Start a chat proactively": invite after 20
// seconds on a product page. The browser arms one timer for Next.
func ExampleEngine_Evaluate() {
	set, _ := rules.Decode(parse(`{"rules": [{"id": "wait-20s",
		"conditions": [{"path": {"glob": "/products/**"}}, {"timeOnPage": {"seconds": 20}}],
		"invitation": {"message": "Hi! Just checking in to see if I can help.", "showPrechat": false}}]}`))
	e := rules.NewEngine(set, rules.History{})
	var v rules.Visit
	v.StartPage(rules.Page{URL: "https://www.contoso.com/products/surface", Path: "/products/surface"}, start)

	d := e.Evaluate(&v, start)
	fmt.Printf("at load: rule %q, evaluate again at +%v\n", d.Rule, d.Next.Sub(start))

	d = e.Evaluate(&v, d.Next)
	fmt.Printf("at +20s: rule %q says %q (prechat %v)\n", d.Rule, d.Invitation.Message, d.Invitation.ShowPrechat)

	e.Record(d.Rule, rules.Shown, start.Add(20*instant.Second))
	e.Record(d.Rule, rules.TimedOut, start.Add(80*instant.Second))
	d = e.Evaluate(&v, start.Add(90*instant.Second))
	fmt.Printf("after it timed out: rule %q, timer needed %v\n", d.Rule, !d.Next.IsZero())
	// Output:
	// at load: rule "", evaluate again at +20s
	// at +20s: rule "wait-20s" says "Hi! Just checking in to see if I can help." (prechat false)
	// after it timed out: rule "", timer needed false
}

func ExampleEngine_Explain() {
	set, _ := rules.Decode(parse(`{"sessionBudget": 1, "rules": [{"id": "leaving",
		"conditions": [{"timeOnPage": {"seconds": 15}}, {"exitIntent": true}],
		"limits": {"once": "session", "cooldown": 600}}]}`))
	e := rules.NewEngine(set, rules.History{})
	var v rules.Visit
	v.StartPage(rules.Page{Path: "/kb"}, start)
	v.ExitIntent = true

	for _, x := range e.Explain(&v, start.Add(5*instant.Second)) {
		fmt.Printf("%s: holds %v, fires %v, could fire at +%v\n", x.Rule, x.Holds, x.Fires, x.Next.Sub(start))
		for _, c := range append(x.Conditions, x.Limits...) {
			fmt.Printf("  %-25s %v\n", c.Path, c.Holds)
		}
	}
	// Output:
	// leaving: holds false, fires false, could fire at +15s
	//   conditions[0].timeOnPage  false
	//   conditions[1].exitIntent  true
	//   limits.once               true
	//   sessionBudget             true
}

// A native program injects Go's regexp and zone database; the browser
// injects RegExp and Intl.DateTimeFormat instead.
func ExampleDecoder() {
	dec := rules.Decoder{
		Compile: func(p string) (rules.Regexp, error) { return regexp.Compile(p) },
		Zones:   &systemzones.Zones{},
	}
	set, errs := dec.Decode(parse(`{"rules": [{"id": "office-hours",
		"conditions": [
			{"url": {"regex": "^https://[^/]+/(pricing|plans)"}},
			{"timeFrame": {"zone": "America/New_York", "days": ["mon-fri"], "hours": ["09:00-17:00"]}}]}]}`))
	fmt.Println(len(errs), "errors")
	v := rules.Visit{Page: rules.Page{URL: "https://shop.example/pricing"}, TimeZone: "Europe/Paris"}
	d := rules.NewEngine(set, rules.History{}).Evaluate(&v, start) // 05:00 in New York
	fmt.Printf("rule %q, evaluate again at %s %s UTC\n", d.Rule, d.Next.DateString(), d.Next.ClockString())
	// Output:
	// 0 errors
	// rule "", evaluate again at 2026-03-02 14:00:00 UTC
}

func ExampleHistory_Tree() {
	e := rules.NewEngine(nil, rules.History{})
	e.Record("pricing", rules.Shown, start)
	e.Record("pricing", rules.Declined, start.Add(4*instant.Second))
	b, _ := json.Marshal(e.History().Tree()) // the browser: JSON.stringify into localStorage
	fmt.Println(string(b))

	h, err := rules.HistoryFromTree(parse(string(b))) // and JSON.parse on the next page
	fmt.Println(len(h.Events), err)
	// Output:
	// [{"at":1772445600000,"outcome":"shown","rule":"pricing"},{"at":1772445604000,"outcome":"declined","rule":"pricing"}]
	// 2 <nil>
}
