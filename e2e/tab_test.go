package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// newTab opens a blank tab in a browser context of its own (its own
// localStorage, cookies, cache and BroadcastChannel: no other test's
// visitor, chat or invitation history reaches it) with the event recorder
// installed. The test fails if the page throws an uncaught exception at any
// time; the tab closes when the test ends. Sharing is the opt-in: a second
// tab of the same visitor is openTab(t, tb.ctx) (or tb.sibling), and
// openTab(t, browserCtx) opens one in the browser's default context, which
// every test that asks for it shares.
func newTab(t *testing.T) *tab {
	t.Helper()
	return openTab(t, browserCtx, chromedp.WithNewBrowserContext())
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
			t.Fatalf("timed out after %v waiting for %s: last value %v, error %v; the page: %s",
				timeout, expr, last, lastErr, pageState(ctx))
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not a wait for an outcome
	}
}

// pageState describes the page in ctx for a failure message: its
// address, its focused element and the start of its visible text, so that
// a timeout says where the page was instead of only what it was not.
func pageState(ctx context.Context) string {
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	v, err := chromedp.Run(cctx, chromedp.Evaluate[string](`(() => {
		const text = (document.body?.innerText || "").replace(/\s+/g, " ").slice(0, 600);
		const a = document.activeElement;
		return location.href + " | readyState " + document.readyState + " | focus " +
			(a ? a.tagName + (a.id ? "#" + a.id : "") : "none") + " | text: " + text;
	})()`))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return v
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

// lcwEvent is one recorded lcw:* event: its type, a JSON copy of its detail,
// and performance.now() when it fired.
type lcwEvent struct {
	Type   string         `json:"type"`
	Detail map[string]any `json:"detail"`
	T      float64        `json:"t"`
}

// point is a position in the viewport, in CSS pixels.
type point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// events returns the recorded events, all of them or only those of the
// given types, in the order they fired.
func (tb *tab) events(types ...string) []lcwEvent {
	tb.t.Helper()
	all := evalJS[[]lcwEvent](tb, `window.__lcwEvents`)
	if len(types) == 0 {
		return all
	}
	var out []lcwEvent
	for _, e := range all {
		for _, typ := range types {
			if e.Type == typ {
				out = append(out, e)
			}
		}
	}
	return out
}

// waitEvent waits until an event of type typ has fired and returns the first.
func (tb *tab) waitEvent(typ string) lcwEvent {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`__e2e.events(%q).length > 0`, typ), waitTimeout)
	return tb.events(typ)[0]
}

// shown reports whether the shadow-root element id is rendered.
func (tb *tab) shown(id string) bool {
	tb.t.Helper()
	return evalJS[bool](tb, fmt.Sprintf(`__e2e.shown(%q)`, id))
}

// waitShown and waitGone wait for the shadow-root element id to be rendered,
// or to be absent or not rendered.
func (tb *tab) waitShown(id string) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`__e2e.shown(%q)`, id), waitTimeout)
}

func (tb *tab) waitGone(id string) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`!__e2e.shown(%q)`, id), waitTimeout)
}

// text is the textContent of a shadow-root element ("" when absent).
func (tb *tab) text(id string) string {
	tb.t.Helper()
	return evalJS[string](tb, fmt.Sprintf(`__e2e.text(%q) ?? ""`, id))
}

// settle waits for two frames and a macrotask in the page.
func (tb *tab) settle() {
	tb.t.Helper()
	evalJS[bool](tb, `__e2e.settle()`)
}

// click sends a real mouse click to the centre of a shadow-root element,
// once it is rendered, not animating and hit-testable.
func (tb *tab) click(id string) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`__e2e.clickPoint(%q) !== null`, id), waitTimeout)
	p := evalJS[point](tb, fmt.Sprintf(`__e2e.clickPoint(%q)`, id))
	tb.do(chromedp.MouseClickXY(p.X, p.Y))
}

// pressEscape sends the Escape key to whatever has focus.
func (tb *tab) pressEscape() {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(kb.Escape))
}

// focusJS describes where focus is: "#id" of a page element (its tag when
// it has no id), "widget #id" for an element in the widget's shadow root,
// "body" for nothing in particular.
const focusJS = `(() => {
	const a = document.activeElement;
	if (!a || a === document.body) return "body";
	if (a.id === "oc-lcw") {
		const w = a.shadowRoot.activeElement;
		return w ? "widget #" + w.id : "widget";
	}
	return a.id ? "#" + a.id : a.tagName.toLowerCase();
})()`

// focus says where focus is (focusJS).
func (tb *tab) focus() string {
	tb.t.Helper()
	return evalJS[string](tb, focusJS)
}

// press sends one key (a kb constant or a character) with optional
// modifiers, as a keyboard would.
func (tb *tab) press(key string, mods ...chromedp.Modifier) {
	tb.t.Helper()
	var opts []chromedp.KeyOption
	if len(mods) > 0 {
		opts = append(opts, chromedp.KeyModifiers(mods...))
	}
	tb.do(chromedp.KeyEvent(key, opts...))
}

