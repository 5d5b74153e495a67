package e2e

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Faults of loading and of the browser environment (issue 6): the widget's
// files served badly, the loader missing, browser APIs missing or throwing.
// The fixture pages are testdata/faults/*.html; serveFault serves them next
// to a copy of the dist, spoiled as the URL says.

// faultsLoadRoutes and faultsLoadWidgets are the load-failure tests' row
// of fixtures.
func faultsLoadRoutes() map[string]http.Handler {
	return map[string]http.Handler{"/faultsload/": http.HandlerFunc(serveFault)}
}

func faultsLoadWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{
		// Every part of the runtime that needs an optional browser API:
		// a time frame in the visitor's zone (Intl; the UTC operating
		// hours are read in Go),
		// a rule on an element's visibility (IntersectionObserver), rule
		// invitations taking the visitor's invitation slot (Web Locks),
		// and the visitor's journey and history (localStorage).
		faultsRulesApp: json.RawMessage(`{"appId": "` + faultsRulesApp + `",
				"proactiveChat": {"enabled": true},
				"operatingHours": {"timeZone": "UTC", "windows": [
					{"days": ["mon","tue","wed","thu","fri","sat","sun"], "open": "00:00", "close": "24:00"}]},
				"proactiveRules": {"rules": [
					{"id": "seen", "conditions": [{"elementVisible": {"selector": "#faults-target"}}],
						"invitation": {"message": "you scrolled to the target", "showPrechat": false}},
					{"id": "soon", "conditions": [{"timeOnPage": {"seconds": 0.5}},
							{"timeFrame": {"days": ["mon","tue","wed","thu","fri","sat","sun"]}}],
						"invitation": {"message": "` + faultsRulesMessage + `", "showPrechat": false}}]}}`),
	}
}

// The widget of testdata/faults/rules.html, and what its timed rule says.
const (
	faultsRulesApp     = "e2e-faults-rules"
	faultsRulesMessage = "half a second on the page"
)

// faultDelay is how long the "slow" variant holds the wasm back.
const faultDelay = 3 * time.Second

// slowHeld counts the "slow" wasm responses being held back right now.
var slowHeld atomic.Int32

// serveFault serves /faultsload/<variant>/<name>: the fixture page
// testdata/faults/<name> for a .html name, else the dist file name,
// uncompressed, spoiled as variant says:
//
//	ok         as built, with its real content type
//	truncated  only the first half of the wasm, as a complete response
//	cut        the wasm's full Content-Length announced, half of it sent, then the connection dropped
//	text       the wasm as text/plain
//	octet      the wasm as application/octet-stream
//	slow       the wasm after faultDelay
//	nocss      the widget's stylesheet 404s
//	gone       every dist file 404s, lcw.js included
//	csp        the page's Content-Security-Policy does not allow WebAssembly
func serveFault(w http.ResponseWriter, r *http.Request) {
	variant, name, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/faultsload/"), "/")
	if name == "" || path.Base(name) != name {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store") // every load asks again: "slow" stays slow
	if strings.HasSuffix(name, ".html") {
		if variant == "csp" { // a policy written before WebAssembly: no 'wasm-unsafe-eval'
			w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'")
		}
		http.ServeFile(w, r, filepath.Join("testdata", "faults", name))
		return
	}
	body, err := os.ReadFile(filepath.Join(distDir, name))
	if variant == "gone" || err != nil || (variant == "nocss" && name == manifest.CSS) {
		http.NotFound(w, r)
		return
	}
	typ := mime.TypeByExtension(filepath.Ext(name))
	if name == manifest.WASM {
		switch variant {
		case "truncated":
			body = body[:len(body)/2]
		case "text":
			typ = "text/plain; charset=utf-8"
		case "octet":
			typ = "application/octet-stream"
		case "slow":
			slowHeld.Add(1)
			defer slowHeld.Add(-1)
			select {
			case <-time.After(faultDelay):
			case <-r.Context().Done():
				return
			}
		case "cut":
			w.Header().Set("Content-Type", typ)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			_, _ = w.Write(body[:len(body)/2])
			_ = http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler) // drops the connection mid-body, unlogged
		}
	}
	w.Header().Set("Content-Type", typ)
	_, _ = w.Write(body)
}

// assertPageWorks clicks the page's own button with a real mouse click and
// expects the page's own handler to count it.
func (tb *tab) assertPageWorks() {
	tb.t.Helper()
	before := evalJS[string](tb, `document.getElementById("page-count").textContent`)
	p := evalJS[point](tb, `(() => { const b = document.getElementById("page-button");
		b.scrollIntoView({block: "center"});
		const r = b.getBoundingClientRect();
		return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`)
	tb.do(chromedp.MouseClickXY(p.X, p.Y))
	n, err := strconv.Atoi(before)
	require.NoError(tb.t, err)
	waitJS(tb.t, tb.ctx, fmt.Sprintf(`document.getElementById("page-count").textContent === "%d"`, n+1), waitTimeout)
}

