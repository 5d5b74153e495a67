package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sdkMethods are the methods SDK.md documents on the SDK namespace.
var sdkMethods = []string{
	"startProactiveChat", "startChat", "closeChat",
	"setContextProvider", "getContextProvider", "removeContextProvider",
	"setAuthTokenProvider", "getAuthTokenProvider", "removeAuthTokenProvider",
	"getAgentAvailability",
}

func TestReadyAndNamespace(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")

	assert.Len(t, tb.events("lcw:ready"), 1, "lcw:ready fires exactly once")
	assert.Empty(t, tb.events("lcw:error"))
	assert.True(t, evalJS[bool](tb, lcwNS+`.isReady === true`), "isReady after lcw:ready")
	assert.True(t, evalJS[bool](tb, `window.__pageScriptRan === true`))
	for _, m := range sdkMethods {
		assert.Equal(t, "function", evalJS[string](tb, `typeof `+sdk+`.`+m), "SDK.%s", m)
	}
	// Nothing is shown until the page asks.
	assert.False(t, tb.shown("oc-lcw-proactivechat"))
	assert.True(t, tb.shown("oc-lcw-chat-button"), "the launcher is shown")
}

// TestReadyListenerSeesEveryMethod checks, from a listener the page adds
// before the loader, that every method is callable when lcw:ready fires.
func TestReadyListenerSeesEveryMethod(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.addScript(`window.__methodsAtReady = null;
		window.addEventListener("lcw:ready", () => {
			const s = window.Microsoft.Omnichannel.LiveChatWidget.SDK;
			window.__methodsAtReady = Object.keys(s).filter((k) => typeof s[k] === "function");
		});`)
	tb.navigate("/e2e/on.html")
	tb.waitReady()
	got := evalJS[[]string](tb, `window.__methodsAtReady`)
	for _, m := range sdkMethods {
		assert.Contains(t, got, m, "SDK.%s is a function when lcw:ready fires", m)
	}
}

// TestEarlyCallsAreQueued: testdata/early.html calls the SDK from a
// synchronous script right after the loader tag, before the wasm can have
// loaded. The calls must not throw and must run in order at ready.
func TestEarlyCallsAreQueued(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "early.html")

	assert.Nil(t, evalJS[*string](tb, `window.__early.threw`), "early calls threw")
	assert.False(t, evalJS[bool](tb, `window.__early.readyAtCall`), "the calls were made before ready")

	// In order: the first invitation shows, the second call is ignored
	// because an invitation is showing.
	tb.waitShown("oc-lcw-proactivechat")
	assert.Equal(t, "early one", strings.TrimSpace(tb.text("oc-lcw-proactivechat-bodytitle")))
	tb.settle()
	shown := tb.events("lcw:proactiveChatShown")
	require.Len(t, shown, 1)
	assert.Equal(t, "early one", shown[0].Detail["message"])

	// In order: the second provider replaced the first.
	assert.True(t, evalJS[bool](tb, sdk+`.getContextProvider() === window.__early.providerB`),
		"getContextProvider returns the provider set last")
}

// TestLoadFailure: the widget cannot load; lcw:error code 7 fires with the
// reason, console.error says so (and names the calls the page queued that
// did not run), and the page's own scripts and buttons keep working. The
// /faultsload/ variants are served by faults_load_test.go.
func TestLoadFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		path   string
		script string // runs before the page's scripts
		reason string // in errorDescription and the console.error
	}{
		{name: "missing wasm", path: "/e2e/missing.html", reason: "HTTP 404 for "},
		{name: "corrupt wasm", path: "/e2e/corrupt.html", reason: "is not valid WebAssembly"},
		{name: "truncated wasm", path: "/faultsload/truncated/page.html", reason: "is not valid WebAssembly (truncated or corrupt)"},
		{name: "wasm cut off in transit", path: "/faultsload/cut/page.html", reason: "broke off"},
		{name: "no WebAssembly", path: "/faultsload/ok/page.html", script: `delete window.WebAssembly;`,
			reason: "does not support WebAssembly"},
		{name: "fetch throws", path: "/faultsload/ok/page.html",
			script: `window.fetch = () => { throw new TypeError("fetch is blocked by the e2e test"); };`,
			reason: "cannot download"},
		{name: "Content-Security-Policy without wasm-unsafe-eval", path: "/faultsload/csp/page.html",
			reason: "the page's Content-Security-Policy does not allow WebAssembly (script-src needs 'wasm-unsafe-eval')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			if tt.script != "" {
				tb.addScript(tt.script)
			}
			tb.navigate(tt.path)
			ev := tb.waitEvent("lcw:error")
			assert.EqualValues(t, 7, ev.Detail["errorCode"], "errorCode")
			desc, _ := ev.Detail["errorDescription"].(string)
			assert.Contains(t, desc, tt.reason, "errorDescription gives the reason")
			logged := tb.waitConsole("error", 0, tt.reason)
			assert.Contains(t, logged.Text, "startProactiveChat", "the console names the queued call that did not run")
			// A Promise of getAgentAvailability, asked before or after, is answered.
			for _, ask := range []string{`window.__earlyAvailability`, sdk + `.getAgentAvailability()`} {
				a := evalJS[map[string]any](tb, ask)
				assert.Equal(t, false, a["isAgentAvailable"], "%s", ask)
				assert.Contains(t, a["error"], tt.reason, "%s", ask)
			}
			assert.Len(t, evalJS[[]map[string]any](tb, `window.__pageErrors`), 1, "the page's own lcw:error listener heard it once")
			tb.assertPageWorks()
			assert.Empty(t, tb.events("lcw:ready"))
			assert.False(t, evalJS[bool](tb, `window.Microsoft?.Omnichannel?.LiveChatWidget?.isReady === true`))
			// The page may still call the SDK without a TypeError.
			threw := evalJS[string](tb, `(() => { try { `+sdk+`.startProactiveChat({message: "x"}); return ""; }
				catch (e) { return String(e); } })()`)
			assert.Empty(t, threw, "calling the SDK after a load failure")
			assert.Len(t, tb.consoleOf("error"), 1, "one console.error: %q", tb.consoleOf("error"))
		})
	}
}

