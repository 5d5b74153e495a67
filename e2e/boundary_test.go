package e2e

import (
	"html"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The loader against a silent or stalling server and against a hostile
// page (issue 12, findings 6, 7 and 8). serveBoundary serves
// /boundary/<variant>/page.html, a page made from boundaryPages, with the
// dist next to it, served as the variant says.

// boundaryRoutes is the fixtures row of the loader's hostile-server and
// hostile-page pages.
func boundaryRoutes() map[string]http.Handler {
	return map[string]http.Handler{"/boundary/": http.HandlerFunc(serveBoundary)}
}

// boundaryPage is one variant of the page: its loader tag's extra
// attributes, extra markup before the tag, and what the server does.
type boundaryPage struct {
	app    string // data-app-id; "" is e2e-on
	attrs  string // more attributes of the loader tag
	markup string // markup before the loader tag
	silent string // the file that is never answered: "config", "css", "wasm"
	stall  bool   // the wasm stops after stallBytes
	slow   bool   // the wasm comes after slowDelay
}

// The test deadlines the pages give the loader (data-lcw-test-wait and
// data-lcw-test-stall), the wasm bytes sent before a stall, and how long
// the "slow" wasm is held.
const (
	testWait   = 4 * time.Second
	stallBytes = 200 << 10
	slowDelay  = 8 * time.Second
)

var (
	testWaitAttrs  = `data-lcw-version="test" data-lcw-test-wait="` + strconv.Itoa(int(testWait.Milliseconds())) + `"`
	testStallAttrs = `data-lcw-version="test" data-lcw-test-stall="` + strconv.Itoa(int(testWait.Milliseconds())) + `"`
)

var boundaryPages = map[string]boundaryPage{
	"ok":             {},
	"chat":           {app: "e2e-chat"},
	"silentconfig":   {attrs: testWaitAttrs, silent: "config"},
	"silentconfig10": {silent: "config"}, // the default deadline
	"silentcss":      {attrs: testWaitAttrs, silent: "css"},
	"silentwasm":     {attrs: testStallAttrs, silent: "wasm"},
	"stalledwasm":    {attrs: testStallAttrs, stall: true},
	"slowwasm":       {attrs: testWaitAttrs, slow: true},
	"fs": {markup: `<div id="fs">an element named fs</div><div id="process">and process</div>` +
		`<form name="path"></form><img name="Go" alt="">`},
}

func serveBoundary(w http.ResponseWriter, r *http.Request) {
	variant, name, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/boundary/"), "/")
	p, ok := boundaryPages[variant]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	hold := func() {
		select { // never answers, until the browser gives up or the test ends
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	}
	if strings.HasPrefix(name, "api/v1/widgets/") && strings.HasSuffix(name, "/config") {
		if p.silent == "config" {
			hold()
			return
		}
		http.NotFound(w, r)
		return
	}
	if name == "page.html" {
		app := p.app
		if app == "" {
			app = "e2e-on"
		}
		noEarly := "" // the page's script calls the SDK before ready
		if p.app == "e2e-chat" {
			noEarly = " data-no-early-call"
		}
		org := ""
		if p.silent == "config" {
			org = baseURL + "/boundary/" + variant + "/"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>lcwasm e2e: boundary ` + html.EscapeString(variant) + `</title><link rel="stylesheet" href="/e2e/page.css"></head>
<body><main><h1>boundary ` + html.EscapeString(variant) + `</h1>
<button id="page-button" type="button">The page's own button</button> clicked <output id="page-count">0</output> times
` + p.markup + `</main>
<script id="Microsoft_Omnichannel_LCWidget" src="lcw.js" data-app-id="` + app + `" data-org-id="e2e-org" data-org-url="` +
			org + `" ` + p.attrs + `></script>
<script src="/e2e/faults/page.js"` + noEarly + `></script>
</body></html>`))
		return
	}
	if path.Base(name) != name {
		http.NotFound(w, r)
		return
	}
	body, err := os.ReadFile(filepath.Join(distDir, name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if (p.silent == "css" && name == manifest.CSS) || (p.silent == "wasm" && name == manifest.WASM) {
		hold()
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(filepath.Ext(name)))
	if name == manifest.WASM {
		switch {
		case p.stall:
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			_, _ = w.Write(body[:stallBytes])
			_ = http.NewResponseController(w).Flush()
			hold()
			return
		case p.slow:
			select {
			case <-time.After(slowDelay):
			case <-r.Context().Done():
				return
			}
		}
	}
	_, _ = w.Write(body)
}

// TestLoaderDeadlines: a configuration, stylesheet or wasm whose server
// accepts the request and never answers (or stops mid-body) no longer
// hangs the widget: a configuration is missing after the wait (the widget
// gets ready without proactive chat, as with a missing one), a stylesheet
// too (ready, unstyled), a wasm is lcw:error code 7 with the reason. In
// every case the call the page queued is run or reported, and
// getAgentAvailability answers.
func TestLoaderDeadlines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		variant  string
		ready    bool   // lcw:ready, else lcw:error code 7
		said     string // in the console.error or warning
		within   time.Duration
		noConfig bool // the configuration is missing: proactive chat is off
	}{
		{variant: "silentconfig", ready: true, said: "did not arrive within 4 s", within: testWait, noConfig: true},
		{variant: "silentconfig10", ready: true, said: "did not arrive within 10 s", within: 10 * time.Second, noConfig: true},
		{variant: "silentcss", ready: true, said: "did not arrive within 4 s", within: testWait},
		{variant: "silentwasm", said: "got no answer (for 4 s)", within: testWait},
		{variant: "stalledwasm", said: "stalled after " + strconv.Itoa(stallBytes) + " bytes (none for 4 s)", within: testWait},
	}
	for _, tt := range tests {
		t.Run(tt.variant, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.navigate("/boundary/" + tt.variant + "/page.html")
			if tt.ready {
				tb.waitReady()
				ready := tb.events("lcw:ready")[0].T
				assert.GreaterOrEqual(t, ready, float64(tt.within.Milliseconds()), "ready before the deadline")
				assert.Empty(t, tb.events("lcw:error"))
				said := append(tb.consoleOf("error"), tb.consoleOf("warning")...)
				if tt.noConfig { // said as of a missing configuration, and the queued call ran into it
					require.Len(t, said, 2, "two console messages: %q", said)
					assert.Contains(t, said[0], "the widget configuration could not be loaded, so proactive chat stays off")
					assert.Contains(t, said[1], "startProactiveChat ignored: proactive chat is not enabled")
				} else {
					require.Len(t, said, 1, "one console message: %q", said)
					tb.waitShown(idInvitation) // the call the page queued ran
				}
				assert.Contains(t, said[0], tt.said)
				a := evalJS[map[string]any](tb, `window.__earlyAvailability`)
				assert.Contains(t, a, "isAgentAvailable")
				t.Logf("lcw:ready at %.0f ms", ready)
			} else {
				ev := tb.waitEvent("lcw:error")
				assert.EqualValues(t, 7, ev.Detail["errorCode"])
				assert.Contains(t, ev.Detail["errorDescription"], tt.said)
				assert.GreaterOrEqual(t, ev.T, float64(tt.within.Milliseconds()), "failed before the deadline")
				logged := tb.waitConsole("error", 0, tt.said)
				assert.Contains(t, logged.Text, "startProactiveChat", "the console names the queued call")
				a := evalJS[map[string]any](tb, `window.__earlyAvailability`)
				assert.Equal(t, false, a["isAgentAvailable"])
				assert.Contains(t, a["error"], tt.said)
				assert.Empty(t, tb.events("lcw:ready"))
				t.Logf("lcw:error at %.0f ms", ev.T)
			}
			tb.assertPageWorks()
		})
	}
}

