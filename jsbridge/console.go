//go:build js && wasm

package jsbridge

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

// Info logs msg as information, always.
func (c Console) Info(msg string) { c.log("info", msg) }
