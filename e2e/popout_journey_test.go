package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The visitor's journey reaches the agent when the chat runs in the
// pop-out (docs/sdk.md, "The pop-out window"): the widget e2e-popjourney
// invites, in a new window, on the journey's third page, c.html.
const (
	popjourneyApp     = "e2e-popjourney"
	popjourneyMessage = "E2E pop-out journey: shall we talk in a window of its own?"
)

func popjourneyWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{popjourneyApp: json.RawMessage(fmt.Sprintf(`{"appId": %q,
		"proactiveChat": {"enabled": true}, "chat": {"enabled": true},
		"proactiveRules": {"rules": [{"id": "popjourney-c", "conditions": [{"path": {"equals": "/e2e/rules/c.html"}}],
			"invitation": {"message": %q, "showPrechat": false, "inNewWindow": true}}]}}`, popjourneyApp, popjourneyMessage))}
}

// TestPopoutChatCarriesTheJourney: a visitor browses three pages and
// accepts the rule's invitation, which opens the chat in a new window.
// Nothing of the journey left the page before; the agent (rosa) sees what
// an in-page chat would have shown: the three pages with the time on
// each (not popout.html), the page URL and referrer of the page that
// opened the window, and the invitation accepted there; and popout.html
// does not join the journey.
func TestPopoutChatCarriesTheJourney(t *testing.T) {
	t.Parallel()
	agent := signInRight(t, "rosa")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.addScript(spyOnSends)
	visitor.installWidget(rulesWidget{App: popjourneyApp})
	visitor.open("a.html")
	visitor.openFrom("b.html", baseURL+"/e2e/rules/a.html")
	visitor.openFrom("c.html?run="+run, baseURL+"/e2e/rules/b.html")
	visitor.waitRule("popjourney-c")
	for _, s := range sent(visitor) {
		for _, secret := range []string{"Rules fixture", `"pages"`, "shall we talk"} {
			assert.NotContains(t, s, secret, "sent before the visitor accepted")
		}
	}

	win := popoutOf(t, visitor, func() { visitor.click(idStart) })
	popoutChats(t, win)
	// The pop-out runs no rules: popout.html does not join the journey
	// the visitor's next page, and its next chat, will have.
	assert.NotContains(t, evalJS[string](visitor, `localStorage.getItem("lcwasm:`+popjourneyApp+`:journey") ?? ""`), "popout.html")
	acceptChat(t, agent, run)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(run)+`)`, waitTimeout)
	rows := evalJS[map[string]string](agent, `(() => { const out = {};
		for (const dt of document.querySelectorAll("#details dt")) out[dt.textContent] = dt.nextElementSibling.textContent;
		return out; })()`)
	assert.Equal(t, baseURL+"/e2e/rules/c.html?run="+run, rows["Page URL"], "the page that opened the window")
	assert.Equal(t, baseURL+"/e2e/rules/b.html", rows["Referrer"], "that page's referrer")
	assert.Equal(t, popjourneyMessage, rows["Invitation shown"], "the invitation accepted there")
	assert.Equal(t, "Invitation: popjourney-c", rows["Why they came"])
	pages := evalJS[[]string](agent, `[...document.querySelectorAll("#details ol.pages li")].map((li) => li.textContent)`)
	require.Len(t, pages, 3, "the session's pages, as the page that opened the window had them: %v", pages)
	for i, name := range []string{"a", "b", "c"} {
		assert.Regexp(t, `^Rules fixture `+strings.ToUpper(name)+` /e2e/rules/`+name+`\.html · \d+ s$`, pages[i])
	}
	assert.Empty(t, visitor.events("lcw:startChat"), "the chat started in the pop-out, not in the page")
	endChat(agent)
}

// TestPopoutChecksTheOpenersPages: a page that opens popout.html itself
// (no widget, as a test of the pop-out's side) answers its hello with
// pages of its own: a list as the widget makes it reaches the service,
// with the time on each, and one over the chat's budget of 20 pages gives
// no pages at all (neither those nor popout.html's own).
func TestPopoutChecksTheOpenersPages(t *testing.T) {
	t.Parallel()
	svc, org := popctxService(t)
	jwt := visitorJWT(t)
	type page struct {
		Path   string  `json:"path"`
		Title  string  `json:"title"`
		TimeMs float64 `json:"timeMs"`
	}
	chat := func(t *testing.T, pages string) []page {
		t.Helper()
		run := unique(t)
		tb := newTab(t)
		tb.navigate("/e2e/popsec/opener.html")
		windowOpenedBy(t, tb, tb.ctx, func() {
			tb.eval(`const now = Date.now();
			window.__win = window.open("/lcw/popout.html?data-lcw-popout=true", ` + jsString(run) + `, "popup,width=420,height=640");
			addEventListener("message", (e) => {
				if (e.source !== __win) return;
				if (e.data?.lcwasm === "popout-hello") __win.postMessage({lcwasm: "popout-attrs",
					attrs: {"data-app-id": ` + jsString(popctxAuthApp) + `, "data-org-url": ` + jsString(org) + `},
					page: {url: ` + jsString("https://shop.example/"+run) + `, referrer: "", timeOnPageMs: 0, auth: true,
						pages: ` + pages + `}}, e.origin);
				if (e.data?.lcwasm === "popout-auth") __win.postMessage({lcwasm: "popout-token", token: ` + jsString(jwt) + `}, e.origin);
			});`)
		})
		require.Eventually(t, func() bool { return len(svc.find(run)) == 1 }, waitTimeout, 50*time.Millisecond, "the chat reaches the service")
		var ctx struct {
			Pages []page `json:"pages"`
		}
		require.NoError(t, json.Unmarshal(svc.one(run).Context, &ctx))
		return ctx.Pages
	}
	t.Run("as the widget sends them", func(t *testing.T) {
		t.Parallel()
		got := chat(t, `[{path: "/shop/a", title: "Shop A", startMs: now - 5000}, {path: "/shop/b", title: "Shop B", startMs: now - 2000}]`)
		require.Len(t, got, 2, "%v", got)
		assert.Equal(t, page{Path: "/shop/a", Title: "Shop A", TimeMs: 3000}, got[0])
		assert.Equal(t, "/shop/b", got[1].Path)
		assert.GreaterOrEqual(t, got[1].TimeMs, 2000.0, "the last page counts up to the pop-out chat's start")
	})
	t.Run("over the budget", func(t *testing.T) {
		t.Parallel()
		got := chat(t, `Array.from({length: 21}, (_, i) => ({path: "/p" + i, title: "P", startMs: now - 30000 + i}))`)
		assert.Empty(t, got, "21 pages: none of them, nor popout.html")
	})
}
