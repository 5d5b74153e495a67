package e2e

// The visitor's details on the agent console (issue 15 item 7, issue 14
// item 1): device, browser, language, time zone, the session's pages and
// the invitation, sent only when the visitor starts the chat; links in
// messages and details as safe anchors.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/widget"
)

const (
	detailsApp     = "e2e-details"
	detailsMessage = "E2E details: need a hand with these pages?"
	detailsZone    = "Pacific/Chatham" // a zone nobody's machine is in by chance
)

// detailsWidgets: e2e-details has a chat service and one rule, inviting
// on the journey's third page, c.html.
func detailsWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{detailsApp: json.RawMessage(fmt.Sprintf(`{"appId": %q,
		"proactiveChat": {"enabled": true}, "chat": {"enabled": true},
		"proactiveRules": {"rules": [{"id": "details-c", "conditions": [{"path": {"equals": "/e2e/rules/c.html"}}],
			"invitation": {"message": %q, "showPrechat": false}}]}}`, detailsApp, detailsMessage))}
}

// spyOnSends records, across the tab's page loads (sessionStorage), every
// socket frame, fetch, beacon and XHR a page sends: address and body.
const spyOnSends = `(() => {
	const put = (what) => {
		const all = JSON.parse(sessionStorage.getItem("__e2eSent") || "[]");
		all.push(String(what));
		sessionStorage.setItem("__e2eSent", JSON.stringify(all));
	};
	const wsSend = WebSocket.prototype.send;
	WebSocket.prototype.send = function (data) { put("ws " + this.url + " " + data); return wsSend.call(this, data); };
	const f = window.fetch;
	window.fetch = function (input, init) { put("fetch " + (input?.url || input) + " " + (init?.body ?? "")); return f.apply(this, arguments); };
	const beacon = navigator.sendBeacon.bind(navigator);
	navigator.sendBeacon = (url, data) => { put("beacon " + url + " " + (data ?? "")); return beacon(url, data); };
	const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
	XMLHttpRequest.prototype.open = function (m, url) { this.__url = url; return open.apply(this, arguments); };
	XMLHttpRequest.prototype.send = function (body) { put("xhr " + this.__url + " " + (body ?? "")); return send.apply(this, arguments); };
})();`

// sent is what the spy recorded, with the addresses of the page's
// resources.
func sent(tb *tab) []string {
	return evalJS[[]string](tb, `[...JSON.parse(sessionStorage.getItem("__e2eSent") || "[]"),
		...performance.getEntriesByType("resource").map((e) => "resource " + e.name)]`)
}

