// Command rulesfloor is the floor program (bench/floor) plus the least of
// the widget's own work: it registers window.lcwRulesFloorEvaluate, which
// parses a rule set with the browser's JSON.parse (jsbridge), decodes it
// with the rules package, starts a visit on the current page and evaluates
// it once, returning the rule that fires. No invitation, no view, no SDK,
// no conversation.
//
// The bench (bench/cmd/lcwbench) builds it with the bundle's flags and
// reports its brotli size beside the floor's: it is what the rules engine
// alone adds to Go's runtime, a lower bound for any bundle that decides
// invitations in the browser. It is built and measured, never served.
package main
