package e2e

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The chat button before the wasm: lcw.js stamps the launcher's template
// (rendered by the build with the widget's own view) while the wasm still
// downloads, and the runtime replaces it at ready.

// The widgets of testdata/prewasm/.
const (
	prewasmApp       = "e2e-prewasm"        // chat enabled, nothing else
	prewasmTextsApp  = "e2e-prewasm-texts"  // the chat button says something else
	prewasmEmptyApp  = "e2e-prewasm-empty"  // the chat button's French text is "" (English then)
	prewasmFrenchApp = "e2e-prewasm-french" // "language": "fr-CA"
)

func prewasmWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{
		prewasmApp: json.RawMessage(`{"appId": "` + prewasmApp + `", "chat": {"enabled": true}}`),
		prewasmTextsApp: json.RawMessage(`{"appId": "` + prewasmTextsApp + `", "chat": {"enabled": true},
			"texts": {"en": {"launcher": "Talk to us"}, "fr": {"launcher": "Parlons {name}", "send": "Go"}}}`),
		prewasmEmptyApp: json.RawMessage(`{"appId": "` + prewasmEmptyApp + `", "chat": {"enabled": true},
			"texts": {"fr": {"launcher": ""}}}`),
		prewasmFrenchApp: json.RawMessage(`{"appId": "` + prewasmFrenchApp + `", "chat": {"enabled": true}, "language": "fr-CA"}`),
	}
}

func prewasmRoutes() map[string]http.Handler {
	return map[string]http.Handler{"/prewasm/": http.HandlerFunc(servePrewasm)}
}

// prewasmHolds are the wasm downloads held back, by hold key: the wasm of
// /prewasm/<key>/ waits until the test closes the channel.
var prewasmHolds sync.Map // string → chan struct{}

// holdWasm holds back the wasm of the pages under /prewasm/<key>/ until
// the returned func (also run at cleanup) lets it go.
func holdWasm(t *testing.T) (key string, release func()) {
	key = unique(t)
	ch := make(chan struct{})
	prewasmHolds.Store(key, ch)
	var once sync.Once
	release = func() { once.Do(func() { close(ch) }) }
	t.Cleanup(release)
	return key, release
}