// tab presses Tab (Shift+Tab when back) and returns where focus went.
func (tb *tab) tab(back bool) string {
	tb.t.Helper()
	if back {
		tb.press(kb.Tab, chromedp.ModifierShift)
	} else {
		tb.press(kb.Tab)
	}
	return tb.focus()
}

// tabs presses Tab once per wanted stop and checks each, and that every
// widget control on the way shows a focus indicator.
func (tb *tab) tabs(back bool, want ...string) {
	tb.t.Helper()
	for i, w := range want {
		got := tb.tab(back)
		require.Equal(tb.t, w, got, "stop %d of %q (shift: %v)", i+1, want, back)
		if strings.HasPrefix(got, "widget #") {
			tb.assertFocusVisible()
		}
	}
}

// waitFocus waits until focus is at want (focusJS's words).
func (tb *tab) waitFocus(want string) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, focusJS+` === `+jsString(want), waitTimeout)
}

// assertFocusVisible checks that the focused control (in the widget or
// on the page) matches
// :focus-visible and draws an indicator a visitor can see: an outline at
// least 2px wide whose colour has a contrast of 3:1 or more (WCAG 1.4.11)
// with what it is drawn on: the control's own background for an inset
// outline, else the nearest background behind the control.
func (tb *tab) assertFocusVisible() {
	tb.t.Helper()
	got := evalJS[map[string]any](tb, `(() => {
		let el = document.activeElement;
		while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
		const s = getComputedStyle(el);
		const rgba = (c) => {
			const m = c.match(/rgba?\(([^)]+)\)/);
			if (!m) return null;
			const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
			return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
		};
		const lum = (c) => {
			const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
			return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
		};
		let under = parseFloat(s.outlineOffset) < 0 ? el : el.parentElement ?? el.getRootNode().host;
		let bg = {r: 255, g: 255, b: 255, a: 1};
		for (let n = under; n; n = n.parentElement ?? n.getRootNode().host) {
			const c = rgba(getComputedStyle(n).backgroundColor);
			if (c && c.a > 0.5) { bg = c; break; }
		}
		const oc = rgba(s.outlineColor);
		const [hi, lo] = [lum(oc), lum(bg)].sort((a, b) => b - a);
		return {id: el.id, visible: el.matches(":focus-visible"), style: s.outlineStyle,
			width: parseFloat(s.outlineWidth), color: s.outlineColor, on: JSON.stringify(bg),
			contrast: (hi + 0.05) / (lo + 0.05)};
	})()`)
	assert.Equal(tb.t, true, got["visible"], "#%s matches :focus-visible", got["id"])
	assert.NotEqual(tb.t, "none", got["style"], "#%s has a focus outline", got["id"])
	assert.GreaterOrEqual(tb.t, got["width"], 2.0, "#%s focus outline width", got["id"])
	assert.GreaterOrEqual(tb.t, got["contrast"], 3.0, "#%s focus outline %v on %v", got["id"], got["color"], got["on"])
}

// clickPage gives focus to a page element with a real mouse click.
func (tb *tab) clickPage(id string) {
	tb.t.Helper()
	tb.do(chromedp.Click("#" + id))
	tb.waitFocus("#" + id)
}

// rect is an element's box in the viewport, in CSS pixels.
type rect struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}

func (tb *tab) rect(id string) rect {
	tb.t.Helper()
	return evalJS[rect](tb, fmt.Sprintf(`__e2e.rect(%q)`, id))
}

// viewport is the layout viewport's size without scrollbars.
func (tb *tab) viewport() (w, h float64) {
	tb.t.Helper()
	v := evalJS[[]float64](tb, `[document.documentElement.clientWidth, document.documentElement.clientHeight]`)
	return v[0], v[1]
}

// openTab is newTab with a parent context and context options.
func openTab(t *testing.T, parent context.Context, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	tb, _ := openClosableTab(t, parent, opts...)
	return tb
}

// openClosableTab is openTab that also returns the func closing the tab
// before the test ends.
func openClosableTab(t *testing.T, parent context.Context, opts ...chromedp.ContextOption) (*tab, func()) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent, opts...)
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx, log: &pageLog{}}
	if err := chromedp.Listen(ctx, tb.log.record); err != nil {
		t.Fatalf("e2e: listening to the tab: %v", err)
	}
	tb.addScript(recorderJS)
	t.Cleanup(tb.checkExceptions)
	return tb, cancel
}

// reload reloads the page and waits for lcw:ready on the new document.
func (tb *tab) reload() {
	tb.t.Helper()
	tb.do(chromedp.Reload())
	tb.waitReady()
}

// pageTime is performance.now() in the page: milliseconds since the
// document's time origin, the clock of the recorded events.
func (tb *tab) pageTime() float64 {
	tb.t.Helper()
	return evalJS[float64](tb, `performance.now()`)
}

