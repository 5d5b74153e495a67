package e2e

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

// The README's placeholders for the chat server and the site.
const (
	docChatOrigin = "https://chat.example.com"
	docSiteOrigin = "https://shop.example.com"
)

var (
	docJSON = regexp.MustCompile("(?s)```json\n(.*?)```")
	docHTML = regexp.MustCompile("(?s)```html\n(.*?)```")
)

// ownSiteDocs returns the README's "Add it to your own site" widgets file
// and script tag, verbatim.
func ownSiteDocs(t *testing.T) (widgets, snippet string) {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	_, sec, ok := strings.Cut(string(b), "\n## Add it to your own site\n")
	require.True(t, ok, "README.md has no \"Add it to your own site\"")
	sec, _, _ = strings.Cut(sec, "\n## ")
	j, h := docJSON.FindStringSubmatch(sec), docHTML.FindStringSubmatch(sec)
	require.NotNil(t, j, "no widgets file in the checklist")
	require.NotNil(t, h, "no script tag in the checklist")
	return j[1], h[1]
}

// TestOwnSiteFromTheReadme follows the README's checklist literally, with
// the page on an origin of its own (another port of 127.0.0.1) and the
// chat server on another: the widgets file as the docs give it (its rule
// invites after 20 s on /products/), the server as the docs run it, the
// script tag unchanged; only the example hosts become the test's. The
// invitation appears, the chat reaches an agent, and the same page on an
// origin the widget does not list is refused with lcw:error 10, which names
// the widget, the origin and the setting.
func TestOwnSiteFromTheReadme(t *testing.T) {
	t.Parallel()
	widgetsDoc, snippet := ownSiteDocs(t)

	pages := http.NewServeMux()
	site := httptest.NewServer(pages)
	t.Cleanup(site.Close)
	chatURL := ownSiteChatServer(t, strings.ReplaceAll(widgetsDoc, docSiteOrigin, site.URL))
	page := "<!doctype html><html lang=en><head><meta charset=utf-8><title>Tents</title></head>\n" +
		"<body><h1>Tents</h1><p>Our tents.</p>\n" + strings.ReplaceAll(snippet, docChatOrigin, chatURL) + "\n</body></html>\n"
	pages.HandleFunc("/products/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	})

	agentTab, _ := signInAt(t, chatURL, "erin")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.do(chromedp.Navigate(site.URL + "/products/tent.html?run=" + run))
	visitor.waitReady()
	waitJS(t, visitor.ctx, `__e2e.events("lcw:proactiveChatShown").length > 0`, 2*waitTimeout) // the documented 20 s
	assert.Equal(t, "rule", visitor.events("lcw:proactiveChatShown")[0].Detail["source"])
	visitor.click("oc-lcw-proactivechat-startbutton")
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agentTab, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)
	visitor.eval(`__e2e.el("oc-lcw-chat-input").value = "Is the tent waterproof?";
		__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
	visitor.waitEvent("lcw:onMessageSent")
	waitJS(t, agentTab.ctx, `document.querySelector("#transcript")?.textContent.includes("Is the tent waterproof?")`, waitTimeout)
	assert.Empty(t, visitor.events("lcw:error"))
	for _, m := range visitor.consoleMessages() {
		assert.NotEqual(t, "error", m.Type, "a documented configuration logs no error: %s", m.Text)
	}

	// The same page on an origin the widget does not list.
	other := strings.Replace(site.URL, "://127.0.0.1:", "://localhost:", 1)
	refused := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	refused.do(chromedp.Navigate(other + "/products/tent.html"))
	refused.waitReady()
	refused.eval(lcwNS + `.SDK.startChat()`)
	e := refused.waitEvent("lcw:error")
	assert.EqualValues(t, 10, e.Detail["errorCode"])
	desc, _ := e.Detail["errorDescription"].(string)
	for _, want := range []string{`widget "shop"`, other, `"allowedOrigins"`, "-allow-origin " + other} {
		assert.Contains(t, desc, want)
	}
	found := false
	for _, m := range refused.consoleMessages() {
		found = found || m.Type == "error" && strings.Contains(m.Text, desc)
	}
	assert.True(t, found, "the console says the same: %q", refused.consoleMessages())
}

// ownSiteChatServer runs the chat server as the README's steps 2 and 3 do
// with step 3's widgets file: the suite's dist, the widgets file added to
// the built-in widgets, one agent (erin, password erin), a store of its
// own. It returns its root URL.
func ownSiteChatServer(t *testing.T, widgetsFile string) string {
	t.Helper()
	own, err := server.ParseWidgets([]byte(widgetsFile))
	require.NoError(t, err)
	var shop map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(own["shop"], &shop), "the README's widget is \"shop\"")
	hash, err := testHash("erin")
	require.NoError(t, err)
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	h, err := server.New(server.Options{
		Site:    os.DirFS(".."),
		Dist:    os.DirFS(distDir),
		Widgets: server.MergeWidgets(server.DemoWidgets(), own),
		Logger:  slog.New(slog.DiscardHandler),
		Store:   st,
		Agents:  []agent.Account{{User: "erin", Name: "Erin", PasswordHash: hash}},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
