// Package ruleset builds the rule sets the bench evaluates: 10, 100 and 1,000
// rules of a realistic mix of page, time, visit and visitor conditions, and
// the one visit they are evaluated against. The same sets run natively
// (BenchmarkEvaluate in this package) and in Chromium (bench/rulewasm), so
// the two costs compare like for like.
//
// No rule fires for the visit, so every evaluation walks the whole set and
// computes the next deadline: the worst case for a page that has not yet
// earned an invitation. Nothing in a set needs regular expressions or time
// zones, so the zero rules.Decoder decodes it on either platform.
package ruleset