// waitPageTime waits until the page's clock reads at least ms.
func (tb *tab) waitPageTime(ms float64) {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`performance.now() >= %f`, ms), waitTimeout)
}

// setWindowState minimizes or restores the window of the tab.
func (tb *tab) setWindowState(state browser.WindowState) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error {
		c := chromedp.FromContext(tb.ctx)
		w, err := cdp.Call(ctx, c.Browser, browser.GetWindowForTarget,
			browser.GetWindowForTargetParams{TargetID: c.Target.TargetID})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, c.Browser, browser.SetWindowBounds, browser.SetWindowBoundsParams{
			WindowID: w.WindowID, Bounds: &browser.Bounds{WindowState: state}})
		return err
	})
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// unique is a token no other test run puts in a page URL or a name.
func unique(t *testing.T) string {
	// The test's name, cut to 24 bytes: visitor names made with it must
	// stay under the server's 64-character cut to be found in the console.
	name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	if len(name) > 24 {
		name = name[:24]
	}
	return name + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

// consoleOf returns the console messages of type typ ("error", "warning").
func (tb *tab) consoleOf(typ string) []string {
	var out []string
	for _, m := range tb.consoleMessages() {
		if m.Type == typ {
			out = append(out, m.Text)
		}
	}
	return out
}

// errorsAfter returns the console.error texts logged after mark.
func (tb *tab) errorsAfter(mark int) []string {
	var out []string
	for _, m := range tb.consoleMessages()[mark:] {
		if m.Type == "error" {
			out = append(out, m.Text)
		}
	}
	return out
}

// callSDK calls an SDK method with args (JS source) and returns what the
// page saw: the result as a string, or "threw: …".
func (tb *tab) callSDK(method, args string) string {
	tb.t.Helper()
	return evalJS[string](tb, `(() => { try { return String(`+sdk+`.`+method+`(`+args+`)); }
		catch (e) { return "threw: " + e; } })()`)
}

// popoutOpenedBy matches the pop-out window that the tab of ctx opens: with
// several tests opening pop-outs at once, a match on the URL alone could
// take another test's window.
func popoutOpenedBy(ctx context.Context) func(*target.Info) bool {
	opener := chromedp.FromContext(ctx).Target.TargetID
	return func(i *target.Info) bool { return i.OpenerID == opener && strings.Contains(i.URL, "popout.html") }
}

// popoutOf runs act, which makes the visitor's page open the pop-out, and
// returns the pop-out window as a tab.
func popoutOf(t *testing.T, visitor *tab, act func()) *tab {
	t.Helper()
	return windowOpenedBy(t, visitor, visitor.ctx, act)
}

// windowOpenedBy runs act, which makes opener's page open a pop-out, and
// returns that window as a tab whose context hangs off parent (browserCtx
// for a window that must outlive its opener's tab). Its uncaught exceptions
// fail the test; it closes when the test ends.
func windowOpenedBy(t *testing.T, opener *tab, parent context.Context, act func()) *tab {
	t.Helper()
	opened := chromedp.WaitNewTarget(opener.ctx, popoutOpenedBy(opener.ctx))
	act()
	var id target.ID
	select {
	case id = <-opened:
	case <-time.After(waitTimeout):
		t.Fatal("no pop-out window opened")
	}
	t.Cleanup(func() {
		_, _ = chromedp.CallBrowser(browserCtx, target.CloseTarget, target.CloseTargetParams{TargetID: id})
	})
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithTargetID(id))
	t.Cleanup(cancel)
	win := &tab{t: t, ctx: ctx, log: &pageLog{}}
	if err := chromedp.Listen(ctx, win.log.record); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(win.checkExceptions)
	return win
}

// Element ids inside the widget's shadow root.
const (
	idInvitation = "oc-lcw-proactivechat"
	idTitle      = "oc-lcw-proactivechat-title"
	idSubtitle   = "oc-lcw-proactivechat-subtitle"
	idBody       = "oc-lcw-proactivechat-bodytitle"
	idStart      = "oc-lcw-proactivechat-startbutton"
	idClose      = "oc-lcw-proactivechat-closebutton"
	idLauncher   = "oc-lcw-chat-button"
	idLive       = "oc-lcw-live"
	idChat       = "oc-lcw-chat"
	idPrechat    = "oc-lcw-prechat"
	idOutOfHours = "oc-lcw-outofhours"
)

// sendKeys types text into the first element sel matches once it is
// visible, as chromedp.SendKeys does, without its data race: chromedp
// v0.22.1's SendKeys reads the node's attributes (looking for
// type="file") before it takes the node's lock, while the DOM events of
// the page write them, and the race detector then fails every test
// running at that moment. Focus and KeyEvent read no attribute. (Files go
// through dom.SetFileInputFiles, as chat_attachments_test.go does.)
func sendKeys[S chromedp.Selectable](sel S, text string, opts ...chromedp.QueryOption) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Focus(sel, append(opts, chromedp.NodeVisible)...), chromedp.KeyEvent(text))
}
