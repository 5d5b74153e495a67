//go:build js && wasm

package jsbridge

import (
	"syscall/js"

	"github.com/hack-pad/safejs"
)

// Console writes to the page's console. Debug lines appear only when
// Verbose (data-lcw-version="test").
type Console struct{ Verbose bool }

func (c Console) log(level, msg string) { _, _ = console.Call(level, msg) }

// Debug logs msg when verbose.
func (c Console) Debug(msg string) {
	if c.Verbose {
		c.log("info", msg)
	}
}

// Warn logs msg as a warning.
func (c Console) Warn(msg string) { c.log("warn", msg) }

// Error logs msg as an error.
func (c Console) Error(msg string) { c.log("error", msg) }

// ErrorText describes an error of a JavaScript call as the console shows
// an exception: "QuotaExceededError: the quota has been exceeded".
// It unwraps by hand: errors.As would link reflection, 13 KB of gzip.
func ErrorText(err error) string {
	for e := err; e != nil; {
		if je, ok := e.(js.Error); ok {
			name, msg := str(get(safejs.Safe(je.Value), "name")), str(get(safejs.Safe(je.Value), "message"))
			if name != "" && msg != "" {
				return name + ": " + msg
			}
			break
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
	return err.Error()
}

// warned holds the keys WarnOnce has warned about.
var warned = map[string]bool{}

// WarnOnce logs msg as a warning the first time it is called with key, for
// a page that lacks something the widget can do without: it says so once,
// not at every use.
func (c Console) WarnOnce(key, msg string) {
	if !warned[key] {
		warned[key] = true
		c.Warn(msg)
	}
}

// Info logs msg as information, always.
func (c Console) Info(msg string) { c.log("info", msg) }
