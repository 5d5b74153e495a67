package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// recorderJS runs in every tab before the page's own scripts.
//
//go:embed testdata/recorder.js
var recorderJS string

// The SDK namespace, as a page script spells it.
const (
	lcwNS = "window.Microsoft.Omnichannel.LiveChatWidget"
	sdk   = lcwNS + ".SDK"
)

// Timeouts for waiting on page conditions and for one CDP call.
const (
	waitTimeout = 20 * time.Second
	callTimeout = 30 * time.Second
)

// tab is one browser tab of one test. Its pageLog records the uncaught
// exceptions and the console messages of its page.
type tab struct {
	t   *testing.T
	ctx context.Context
	log *pageLog
}

// pageLog is what a tab's page reported, written from the tab's event loop.
type pageLog struct {
	mu         sync.Mutex
	console    []consoleMessage
	exceptions []string
}

// consoleMessage is one console API call: its type ("log", "warning",
// "error", ...) and its arguments joined by spaces.
type consoleMessage struct {
	Type string
	Text string
}

// newTab opens a blank tab in the shared browser with the event recorder
// installed. The test fails if the page throws an uncaught exception at any
// time; the tab closes when the test ends.
func newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx, log: &pageLog{}}
	if err := chromedp.Listen(ctx, tb.log.record); err != nil {
		t.Fatalf("e2e: listening to the tab: %v", err)
	}
	tb.addScript(recorderJS)
	t.Cleanup(tb.checkExceptions)
	return tb
}

// addScript makes src run in every document the tab loads from now on,
// before the page's own scripts.
func (tb *tab) addScript(src string) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	})
}

// openPage opens a tab on a fixture page of testdata/ and waits for lcw:ready.
func openPage(t *testing.T, name string) *tab {
	t.Helper()
	tb := newTab(t)
	tb.navigate("/e2e/" + name)
	tb.waitReady()
	return tb
}

// in returns the same tab for use by the subtest t.
func (tb *tab) in(t *testing.T) *tab {
	return &tab{t: t, ctx: tb.ctx, log: tb.log}
}

// record runs in the tab's event loop: it must return fast.
func (l *pageLog) record(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		l.mu.Lock()
		l.exceptions = append(l.exceptions, exceptionText(ev.ExceptionDetails))
		l.mu.Unlock()
	case *runtime.EventConsoleAPICalled:
		m := consoleMessage{Type: string(ev.Type), Text: argsText(ev.Args)}
		l.mu.Lock()
		l.console = append(l.console, m)
		l.mu.Unlock()
	}
}

func (tb *tab) checkExceptions() {
	for _, e := range tb.log.takeExceptions() {
		tb.t.Errorf("uncaught exception in the page: %s", e)
	}
}

// takeExceptions returns and forgets the exceptions recorded so far.
func (l *pageLog) takeExceptions() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.exceptions
	l.exceptions = nil
	return e
}

// call runs f with a context bounded by callTimeout and fails the test on error.
func (tb *tab) call(f func(ctx context.Context) error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, callTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		tb.t.Fatalf("e2e: %v", err)
	}
}

// do runs actions in the tab and fails the test on error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error { return chromedp.Do(ctx, actions...) })
}

// navigate loads a path of the suite's server and waits for the load event.
func (tb *tab) navigate(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(baseURL + path))
}

// waitReady waits for lcw:ready and the readiness flag. On a timeout it
// logs what the page said, to tell a slow page from a broken one.
func (tb *tab) waitReady() {
	tb.t.Helper()
	tb.t.Cleanup(func() {
		if tb.t.Failed() && len(tb.consoleMessages()) > 0 {
			tb.t.Logf("console of the page: %q", tb.consoleMessages())
		}
	})
	waitJS(tb.t, tb.ctx, `__e2e.events("lcw:ready").length > 0 && `+
		lcwNS+`.isReady === true`, waitTimeout)
}

// eval evaluates a JS expression for its side effects.
func (tb *tab) eval(expr string) {
	tb.t.Helper()
	tb.do(chromedp.Evaluate[chromedp.Void](expr))
}

// evalJS evaluates expr in the page (awaiting a promise) and decodes the
// result into T; it fails the test on a JS exception or a decode error.
func evalJS[T any](tb *tab, expr string) T {
	tb.t.Helper()
	var v T
	tb.call(func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			return fmt.Errorf("evaluating %s: %w", expr, err)
		}
		return nil
	})
	return v
}

// waitJS polls the JS boolean expression expr every 20 ms until it is true,
// and fails the test with the last value when timeout passes first.
func waitJS(t *testing.T, ctx context.Context, expr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last any
	var lastErr error
	for {
		cctx, cancel := context.WithTimeout(ctx, callTimeout)
		v, err := chromedp.Run(cctx, chromedp.Evaluate[any](expr))
		cancel()
		if err == nil && v == true {
			return
		}
		last, lastErr = v, err
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s: last value %v, error %v",
				timeout, expr, last, lastErr)
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not a wait for an outcome
	}
}

// consoleMark is the number of console messages seen so far; pass it to
// waitConsole to look only at later messages.
func (tb *tab) consoleMark() int {
	return len(tb.consoleMessages())
}

// waitConsole waits for a console message of type typ ("error", "warning"),
// logged after mark, whose text contains every one of parts (compared
// without case), and returns it.
func (tb *tab) waitConsole(typ string, mark int, parts ...string) consoleMessage {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		for _, m := range tb.consoleMessages()[mark:] {
			if m.Type == typ && containsAll(strings.ToLower(m.Text), parts) {
				return m
			}
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("no console.%s containing %q within %v; console: %q",
				typ, parts, waitTimeout, tb.consoleMessages())
		}
		time.Sleep(20 * time.Millisecond) // polling interval
	}
}

func (tb *tab) consoleMessages() []consoleMessage {
	tb.log.mu.Lock()
	defer tb.log.mu.Unlock()
	return append([]consoleMessage(nil), tb.log.console...)
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, strings.ToLower(p)) {
			return false
		}
	}
	return true
}

// argsText joins the console arguments the way a console shows them.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		var s string
		switch {
		case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &s) == nil:
			parts = append(parts, s)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
		default:
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

func exceptionText(d *runtime.ExceptionDetails) string {
	msg := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		msg += " " + d.Exception.Description
	}
	return fmt.Sprintf("%s (%s:%d:%d)", msg, d.URL, d.LineNumber+1, d.ColumnNumber+1)
}
