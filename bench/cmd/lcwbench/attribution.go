package main

import (
	"cmp"
	"slices"
	"strings"

	"github.com/lcwasm/lcwasm/bench/report"
)

// longScript is one script of a long animation frame, as hook.js keeps it.
type longScript struct {
	Start    float64 `json:"start"`
	Duration float64 `json:"duration"`
	Invoker  string  `json:"invoker"`
	Type     string  `json:"type"`
	Source   string  `json:"source"`
}

// maxScripts is how many kinds of script the report lists per variant.
const maxScripts = 6

// scriptCosts groups scripts by kind, with the server's base URL cut out
// of their names, and returns the costliest kinds first.
func scriptCosts(scripts []longScript, base string) []report.ScriptCost {
	byKind := map[string]*report.ScriptCost{}
	for _, s := range scripts {
		kind := strings.ReplaceAll(s.Type+": "+s.Invoker+" ("+s.Source+")", base, "")
		c := byKind[kind]
		if c == nil {
			c = &report.ScriptCost{Script: kind}
			byKind[kind] = c
		}
		c.Count++
		c.Total += s.Duration
		c.Max = max(c.Max, s.Duration)
	}
	var out []report.ScriptCost
	for _, c := range byKind {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b report.ScriptCost) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), strings.Compare(a.Script, b.Script))
	})
	return out[:min(len(out), maxScripts)]
}
