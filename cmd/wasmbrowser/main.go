// Command wasmbrowser runs a js/wasm Go test binary in headless Chromium, so
// tests of the browser bridge see a real DOM. Use it as go test's -exec:
//
//	GOOS=js GOARCH=wasm go test -exec="$PWD/bin/wasmbrowser" ./jsbridge/
//
// It serves the binary and Go's wasm_exec.js on 127.0.0.1, runs the binary
// with go test's arguments in a page, copies the program's output to
// stdout, and exits with the program's exit code. LCW_CHROMIUM names the
// browser (default /usr/bin/chromium).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/lcwasm/lcwasm/internal/headless"
)

// timeout bounds one test binary's run, like go test's own default.
const timeout = 10 * time.Minute

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: wasmbrowser test.wasm [test flags]")
		os.Exit(2)
	}
	code, err := run(os.Args[1], os.Args[2:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmbrowser:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

func run(binary string, args []string) (int, error) {
	execJS, err := wasmExecJS()
	if err != nil {
		return 0, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	srv := &http.Server{Handler: handler(binary, execJS)}
	go srv.Serve(ln)
	defer srv.Close()

	path := os.Getenv("LCW_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	ctx, _, stop, err := headless.Start(path, false)
	if err != nil {
		return 0, err
	}
	defer stop()
	ctx, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Listen(ctx, printConsole); err != nil {
		return 0, err
	}
	argv, _ := json.Marshal(append([]string{filepath.Base(binary)}, args...))
	page := "http://" + ln.Addr().String() + "/#" + url.PathEscape(string(argv))
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		return 0, err
	}
	wctx, done := context.WithTimeout(ctx, timeout)
	defer done()
	// Exit code 0 is falsy: poll for a list holding it.
	code, err := chromedp.Run(wctx, chromedp.Poll[[]int](`window.__exitCode !== undefined && [window.__exitCode]`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return 0, err
	}
	return code[0], nil
}

// printConsole copies the page's console (where wasm_exec.js writes the
// program's output) to stdout, and page errors to stderr.
func printConsole(ev any) {
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range e.Args {
			var s string
			if json.Unmarshal(a.Value, &s) != nil {
				s = string(a.Value)
			}
			parts = append(parts, s)
		}
		fmt.Println(strings.Join(parts, " "))
	case *runtime.EventExceptionThrown:
		fmt.Fprintln(os.Stderr, "wasmbrowser: page exception:", e.ExceptionDetails.Text, describe(e.ExceptionDetails))
	}
}

func describe(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

func wasmExecJS() ([]byte, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %w", err)
	}
	return os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js"))
}
