// Command rulewasm measures rule evaluation in the browser: a js/wasm main
// that evaluates the bench/ruleset sets (10, 100 and 1,000 rules) in a loop
// with the same code as the native benchmark, then hands the costs to the
// page as window.__benchRules (a list of {rules, iterations, nsPerOp}) and
// dispatches bench:rules; on failure it sets window.__benchRulesError.
//
// Go's clock in the browser is performance.now(), which Chromium coarsens
// to 100 µs on a page that is not cross-origin isolated, so every round
// runs for at least 100 ms; the cheapest of five rounds is reported, as
// noise on a busy machine only ever adds time.
package main