// TestAvailabilityWhileLoading: the wasm takes longer than the wait; a
// getAgentAvailability the page asked before ready answers at the wait
// (no agent, and why), and the widget still gets ready later.
func TestAvailabilityWhileLoading(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/boundary/slowwasm/page.html")
	a := evalJS[map[string]any](tb, `window.__earlyAvailability`) // awaits the Promise
	assert.Equal(t, false, a["isAgentAvailable"])
	assert.Contains(t, a["error"], "not ready after 4 s")
	assert.False(t, evalJS[bool](tb, lcwNS+`.isReady`), "answered by the runtime, not by the wait")
	tb.waitReady()
	tb.waitShown(idInvitation)
	assert.Empty(t, tb.consoleOf("error"))
}

// TestHostilePage: a page that names elements fs, process and path (Go's
// glue adopted them as its file system), freezes or locks its History API,
// breaks crypto.getRandomValues, or freezes window.Microsoft: the widget
// gets ready, its SDK is where the page looks for it, and route changes
// are still seen.
func TestHostilePage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, variant, script string
		warn                  string // the one console.warn; "" for none
		check                 func(t *testing.T, tb *tab)
	}{
		{name: "elements named fs, process, path and Go", variant: "fs", check: func(t *testing.T, tb *tab) {
			assert.Equal(t, "DIV", evalJS[string](tb, `window.fs.tagName`), "the page's fs is its own")
		}},
		{name: "frozen History.prototype", variant: "ok", script: `Object.freeze(History.prototype);`},
		{name: "non-writable history.pushState", variant: "ok", script: `
			Object.defineProperty(history, "pushState", {value: history.pushState, writable: false, configurable: false});
			Object.defineProperty(history, "replaceState", {value: history.replaceState, writable: false, configurable: false});`},
		{name: "frozen history", variant: "ok", script: `Object.freeze(history);`},
		{name: "crypto.getRandomValues throws", variant: "ok", script: `
			Crypto.prototype.getRandomValues = function () { throw new Error("getRandomValues is broken by the e2e test"); };`},
		{name: "frozen window.Microsoft", variant: "ok", script: `window.Microsoft = Object.freeze({page: "own"});`,
			warn: "could not hold the SDK", check: func(t *testing.T, tb *tab) {
				assert.Equal(t, "own", evalJS[string](tb, `window.Microsoft.page`), "the page's own member")
			}},
		{name: "frozen window.Microsoft.Omnichannel", variant: "ok",
			script: `window.Microsoft = {Omnichannel: Object.freeze({})};`, warn: "could not hold the SDK"},
		{name: "window.Microsoft a number", variant: "ok", script: `window.Microsoft = 42;`, warn: "could not hold the SDK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
			tb.addScript(tt.script + `
				window.__navigations = 0;
				window.addEventListener("lcwasm:navigate", () => { window.__navigations++; });`)
			tb.navigate("/boundary/" + tt.variant + "/page.html")
			tb.waitReady()
			tb.waitShown(idInvitation) // the call the page queued ran
			assert.Equal(t, "function", evalJS[string](tb, `typeof `+sdk+`.startChat`))
			tb.eval(`history.pushState({}, "", "#pushed"); history.replaceState({}, "", "#replaced")`)
			waitJS(t, tb.ctx, `window.__navigations === 2`, waitTimeout)
			tb.assertPageWorks()
			tb.settle()
			assert.Equal(t, 2, evalJS[int](tb, `window.__navigations`), "each route change is seen once")
			assert.Empty(t, tb.consoleOf("error"))
			assert.Empty(t, tb.events("lcw:error"))
			warns := tb.consoleOf("warning")
			if tt.warn == "" {
				assert.Empty(t, warns)
			} else if assert.Len(t, warns, 1, "%q", warns) {
				assert.Contains(t, warns[0], tt.warn)
			}
			if tt.check != nil {
				tt.check(t, tb)
			}
		})
	}
}