// TestConsoleVisitorDetails: a visitor browses three pages and accepts
// the rule's invitation; nothing of the details left the browser before
// (every frame, request and beacon of the visit is checked), and the
// start carries them. The agent sees the device, browser, language, time
// zone, the invitation and the three pages with the time on each, the
// page URL and referrer as links opening in a new tab without an opener;
// in messages an https address is a link and a javascript: one text.
func TestConsoleVisitorDetails(t *testing.T) {
	t.Parallel()
	agent := signInRight(t, "hugo")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: detailsZone})
		return err
	})
	visitor.addScript(spyOnSends)
	visitor.installWidget(rulesWidget{App: detailsApp})
	visitor.open("a.html")
	visitor.openFrom("b.html", baseURL+"/e2e/rules/a.html")
	visitor.openFrom("c.html?run="+run, baseURL+"/e2e/rules/b.html")
	visitor.waitRule("details-c")
	language := evalJS[string](visitor, `navigator.language`)
	require.Equal(t, detailsZone, evalJS[string](visitor, `Intl.DateTimeFormat().resolvedOptions().timeZone`))

	// Before the visitor starts the chat: none of it has left the page.
	before := sent(visitor)
	for _, s := range before {
		for _, secret := range []string{detailsZone, "Rules fixture", "Chrome", `"pages"`, `"timeZone"`, `"device"`, "need a hand"} {
			assert.NotContains(t, s, secret, "sent before the chat started")
		}
	}

	visitor.click("oc-lcw-proactivechat-startbutton")
	visitor.waitEvent("lcw:chatQueued")
	assert.True(t, slices.ContainsFunc(before, func(s string) bool { return strings.HasPrefix(s, "fetch ") && strings.Contains(s, "/availability") }),
		"the spy heard the page's requests before the start: %q", before)
	var start string
	waitJS(t, visitor.ctx, `JSON.parse(sessionStorage.getItem("__e2eSent") || "[]").some((s) => s.startsWith("ws ") && s.includes('"start"'))`, waitTimeout)
	for _, s := range sent(visitor) {
		if strings.HasPrefix(s, "ws ") && strings.Contains(s, `"start"`) {
			start = s
		}
	}
	require.NotEmpty(t, start, "the spy saw the start frame")
	for _, want := range []string{detailsZone, "Rules fixture B", `"device":"desktop"`, "Chrome"} {
		assert.Contains(t, start, want, "the start frame carries the details")
	}

	acceptChat(t, agent, run)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(run)+`)`, waitTimeout)
	rows := evalJS[map[string]string](agent, `(() => { const out = {};
		for (const dt of document.querySelectorAll("#details dt")) out[dt.textContent] = dt.nextElementSibling.textContent;
		return out; })()`)
	assert.Equal(t, "Desktop", rows["Device"])
	assert.Regexp(t, `^Headless Chrome \d+ on Linux$`, rows["Browser"])
	assert.Equal(t, language, rows["Language"])
	assert.Equal(t, detailsZone, rows["Time zone"])
	assert.Equal(t, detailsMessage, rows["Invitation shown"])
	assert.Equal(t, "Invitation: details-c", rows["Why they came"])
	// The invitation is the transcript's first line, marked with its rule,
	// as it is on the visitor's side.
	first := evalJS[[]string](agent, `(() => { const li = document.querySelector("#transcript li");
		return li ? [li.className, li.querySelector(".by")?.textContent, li.querySelector(".text")?.textContent] : []; })()`)
	assert.Equal(t, []string{"msg agent invitation", "Invitation · rule details-c", detailsMessage}, first)
	pages := evalJS[[]string](agent, `[...document.querySelectorAll("#details ol.pages li")].map((li) => li.textContent)`)
	require.Len(t, pages, 3, "the session's pages: %v", pages)
	for i, name := range []string{"a", "b", "c"} {
		assert.Regexp(t, `^Rules fixture `+strings.ToUpper(name)+` /e2e/rules/`+name+`\.html · \d+ s$`, pages[i])
	}
	type anchor struct{ Href, Text, Target, Rel string }
	anchors := func(sel string) []anchor {
		return evalJS[[]anchor](agent, `[...document.querySelectorAll(`+jsString(sel)+`)].map((a) =>
			({href: a.getAttribute("href"), text: a.textContent, target: a.target, rel: a.rel}))`)
	}
	page := baseURL + "/e2e/rules/c.html?run=" + run
	assert.Equal(t, []anchor{
		{Href: page, Text: page, Target: "_blank", Rel: "noopener noreferrer"},
		{Href: baseURL + "/e2e/rules/b.html", Text: baseURL + "/e2e/rules/b.html", Target: "_blank", Rel: "noopener noreferrer"},
	}, anchors("#details a"), "the page URL and the referrer are links")

	// A message: the https address is a link, the javascript: one text.
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)
	text := "Compare https://shop.example/boots?size=42. with javascript:alert(document.domain) and <b>x</b>"
	visitor.eval(`__e2e.el("oc-lcw-chat-input").value = ` + jsString(text) + `;
		__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
	waitJS(t, agent.ctx, `document.querySelector("#transcript")?.textContent.includes("<b>x</b>")`, waitTimeout)
	assert.Equal(t, []anchor{{Href: "https://shop.example/boots?size=42", Text: "https://shop.example/boots?size=42", Target: "_blank", Rel: "noopener noreferrer"}},
		anchors("#transcript a"))
	assert.False(t, evalJS[bool](agent, `!!document.querySelector("#transcript b, a[href^='javascript' i]")`), "text stays text")
	agent.assertAccessible("the details with pages and links (light)")
	agent.darkMode(true)
	agent.assertAccessible("the details with pages and links (dark)")
	agent.eval(`document.querySelector("#details").scrollIntoView()`)
	screenshot(agent, "desk-details")
	endChat(agent)
	visitor.waitEvent("lcw:threadUpdate")
}

// TestConsoleDetailsOfAHostileClient: a client that is not the widget
// sends a javascript: page URL and referrer and pages of markup; the
// console shows them as text, with no link.
func TestConsoleDetailsOfAHostileClient(t *testing.T) {
	t.Parallel()
	agent := signInRight(t, "iris")
	token := unique(t)
	v := startVisitor(t, token, map[string]any{"referrer": "javascript:alert(document.domain)",
		"browser": `<img src=x id=pwned-browser>`, "pages": []any{map[string]any{"path": `"><a href="javascript:alert(1)">x</a>`, "title": "<b>t</b>", "timeMs": 1000}}})
	defer v.ws.CloseNow()
	acceptChat(t, agent, token)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(token)+`)`, waitTimeout)
	details := evalJS[string](agent, `document.querySelector("#details").textContent`)
	assert.Contains(t, details, "javascript:alert(document.domain)")
	assert.Contains(t, details, `<img src=x id=pwned-browser>`)
	assert.Contains(t, details, "<b>t</b>")
	assert.Equal(t, []string{"https://shop.example/" + token},
		evalJS[[]string](agent, `[...document.querySelectorAll("#details a")].map((a) => a.href)`), "only the https page URL is a link")
	assert.False(t, evalJS[bool](agent, `!!document.querySelector("#details b, #details img, #pwned-browser")`))
}

// TestConsoleLinksAsTheWidget: the console's linkSegments splits text as
// widget.Linkify does, on the cases of widget/links_test.go and more.
func TestConsoleLinksAsTheWidget(t *testing.T) {
	t.Parallel()
	agent := newTab(t)
	agent.navigate("/agent") // the sign-in page: the module is the console's
	inputs := []string{"just words", "See https://shop.example.com/a?b=1#c.", "http://x.test, or mailto:help@example.com!",
		"HTTPS://EXAMPLE.COM", "javascript:alert(1)", "data:text/html,<b>x</b>", "xhttps://a.test", "https:// and mailto:",
		`<a href="https://a.test/x">`, "(https://en.wikipedia.org/wiki/Go_(language))", "https://a.test\nnext", "«https://a.test»",
		"詳細はhttps://a.test/日本。です", "", "a https://a.test/x), b [see http://b.test/y]!", "JavaScript:https://a.test",
		"mailto:a@b.test?subject=Hi%20there; ok", "https://a.test/'quoted'", "ftp://a.test file://x vbscript:y"}
	raw, err := json.Marshal(inputs)
	require.NoError(t, err)
	type seg struct {
		Text string `json:"text"`
		Link bool   `json:"link"`
	}
	got := evalJS[[][]seg](agent, `(async () => { const m = await import("/agent/static/text.js");
		return `+string(raw)+`.map((s) => m.linkSegments(s)); })()`)
	require.Len(t, got, len(inputs))
	for i, in := range inputs {
		want := []seg{}
		for _, s := range widget.Linkify(in) {
			want = append(want, seg{Text: s.Text, Link: s.Link})
		}
		assert.Equal(t, want, got[i], "%q", in)
	}
}
