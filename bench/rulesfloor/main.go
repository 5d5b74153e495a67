//go:build js && wasm

package main

import (
	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/jsbridge"
	"github.com/lcwasm/lcwasm/rules"
)

func main() {
	if err := start(); err != nil {
		println("rulesfloor: " + err.Error())
	}
	select {} // keep serving the registered function
}

// start registers window.lcwRulesFloorEvaluate(json).
func start() error {
	f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		if len(args) != 1 {
			return "rulesfloor: want one argument, the rule set as JSON"
		}
		return evaluate(args[0])
	})
	if err != nil {
		return err
	}
	return safejs.Global().Set("lcwRulesFloorEvaluate", f)
}

// evaluate decodes the rule set in arg and evaluates it once for a visit
// that starts now on this page: the id of the rule that fires, "" for none,
// or the first error.
func evaluate(arg safejs.Value) string {
	text, err := arg.String()
	if err != nil {
		return "rulesfloor: " + err.Error()
	}
	tree, err := jsbridge.ParseJSON(text)
	if err != nil {
		return err.Error()
	}
	set, errs := rules.Decode(tree)
	if len(errs) > 0 {
		return errs[0].Error()
	}
	now := jsbridge.Now()
	var v rules.Visit
	v.StartPage(jsbridge.CurrentPage(""), now)
	return rules.NewEngine(set, rules.History{}).Evaluate(&v, now).Rule
}