// TestDemoPage loads the demo index.html (with its Content-Security-Policy)
// and expects the widget to get ready without an exception.
func TestDemoPage(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.addScript(`window.__csp = [];
		document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`)
	tb.navigate("/")
	tb.waitReady()
	assert.Empty(t, tb.events("lcw:error"))

	// The page's own script calls the SDK from its lcw:ready listener.
	waitJS(t, tb.ctx, `!document.getElementById("invite-button").disabled`, waitTimeout)
	tb.eval(`document.getElementById("invite-button").click()`)
	tb.waitShown(idInvitation)
	assert.Contains(t, tb.text("oc-lcw-proactivechat-bodytitle"), "Summit 45L")
	assert.Equal(t, "startProactiveChat", tb.waitEvent("lcw:proactiveChatShown").Detail["source"])
	assert.Empty(t, evalJS[[]string](tb, `window.__csp`), "no Content-Security-Policy violation")
}

// TestHarnessSeesExceptionsAndConsole proves the per-tab checks can fail: an
// uncaught exception and a console.error in the page reach the test.
func TestHarnessSeesExceptionsAndConsole(t *testing.T) {
	t.Parallel()
	tb := openPage(t, "on.html")
	mark := tb.consoleMark()
	tb.eval(`console.error("e2e-probe", 7); setTimeout(() => { throw new Error("e2e-boom"); }, 0);`)
	tb.waitConsole("error", mark, "e2e-probe 7")
	deadline := time.Now().Add(waitTimeout)
	var got []string
	for time.Now().Before(deadline) && len(got) == 0 {
		time.Sleep(20 * time.Millisecond) // polling interval
		got = tb.log.takeExceptions()
	}
	require.Len(t, got, 1)
	assert.Contains(t, got[0], "e2e-boom")
}

// TestReadyTime loads on.html several times in one tab and logs the median
// time from navigation start to lcw:ready. It runs before the parallel tests,
// so the machine is otherwise idle.
func TestReadyTime(t *testing.T) {
	tb := newTab(t)
	var times []float64
	for range 11 {
		tb.navigate("/e2e/on.html")
		tb.waitReady()
		times = append(times, tb.events("lcw:ready")[0].T)
	}
	slices.Sort(times)
	t.Logf("navigation start to lcw:ready: median %.0f ms (min %.0f, max %.0f, %d loads)",
		times[len(times)/2], times[0], times[len(times)-1], len(times))
	fmt.Printf("e2e: navigation start to lcw:ready, median %.0f ms\n", times[len(times)/2])
}

// TestEveryPageLoadsCleanly loads every fixture page in turn and waits for
// the widget to be ready, or to report its load failure; the tab's exception
// check fails the test on any uncaught exception.
func TestEveryPageLoadsCleanly(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	for _, page := range []string{"on.html", "off.html", "prechat.html", "closed.html", "rtl.html",
		"custom.html", "customized.html", "early.html", "missing.html", "corrupt.html"} {
		tb.navigate("/e2e/" + page)
		waitJS(t, tb.ctx, `__e2e.events("lcw:ready").length + __e2e.events("lcw:error").length > 0`, waitTimeout)
		tb.settle()
		assert.True(t, evalJS[bool](tb, `window.__pageScriptRan === true`), "%s: the page's script ran", page)
	}
}