// TestLoadDegraded: a server that sends the wasm as text/plain or
// application/octet-stream costs streaming compilation, and one without the
// widget's stylesheet costs its looks, nothing else: the widget gets ready,
// runs the call the page queued, and one console.warn tells the site owner
// what to fix.
func TestLoadDegraded(t *testing.T) {
	t.Parallel()
	tests := []struct{ variant, file, warn string }{
		{"text", manifest.WASM, "not application/wasm"},
		{"octet", manifest.WASM, "not application/wasm"},
		{"nocss", manifest.CSS, "did not load (HTTP 404)"},
	}
	for _, tt := range tests {
		t.Run(tt.variant, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.navigate("/faultsload/" + tt.variant + "/page.html")
			tb.waitReady()
			tb.waitShown(idInvitation)
			assert.Equal(t, "queued before ready", strings.TrimSpace(tb.text("oc-lcw-proactivechat-bodytitle")))
			tb.assertPageWorks()
			tb.settle()
			warns := tb.consoleOf("warning")
			require.Len(t, warns, 1, "one console.warn: %q", warns)
			assert.Contains(t, warns[0], tt.warn)
			assert.Contains(t, warns[0], tt.file, "the warning names the file")
			assert.Empty(t, tb.consoleOf("error"))
			assert.Empty(t, tb.events("lcw:error"))
		})
	}
}

// TestLoadSlowWasm: the wasm takes faultDelay to arrive. The page's load
// event does not wait for it, the page works meanwhile, and the SDK call it
// made before ready runs once the runtime is up.
func TestLoadSlowWasm(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/faultsload/slow/page.html") // returns at the load event
	loadAt := evalJS[float64](tb, `window.__loadAt`)
	assert.Less(t, loadAt, float64(faultDelay.Milliseconds()), "the load event waited for the wasm")
	// The wasm request may reach the server just after the load event on a
	// busy machine: wait until it is being held.
	deadline := time.Now().Add(waitTimeout)
	for slowHeld.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling interval
	}
	require.EqualValues(t, 1, slowHeld.Load(), "the wasm request is held back")
	assert.False(t, evalJS[bool](tb, lcwNS+`.isReady`), "ready before the wasm arrived")
	tb.assertPageWorks()
	assert.False(t, evalJS[bool](tb, lcwNS+`.isReady`), "the page was tried before the wasm arrived")

	tb.waitReady()
	ready := tb.events("lcw:ready")[0].T
	assert.GreaterOrEqual(t, ready, float64(faultDelay.Milliseconds()), "ready before the wasm could arrive")
	tb.waitShown(idInvitation)
	assert.Equal(t, "queued before ready", strings.TrimSpace(tb.text("oc-lcw-proactivechat-bodytitle")))
	shown := tb.events("lcw:proactiveChatShown")
	require.Len(t, shown, 1)
	assert.Equal(t, "startProactiveChat", shown[0].Detail["source"])
	assert.Empty(t, tb.consoleOf("error"))
	assert.Empty(t, tb.consoleOf("warning"))
	t.Logf("load event at %.0f ms, lcw:ready at %.0f ms (wasm held back %v)", loadAt, ready, faultDelay)
}

// TestLoaderMissing: lcw.js itself 404s. Nothing of ours runs, so nothing
// of ours can throw: the page's script runs, its guarded SDK call is a
// no-op, and its button works.
func TestLoaderMissing(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/faultsload/gone/page.html")
	assert.True(t, evalJS[bool](tb, `window.__pageScriptRan === true`), "the page's script ran")
	assert.True(t, evalJS[bool](tb, `window.Microsoft === undefined`), "nothing defined the namespace")
	tb.assertPageWorks()
	tb.settle()
	assert.Empty(t, tb.events(), "no lcw:* event without the loader")
	assert.Empty(t, tb.consoleOf("error"), "console.error from a script of ours")
	// The tab's cleanup fails the test on any uncaught exception.
}

