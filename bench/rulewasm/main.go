//go:build js && wasm

package main

import (
	"time"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/bench/ruleset"
)

const (
	minIter = 2000
	rounds  = 5
	minTime = 100 * time.Millisecond
)

func main() {
	if err := run(); err != nil {
		if rerr := report("__benchRulesError", "rulewasm: "+err.Error()); rerr != nil {
			println("rulewasm:", err.Error(), "(and reporting it failed:", rerr.Error()+")")
		}
	}
}

func run() error {
	var costs []any
	for _, n := range ruleset.Sizes {
		c, err := ruleset.Measure(n, minIter, rounds, minTime)
		if err != nil {
			return err
		}
		costs = append(costs, map[string]any{
			"rules": c.Rules, "iterations": c.Iterations, "nsPerOp": c.NsPerOp,
		})
	}
	return report("__benchRules", costs)
}

// report sets window[name] to v and dispatches bench:rules.
func report(name string, v any) error {
	win := safejs.Global()
	jv, err := safejs.ValueOf(v)
	if err != nil {
		return err
	}
	if err := win.Set(name, jv); err != nil {
		return err
	}
	ctor, err := win.Get("CustomEvent")
	if err != nil {
		return err
	}
	ev, err := ctor.New("bench:rules")
	if err != nil {
		return err
	}
	_, err = win.Call("dispatchEvent", ev)
	return err
}