// TestHostilePageFailures: what cannot work is lcw:error code 7 with the
// reason, never an exception in the page: a window.Microsoft the page
// made read-only, a broken URL constructor the loader needs, a runtime
// whose start (go.run) rejects. The page keeps working and its SDK calls
// never throw.
func TestHostilePageFailures(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, script, reason string }{
		{name: "read-only window.Microsoft", script: `Object.defineProperty(window, "Microsoft",
			{value: Object.freeze({}), writable: false, configurable: false});`,
			reason: "window.Microsoft is read-only"},
		{name: "URL throws", script: `window.URL = function () { throw new TypeError("URL is broken by the e2e test"); };`,
			reason: "URL is broken by the e2e test"},
		{name: "go.run rejects", script: `TextEncoder.prototype.encode = function () {
			throw new TypeError("TextEncoder is broken by the e2e test"); };`,
			reason: "the runtime failed: TextEncoder is broken by the e2e test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.addScript(tt.script)
			tb.navigate("/boundary/ok/page.html")
			ev := tb.waitEvent("lcw:error")
			assert.EqualValues(t, 7, ev.Detail["errorCode"])
			assert.Contains(t, ev.Detail["errorDescription"], tt.reason)
			tb.waitConsole("error", 0, tt.reason)
			tb.assertPageWorks()
			tb.settle()
			assert.Len(t, tb.consoleOf("error"), 1, "one report: %q", tb.consoleOf("error"))
			assert.Empty(t, tb.events("lcw:ready"))
			// The tab's cleanup fails the test on any uncaught exception.
		})
	}
}