// TestPanicRecovered: a panic in Go code reached from a JS callback is
// recovered and reported once, and the widget keeps working; a second
// panic is reported once as well. The panics come from the test-only hook
// window.__lcwPanic (jsbridge/guard.go), which panic.html's
// data-lcw-version="test" enables.
func TestPanicRecovered(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/faultsload/ok/panic.html")
	tb.waitReady()
	tb.waitShown(idInvitation) // the call page.js queued
	tb.click(idClose)
	tb.waitGone(idInvitation)
	require.Empty(t, tb.consoleOf("error"))

	// The first panic, in the SDK method the page calls.
	mark := tb.consoleMark()
	tb.eval(`window.__lcwPanic("SDK.startProactiveChat")`)
	assert.Equal(t, "undefined", tb.callSDK("startProactiveChat", `{message: "lost to the panic"}`),
		"the page's call neither throws nor returns anything")
	tb.waitConsole("error", mark, "internal error in SDK.startProactiveChat", "recovered")

	// The next calls work, and the events that follow report nothing.
	tb.startProactiveChat(`{message: "after the first panic"}`)
	tb.waitShown(idInvitation)
	assert.Equal(t, "after the first panic", tb.body())
	tb.eval(`window.scrollBy(0, 300); window.scrollBy(0, -300)`)
	tb.assertPageWorks()
	tb.click(idClose)
	tb.waitGone(idInvitation)
	tb.waitEvent("lcw:proactiveChatDeclined")
	tb.settle()
	assert.Len(t, tb.errorsAfter(mark), 1, "one report of the first panic: %q", tb.errorsAfter(mark))

	// Later panics, elsewhere, are reported once each.
	mark = tb.consoleMark()
	tb.eval(`window.__lcwPanic("SDK.setContextProvider")`)
	assert.Equal(t, "undefined", tb.callSDK("setContextProvider", `() => ({from: "first"})`))
	tb.waitConsole("error", mark, "internal error in SDK.setContextProvider", "recovered")
	assert.True(t, evalJS[bool](tb, sdk+`.getContextProvider() === null`), "the panicked call set nothing")
	tb.eval(`window.__provider = () => ({from: "second"}); ` + sdk + `.setContextProvider(window.__provider)`)
	assert.True(t, evalJS[bool](tb, sdk+`.getContextProvider() === window.__provider`), "the next call sets it")

	// A panicking getAgentAvailability still gives the page its Promise.
	tb.eval(`window.__lcwPanic("SDK.getAgentAvailability")`)
	a := evalJS[map[string]any](tb, sdk+`.getAgentAvailability()`)
	assert.Equal(t, false, a["isAgentAvailable"])
	assert.Contains(t, a["error"], "internal error")
	tb.waitConsole("error", mark, "internal error in SDK.getAgentAvailability")
	tb.startProactiveChat(`{message: "after the second panic"}`)
	tb.waitShown(idInvitation)
	assert.Equal(t, "after the second panic", tb.body())
	tb.settle()
	assert.Len(t, tb.errorsAfter(mark), 2, "one report of each later panic: %q", tb.errorsAfter(mark))
	assert.Len(t, tb.events("lcw:ready"), 1)
	assert.Empty(t, tb.events("lcw:error"))
}

// TestPanicAtStart: a panic while the runtime starts is a load failure like
// the others (lcw:error code 7 with the reason, one console.error naming
// the call the page queued), never a silent stop; the page keeps working.
func TestPanicAtStart(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.addScript(`window.__lcwPanic = "start";`)
	tb.navigate("/faultsload/ok/panic.html")
	ev := tb.waitEvent("lcw:error")
	assert.EqualValues(t, 7, ev.Detail["errorCode"])
	assert.Contains(t, ev.Detail["errorDescription"], "the runtime failed to start: internal error in start")
	logged := tb.waitConsole("error", 0, "internal error in start")
	assert.Contains(t, logged.Text, "startProactiveChat", "the console names the queued call that did not run")
	tb.assertPageWorks()
	tb.settle()
	assert.Len(t, tb.consoleOf("error"), 1, "one report: %q", tb.consoleOf("error"))
	assert.Len(t, evalJS[[]map[string]any](tb, `window.__pageErrors`), 1, "the page's own listener heard it")
	assert.Empty(t, tb.events("lcw:ready"))
	assert.Equal(t, "undefined", tb.callSDK("startProactiveChat", `{message: "x"}`))
}

// TestProxyArrayArgument: a Proxy posing as an array with a negative length
// once made the runtime panic (makeslice) inside startProactiveChat. It is
// an argument error now, reported as such, and the next call works.
func TestProxyArrayArgument(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/faultsload/ok/panic.html")
	tb.waitReady()
	tb.waitShown(idInvitation)
	tb.click(idClose)
	tb.waitGone(idInvitation)
	mark := tb.consoleMark()
	assert.Equal(t, "undefined", tb.callSDK("startProactiveChat",
		`new Proxy([], {get: (t, k) => k === "length" ? -1 : Reflect.get(t, k)})`))
	tb.waitConsole("error", mark, "no invitation shown")
	assert.NotContains(t, strings.Join(tb.errorsAfter(mark), "\n"), "internal error")
	tb.startProactiveChat(`{message: "after the proxy"}`)
	tb.waitShown(idInvitation)
	assert.Equal(t, "after the proxy", tb.body())
}

