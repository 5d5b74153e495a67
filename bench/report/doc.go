// Package report holds the results of one `make bench` run: the types that
// are written as JSON, the summary statistics, the goals of issue 5 checked
// against the figures, and the text report printed on the terminal.
//
// Times are milliseconds, sizes bytes, growth percent. A section that could
// not be measured carries a Status saying why instead of zero figures, so a
// reader of the JSON never mistakes "not measured" for "free".
package report