// servePrewasm serves /prewasm/<key>/<name>: testdata/prewasm/<name> for
// a .html name, else the dist file, the wasm once key's hold is released.
func servePrewasm(w http.ResponseWriter, r *http.Request) {
	key, name, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/prewasm/"), "/")
	if name == "" || path.Base(name) != name {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasSuffix(name, ".html") {
		http.ServeFile(w, r, filepath.Join("testdata", "prewasm", name))
		return
	}
	body, err := os.ReadFile(filepath.Join(distDir, name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ch, ok := prewasmHolds.Load(key); ok && name == manifest.WASM {
		select {
		case <-ch.(chan struct{}):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(filepath.Ext(name)))
	_, _ = w.Write(body)
}

// launcherLook is what the visitor sees of the chat button, and what a
// script or an assistive technology reads of it: the shadow root's markup,
// the host's attributes and custom properties, the button's box and its
// computed style.
type launcherLook struct {
	Hosts  int               `json:"hosts"`
	HTML   string            `json:"html"`
	Host   map[string]string `json:"host"`
	Sheets int               `json:"sheets"`
	Rect   rect              `json:"rect"`
	Style  map[string]string `json:"style"`
}

const launcherLookJS = `(() => {
	const host = document.getElementById("oc-lcw");
	const b = host.shadowRoot.getElementById("oc-lcw-chat-button");
	const r = b.getBoundingClientRect();
	const attrs = {};
	for (const a of host.attributes) if (a.name !== "style") attrs[a.name] = a.value;
	for (const p of ["--lcw-accent", "--lcw-font"]) attrs[p] = host.style.getPropertyValue(p) + " " + host.style.getPropertyPriority(p);
	const cs = getComputedStyle(b), style = {};
	for (const p of cs) style[p] = cs.getPropertyValue(p);
	return {hosts: document.querySelectorAll("#oc-lcw").length, html: host.shadowRoot.innerHTML, host: attrs,
		sheets: host.shadowRoot.adoptedStyleSheets.length,
		rect: {left: r.left, top: r.top, right: r.right, bottom: r.bottom}, style};
})()`

// waitEarlyButton waits until the stamped chat button is on screen, and
// checks that the runtime is not ready yet.
func (tb *tab) waitEarlyButton() launcherLook {
	tb.t.Helper()
	tb.waitShown(idLauncher)
	require.False(tb.t, evalJS[bool](tb, lcwNS+`.isReady`), "ready while the wasm is held back")
	require.Empty(tb.t, tb.events("lcw:ready"), "lcw:ready while the wasm is held back")
	return evalJS[launcherLook](tb, launcherLookJS)
}

// earlyPage is a fixture page and the chat button it gets: its name, and
// the host's lang and dir.
type earlyPage struct {
	page, name, lang, dir string
}

// earlyPages are the pages that get the chat button before the wasm: in
// English, in French, in Arabic on a left-to-right page (the widget is
// right to left all the same, widget.Direction), in Hebrew on a
// right-to-left page, in the configuration's language on an English page,
// in English on a Traditional Chinese page (not shipped: zh-TW maximizes
// to zh-Hant-TW, the browser's English is next), in Chinese on a page in
// "cmn" (Intl.Locale makes it zh-Hans-CN), with the configuration's
// text for the button (a placeholder in it is said as it is). The runtime shows its button
// whether a chat service answers or not (TestDisabledWidget), so the
// loader does too (nochat.html).
var earlyPages = []earlyPage{
	{"page.html", "Let's Chat", "en", "ltr"},
	{"nochat.html", "Let's Chat", "en", "ltr"},
	{"french.html", "Discutons", "fr", "ltr"},
	{"arabic.html", "لنتحدث", "ar", "rtl"},
	{"hebrew.html", "בואו נדבר", "he", "rtl"},
	{"configured.html", "Discutons", "fr", "ltr"},
	{"traditional.html", "Let's Chat", "en", "ltr"},
	{"mandarin.html", "开始聊天", "zh", "ltr"},
	{"texts.html", "Talk to us", "en", "ltr"},
	{"french-texts.html", "Parlons {name}", "fr", "ltr"},
}

// TestPrewasmButtonBeforeReady: the chat button is on screen while the
// wasm downloads, in the widget's language, accessible,
// keyboard-focusable with its name, and the runtime's own button at ready
// is the same in every respect.
func TestPrewasmButtonBeforeReady(t *testing.T) {
	for _, p := range earlyPages {
		t.Run(p.page, func(t *testing.T) {
			t.Parallel()
			testButtonBeforeReady(t, p)
		})
	}
}

func testButtonBeforeReady(t *testing.T, p earlyPage) {
	key, release := holdWasm(t)
	tb := newTab(t)
	tb.navigate("/prewasm/" + key + "/" + p.page)
	tb.waitEarlyButton()
	tb.assertWidgetAccessible("the chat button before the wasm", idLauncher)
	assert.Equal(t, p.name, evalJS[string](tb,
		`__e2e.root().getElementById("oc-lcw-chat-button").textContent`), "the button's name")
	tb.clickPage("page-button")
	tb.tabs(false, "widget #"+idLauncher)
	tb.assertFocusVisible()
	early := evalJS[launcherLook](tb, launcherLookJS)
	assert.Equal(t, 1, early.Hosts)
	assert.Equal(t, 1, early.Sheets, "the stylesheet is adopted, as the runtime adopts it")
	assert.Contains(t, early.HTML, `<span class="lcw-launcher-text" dir="auto">`+p.name+`</span>`)
	assert.Equal(t, p.lang, early.Host["lang"], "the host's lang")
	assert.Equal(t, p.dir, early.Host["dir"], "the host's dir")
	assert.Equal(t, p.dir, early.Style["direction"], "the button's direction")
	assert.Empty(t, tb.resources("/lang-"), "the early button fetches no texts")

	release()
	tb.waitReady()
	tb.settle()
	ready := evalJS[launcherLook](tb, launcherLookJS)
	assert.Equal(t, early.HTML, ready.HTML, "the shadow root's markup")
	assert.Equal(t, early.Host, ready.Host, "the host's attributes")
	assert.Equal(t, early.Rect, ready.Rect, "the button's box")
	assert.Equal(t, early.Style, ready.Style, "the button's computed style")
	assert.Equal(t, 1, ready.Hosts, "the early button is gone")
	assert.Equal(t, "widget #"+idLauncher, tb.focus(), "focus stays on the button")
	assert.Empty(t, tb.consoleOf("error"))
}

// resources are the URLs the page fetched that hold part.
func (tb *tab) resources(part string) []string {
	tb.t.Helper()
	return evalJS[[]string](tb, fmt.Sprintf(`performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes(%q))`, part))
}

// TestPrewasmClickBeforeReady: a click, or Enter, or Space on the chat
// button before ready is kept, and the pane opens at ready, in the
// widget's language.
func TestPrewasmClickBeforeReady(t *testing.T) {
	for _, c := range []struct{ how, page string }{
		{"click", "page.html"}, {"Enter", "page.html"}, {"Space", "page.html"},
		{"click", "french.html"}, {"Enter", "hebrew.html"}, {"click", "arabic.html"},
	} {
		t.Run(c.how+"/"+c.page, func(t *testing.T) {
			t.Parallel()
			key, release := holdWasm(t)
			tb := newTab(t)
			tb.navigate("/prewasm/" + key + "/" + c.page)
			tb.waitEarlyButton()
			switch c.how {
			case "click":
				tb.click(idLauncher)
			case "Enter":
				tb.clickPage("page-button")
				tb.tabs(false, "widget #"+idLauncher)
				tb.press(kb.Enter)
			case "Space":
				tb.clickPage("page-button")
				tb.tabs(false, "widget #"+idLauncher)
				tb.press(" ")
			}
			tb.settle()
			assert.False(t, tb.shown(idChat), "the pane waits for the runtime")
			assert.True(t, tb.shown(idLauncher), "the button stays until ready")
			lang := evalJS[string](tb, `document.getElementById("oc-lcw").lang`)

			release()
			tb.waitReady()
			tb.waitShown(idChat)
			waitJS(t, tb.ctx, `__e2e.root().getElementById("oc-lcw-chat").contains(__e2e.root().activeElement)`, waitTimeout)
			assert.False(t, tb.shown(idLauncher), "the pane took the button's place")
			assert.Equal(t, 1, evalJS[int](tb, `document.querySelectorAll("#oc-lcw").length`))
			assert.Equal(t, lang, evalJS[string](tb, `document.getElementById("oc-lcw").lang`), "the pane speaks the button's language")
			tb.assertWidgetAccessible("the pane opened by the early click", idChat)
		})
	}
}

// TestPrewasmNoEarlyButton: where the loader cannot tell that the widget
// will show the chat button as the template does, it stamps nothing: a
// hidden button, a configured text the runtime does not say as it is (""
// is said in English, in a French widget).
func TestPrewasmNoEarlyButton(t *testing.T) {
	for _, page := range []string{"hidden.html", "empty-text.html"} {
		t.Run(page, func(t *testing.T) {
			t.Parallel()
			key, release := holdWasm(t)
			tb := newTab(t)
			tb.navigate("/prewasm/" + key + "/" + page)
			// The configuration and the stylesheet have arrived, and the
			// loader had a turn after them.
			waitJS(t, tb.ctx, `performance.getEntriesByType("resource").filter(e =>
				e.name.includes("/config") || e.name.endsWith(".css") && e.name.includes("/prewasm/")).length >= 2`, waitTimeout)
			tb.settle()
			assert.Nil(t, evalJS[any](tb, `document.getElementById("oc-lcw")`), "nothing of the widget before ready")
			release()
			tb.waitReady()
			assert.Equal(t, 1, evalJS[int](tb, `document.querySelectorAll("#oc-lcw").length`))
			switch page {
			case "hidden.html":
				assert.False(t, tb.shown(idLauncher), "the runtime hides it too")
			case "empty-text.html":
				assert.Equal(t, "Let's Chat", tb.text(idLauncher), "the runtime's button says the English text")
				assert.Equal(t, "fr", evalJS[string](tb, `document.getElementById("oc-lcw").lang`), "in a French widget")
			}
		})
	}
}