// TestRandomness: the ids of a chat come from a checked
// crypto.getRandomValues, else from crypto.randomUUID. A getRandomValues
// that hands its buffer back unchanged (which made every visitor
// AAAAAAAAAAAAAAAAAAAAAA) is refused: two such visitors get ids of their
// own from randomUUID; with no randomUUID either, no chat starts and
// lcw:error code 11 says why.
func TestRandomness(t *testing.T) {
	t.Parallel()
	const identity = `Crypto.prototype.getRandomValues = function (a) { return a; };`
	visitorID := func(t *testing.T, script string) string {
		tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
		tb.addScript(script)
		tb.navigate("/boundary/chat/page.html")
		tb.waitReady()
		tb.eval(sdk + `.startChat()`)
		tb.waitEvent("lcw:chatQueued")
		id := evalJS[string](tb, `localStorage.getItem("lcwasm:e2e-chat:visitor") || ""`)
		tb.eval(sdk + `.closeChat()`)
		tb.waitEvent("lcw:closeChat")
		assert.Empty(t, tb.consoleOf("error"))
		return id
	}
	t.Run("getRandomValues unchanged: ids from randomUUID", func(t *testing.T) {
		t.Parallel()
		a, b := visitorID(t, identity), visitorID(t, identity)
		assert.Regexp(t, `^[0-9a-f]{32}$`, a)
		assert.NotEqual(t, a, b, "two visitors share an id")
	})
	t.Run("good randomness", func(t *testing.T) {
		t.Parallel()
		a := visitorID(t, "")
		assert.Regexp(t, `^[A-Za-z0-9_-]{22}$`, a)
		assert.NotEqual(t, strings.Repeat("A", 22), a)
	})
	for name, script := range map[string]string{
		"getRandomValues unchanged, no randomUUID": identity + `delete Crypto.prototype.randomUUID;`,
		"getRandomValues throws, randomUUID constant": `
			Crypto.prototype.getRandomValues = function () { throw new Error("broken by the e2e test"); };
			Crypto.prototype.randomUUID = function () { return "00000000-0000-4000-8000-000000000000"; };`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
			tb.addScript(script)
			tb.navigate("/boundary/chat/page.html")
			tb.waitReady()
			tb.eval(`window.__lcwEvents.length = 0;`)
			tb.eval(`(async () => { try { ` + sdk + `.startChat(); } catch (e) { window.__threw = String(e); } })()`)
			ev := tb.waitEvent("lcw:error")
			assert.EqualValues(t, 11, ev.Detail["errorCode"])
			assert.Contains(t, ev.Detail["errorDescription"], "no good randomness")
			tb.waitConsole("error", 0, "no good randomness")
			tb.settle()
			assert.Empty(t, tb.events("lcw:startChat", "lcw:chatQueued"), "a chat started")
			assert.Equal(t, "", evalJS[string](tb, `localStorage.getItem("lcwasm:e2e-chat:visitor") || ""`))
			assert.Nil(t, evalJS[any](tb, `window.__threw ?? null`))
		})
	}
}