// TestBrowserEnvironmentFaults: browser APIs missing or throwing, each set
// up before the page's scripts run. The runtime gets ready, the rule raises
// its invitation, the visitor can accept it into the chat pane, the page
// works, nothing is logged as an error, and at most one console message
// names what is missing.
func TestBrowserEnvironmentFaults(t *testing.T) {
	t.Parallel()
	blocked := func(name string) string {
		return `Object.defineProperty(window, "` + name + `", {configurable: true,
			get() { throw new DOMException("blocked by the e2e test", "SecurityError"); }});`
	}
	tests := []struct {
		name   string
		script string
		said   string // the one console.warn or console.info, which names it; "" for none
	}{
		{name: "BroadcastChannel missing", script: `delete window.BroadcastChannel;`},
		{name: "navigator.locks missing", script: `delete Navigator.prototype.locks;`, said: "navigator.locks"},
		{name: "IntersectionObserver missing", script: `delete window.IntersectionObserver;`, said: "IntersectionObserver"},
		{name: "Intl.DateTimeFormat throwing", script: `Intl.DateTimeFormat = function () {
			throw new TypeError("Intl.DateTimeFormat is broken by the e2e test"); };`, said: "Intl.DateTimeFormat"},
		{name: "localStorage and sessionStorage blocked", script: blocked("localStorage") + blocked("sessionStorage"),
			said: "storage is unavailable"},
		{name: "storage full", script: `Storage.prototype.setItem = function () {
			throw new DOMException("the e2e store is full", "QuotaExceededError"); };`, said: "storage is unavailable"},
		{name: "storage nearly full", script: `{ const setItem = Storage.prototype.setItem;
			Storage.prototype.setItem = function (k, v) {
				if (String(v).length > 16) throw new DOMException("the e2e store is full", "QuotaExceededError");
				return setItem.call(this, k, v); }; }`, said: "QuotaExceededError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// A browser context of its own: its own storage, history and locks.
			tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
			tb.addScript(tt.script)
			tb.navigate("/faultsload/ok/rules.html")
			tb.waitReady()
			shown := tb.waitRule("soon")
			assert.Equal(t, faultsRulesMessage, shown.Detail["message"])
			tb.assertPageWorks()
			tb.click(idStart)
			tb.waitShown(idChat)
			tb.waitEvent("lcw:proactiveChatAccepted")
			tb.settle()

			assert.Empty(t, tb.consoleOf("error"))
			assert.Empty(t, tb.events("lcw:error"))
			said := append(tb.consoleOf("warning"), tb.consoleOf("info")...)
			if tt.said == "" {
				assert.Empty(t, said, "nothing to say")
				return
			}
			require.Len(t, said, 1, "one console message: %q", said)
			assert.Contains(t, said[0], tt.said)
		})
	}
}

// TestRuntimeStopped: a panic no guard catches stops the Go runtime. The
// loader reports it (lcw:error code 7), the SDK goes back to queueing
// without throwing, and the runtime's own listeners, still attached to the
// page, throw nothing when the visitor scrolls, types and clicks.
func TestRuntimeStopped(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/faultsload/ok/panic.html")
	tb.waitReady()
	tb.waitShown(idInvitation)
	tb.eval(`window.__lcwPanic("exit")`)
	ev := tb.waitEvent("lcw:error")
	assert.EqualValues(t, 7, ev.Detail["errorCode"])
	assert.Contains(t, ev.Detail["errorDescription"], "the runtime stopped")
	assert.False(t, evalJS[bool](tb, lcwNS+`.isReady`), "isReady after the runtime stopped")
	assert.Equal(t, "undefined", tb.callSDK("startProactiveChat", `{message: "after the stop"}`))
	assert.Equal(t, "undefined", tb.callSDK("closeChat", ``))
	a := evalJS[map[string]any](tb, sdk+`.getAgentAvailability()`)
	assert.Contains(t, a["error"], "the runtime stopped", "getAgentAvailability after the stop")

	tb.eval(`window.scrollBy(0, 300); document.dispatchEvent(new Event("visibilitychange"));`)
	tb.do(chromedp.KeyEvent("a"))
	tb.assertPageWorks()
	tb.click(idClose) // the invitation's own button, whose handler was Go's
	tb.settle()
	assert.Len(t, tb.consoleOf("error"), 1, "one report: %q", tb.consoleOf("error"))
	assert.Len(t, evalJS[[]map[string]any](tb, `window.__pageErrors`), 1, "the page's own listener heard it")
	// The tab's cleanup fails the test on any uncaught exception.
}
