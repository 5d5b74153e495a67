package e2e

// The pop-out takes the widget's attributes from the page that opened it,
// never from its own URL: a crafted link to popout.html naming another
// chat server (a phishing page under the site's own address) must not
// connect anywhere. These tests point the crafted links at /popsec-evil/,
// an endpoint of the suite's own origin that counts what reaches it (so the
// pop-out's CSP, which allows its own origin, would not hide a request),
// and check it is never asked.

import (
	"context"
	"html"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// popoutRefusal is what a refused pop-out says in its page.
const popoutRefusal = "This chat window must be opened from the website's chat. Close it and start the chat again."

// evilHits counts the requests that reached /popsec-evil/<run>/, by run.
var evilHits = struct {
	sync.Mutex
	n map[string]int
}{n: map[string]int{}}

// popsecRoutes is the pop-out security tests' row of fixtures.
func popsecRoutes() map[string]http.Handler {
	routes := map[string]http.Handler{}
	// A page embedding the widget from the suite's origin (whatever origin
	// the page itself is on), with the chat server the query names.
	routes["/popsec/embed.html"] = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>embeds the widget from elsewhere</title></head>
<body><main><h1>Another origin</h1></main>
<script id="Microsoft_Omnichannel_LCWidget" src="` + html.EscapeString(baseURL) + `/lcw/lcw.js" data-app-id="e2e-chat" data-org-url="` +
			html.EscapeString(r.URL.Query().Get("org")) + `"></script></body></html>`))
	})
	routes["/popsec-evil/"] = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		run, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/popsec-evil/"), "/")
		evilHits.Lock()
		evilHits.n[run]++
		evilHits.Unlock()
		// What an attacker's chat server would answer: a widget with chat on.
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"appId": "e2e-chat", "chat": {"enabled": true}}`))
	})
	return routes
}

// evilOrg returns a chat-server URL that counts its requests, and the
// function reading the count.
func evilOrg(t *testing.T) (string, func() int) {
	run := unique(t)
	return baseURL + "/popsec-evil/" + run + "/", func() int {
		evilHits.Lock()
		defer evilHits.Unlock()
		return evilHits.n[run]
	}
}

// craftedPopout is the phishing link: the bundle's own popout.html with
// the attributes an attacker chose in its query string.
func craftedPopout(org string) string {
	return "/lcw/popout.html?data-lcw-popout=true&data-app-id=e2e-chat&data-org-url=" + org
}

// TestPopoutCraftedLinkConnectsNowhere: a tab sent straight to a crafted
// pop-out link (no opener) reports lcw:error 7, says in the page that the
// window must be opened from the website's chat, starts no widget, and the
// chat server named in the link is never asked.
func TestPopoutCraftedLinkConnectsNowhere(t *testing.T) {
	t.Parallel()
	org, hits := evilOrg(t)
	tb := newTab(t)
	mark := tb.consoleMark()
	tb.navigate(craftedPopout(org))
	waitJS(t, tb.ctx, `__e2e.events("lcw:error").length > 0`, waitTimeout)
	errs := tb.events("lcw:error")
	require.Len(t, errs, 1)
	assert.Equal(t, float64(7), errs[0].Detail["errorCode"])
	assert.Contains(t, errs[0].Detail["errorDescription"], "no opener")
	tb.waitConsole("error", mark, "failed to load", "no opener")
	assert.Equal(t, popoutRefusal, evalJS[string](tb, `document.getElementById("lcw-popout-refused")?.textContent ?? ""`))
	assert.Equal(t, "alert", evalJS[string](tb, `document.getElementById("lcw-popout-refused").getAttribute("role")`))
	assert.False(t, evalJS[bool](tb, `!!document.getElementById("oc-lcw")`), "no widget starts")
	assert.False(t, evalJS[bool](tb, lcwNS+`.isReady`))
	assert.Zero(t, hits(), "the chat server named in the link is never contacted")
	// Nor afterwards: the SDK stays a queue that reports the failure.
	assert.Equal(t, false, evalJS[bool](tb, `(async () => (await `+sdk+`.getAgentAvailability()).isAgentAvailable)()`))
	assert.Zero(t, hits())
}

// TestPopoutRefusesAnOpenerThatIsNotTheWidget: a page that opens the
// crafted link itself with window.open is an opener, but not the widget's
// runtime: it never answers, so the pop-out gives up after its bound (5 s)
// with the same refusal. A forged answer posted by another window (here an
// iframe of the opener) is ignored: only window.opener is heard.
func TestPopoutRefusesAnOpenerThatIsNotTheWidget(t *testing.T) {
	t.Parallel()
	for _, forge := range []bool{false, true} {
		name := "silent opener"
		if forge {
			name = "forged answer from an iframe"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			org, hits := evilOrg(t)
			forgedOrg, forgedHits := evilOrg(t)
			tb := newTab(t)
			tb.navigate("/e2e/popsec/opener.html")
			// The opener watches the pop-out (same origin): its lcw:error and
			// the forged messages that reach it.
			windowOpenedBy(t, tb, tb.ctx, func() {
				tb.eval(`window.__pop = {errors: [], forged: 0, t0: performance.now()};
				window.__win = window.open(` + jsString(craftedPopout(org)) + `, ` + jsString(unique(t)) + `, "popup,width=420,height=640");
				window.__hook = setInterval(() => {
					let w = window.__win;
					try {
						if (!w.location.pathname.endsWith("/popout.html") || w.__hooked) return;
						w.__hooked = true;
						w.addEventListener("lcw:error", (e) => __pop.errors.push({
							code: e.detail.errorCode, text: e.detail.errorDescription, t: performance.now() - __pop.t0}));
						w.addEventListener("message", (e) => { if (e.data?.lcwasm === "popout-attrs") __pop.forged++; });
					} catch (e) { /* not navigated yet */ }
				}, 5);`)
			})
			if forge {
				// Another window than the opener answers for it, again and
				// again, with a chat server of its choice.
				tb.eval(`const f = document.createElement("iframe");
					f.srcdoc = "<script>setInterval(() => parent.__win.postMessage({lcwasm: 'popout-attrs', attrs: {'data-app-id': 'e2e-chat', 'data-org-url': " +
						JSON.stringify(` + jsString(forgedOrg) + `) + "}}, '*'), 20)</scr" + "ipt>";
					document.body.append(f);`)
			}
			// Refused, or (were the hole open) a widget that started.
			waitJS(t, tb.ctx, `__pop.errors.length > 0 || !!__win.document.getElementById("oc-lcw")`, waitTimeout)
			assert.Zero(t, hits(), "the chat server named in the link is never contacted")
			assert.Zero(t, forgedHits(), "nor the one of the forged answer")
			errs := evalJS[[]map[string]any](tb, `__pop.errors`)
			require.Len(t, errs, 1)
			assert.Equal(t, float64(7), errs[0]["code"])
			assert.Contains(t, errs[0]["text"], "did not answer within 5 s")
			elapsed := time.Duration(errs[0]["t"].(float64)) * time.Millisecond
			assert.GreaterOrEqual(t, elapsed, 5*time.Second, "the pop-out waits out its bound")
			assert.Less(t, elapsed, 15*time.Second, "and not much longer (the bound runs from the loader's start)")
			assert.Equal(t, popoutRefusal, evalJS[string](tb, `__win.document.getElementById("lcw-popout-refused")?.textContent ?? ""`))
			assert.False(t, evalJS[bool](tb, `!!__win.document.getElementById("oc-lcw")`), "no widget starts")
			if forge {
				assert.Positive(t, evalJS[int](tb, `__pop.forged`), "the forged answers reached the pop-out")
			}
			assert.Zero(t, hits()+forgedHits(), "nor afterwards")
		})
	}
}

// TestPopoutCarriesTheInvitationToTheAgent: an invitation accepted in a
// new window reaches the agent from the pop-out as proactive (its source
// travels with the attributes), its message is the pop-out chat's first
// line, marked as the invitation, and a reload of the pop-out, its opener
// still there, asks again and keeps the chat and that line.
func TestPopoutCarriesTheInvitationToTheAgent(t *testing.T) {
	t.Parallel()
	agent := signInRight(t, "frank")
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/chat-prechat.html")
	visitor.waitReady()
	visitor.startProactiveChat(`{message: "Questions?"}, true, {inNewWindow: true}`)
	visitor.waitShown(idInvitation)
	win := popoutOf(t, visitor, func() { visitor.click(idStart) })

	waitJS(t, win.ctx, `!!document.getElementById("oc-lcw")?.shadowRoot?.getElementById("oc-lcw-prechat")`, waitTimeout)
	root := `document.getElementById("oc-lcw").shadowRoot`
	name := "Mary Jackson " + unique(t)
	answerPrechat(win, root, name)
	acceptChat(t, agent, name)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(name)+`)`, waitTimeout)
	assert.Contains(t, evalJS[string](agent, `document.querySelector("#details").textContent`), "Invitation from the page",
		"the agent sees the chat as the answer to the invitation")
	waitJS(t, win.ctx, root+`.getElementById("oc-lcw-chat-status")?.textContent.includes("joined")`, waitTimeout)
	assert.False(t, evalJS[bool](win, `location.search.includes("org-url") || location.search.includes("app-id")`),
		"the pop-out's URL carries no attribute")
	first := root + `.getElementById("oc-lcw-chat-transcript").firstElementChild`
	assert.Equal(t, "oc-lcw-chat-invitation", evalJS[string](win, first+`?.id ?? ""`), "the invitation is the pop-out's first line")
	assert.Equal(t, "Chat invitationQuestions?", evalJS[string](win, first+`.textContent`), "its message, marked as the invitation")
	assert.Zero(t, evalJS[int](win, `[...`+root+`.querySelectorAll(".lcw-system")].filter(p => p.textContent.includes("Thanks for accepting")).length`),
		"not the generic line")

	// A reload asks the opener again, and the chat goes on.
	win.do(chromedp.Reload())
	waitJS(t, win.ctx, `!!document.getElementById("oc-lcw")?.shadowRoot?.getElementById("oc-lcw-chat-sendbox")`, waitTimeout)
	assert.False(t, evalJS[bool](win, `!!document.getElementById("lcw-popout-refused")`))
	agent.do(sendKeys("#text", "Still there? "+name), chromedp.Click("#send button"))
	waitJS(t, win.ctx, `[...`+root+`.querySelectorAll(".lcw-msg-agent .lcw-msg-text")].some(p => p.textContent === `+jsString("Still there? "+name)+`)`, waitTimeout)
	assert.Equal(t, "oc-lcw-chat-invitation", evalJS[string](win, first+`?.id ?? ""`), "still the first line after a reload")
	assert.Contains(t, evalJS[string](win, first+`.textContent`), "Questions?")
	// A reload says "closed" as the old document goes, then hello again.
	// Said on purpose, in that order (messages from one window arrive in
	// order, so the answer to the hello means both were heard), the chat
	// stays in the pop-out: the page does not open another one here
	// (startChat renders its pane, the survey, synchronously).
	assert.True(t, evalJS[bool](win, `new Promise(done => {
		addEventListener("message", e => { if (e.source === opener && e.data?.lcwasm === "popout-attrs") done(true); });
		opener.postMessage({lcwasm: "lcwasm:popout-closed"}, "*");
		opener.postMessage({lcwasm: "popout-hello"}, "*");
	})`))
	assert.False(t, evalJS[bool](visitor, `(`+sdk+`.startChat(), !!(__e2e.el("oc-lcw-chat") || __e2e.el("oc-lcw-prechat")))`),
		"startChat on the page while the pop-out chats opens nothing here")

	// Closed for good, the page takes the chat back.
	visitor.call(func(ctx context.Context) error {
		_, err := chromedp.CallBrowser(ctx, target.CloseTarget, target.CloseTargetParams{TargetID: chromedp.FromContext(win.ctx).Target.TargetID})
		return err
	})
	waitJS(t, visitor.ctx, `(`+sdk+`.startChat(), !!(__e2e.el("oc-lcw-chat") || __e2e.el("oc-lcw-prechat")))`, waitTimeout)
}

// TestPopoutWithOpenInWindowChats: a page with data-open-in-window opens
// its chats in the pop-out, which gets that attribute too and must chat
// there rather than open itself again.
func TestPopoutWithOpenInWindowChats(t *testing.T) {
	t.Parallel()
	// A browser context of its own: other tests chat with e2e-chat too,
	// and a chat they leave stored would be resumed here.
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/popsec/open-in-window.html")
	visitor.waitReady()
	win := popoutOf(t, visitor, func() { visitor.click(idLauncher) })
	waitJS(t, win.ctx, `!!document.getElementById("oc-lcw")?.shadowRoot?.getElementById("oc-lcw-chat-sendbox")`, waitTimeout)
	assert.Nil(t, evalJS[any](visitor, `__e2e.el("oc-lcw-chat")`), "the page itself opens no chat pane")
}

// TestPopoutRefusesOnceItsOpenerIsGone: a pop-out reloaded after the page
// that opened it was closed has no one to ask: the same refusal, at once.
func TestPopoutRefusesOnceItsOpenerIsGone(t *testing.T) {
	t.Parallel()
	org, hits := evilOrg(t)
	opener, closeOpener := openClosableTab(t, browserCtx)
	opener.navigate("/e2e/popsec/opener.html")
	// The pop-out's tab hangs off the browser, not off the opener's tab,
	// so that it outlives it.
	win := windowOpenedBy(t, opener, browserCtx, func() {
		opener.eval(`window.open(` + jsString(craftedPopout(org)) + `, ` + jsString(unique(t)) + `, "popup,width=420,height=640"); void 0`)
	})
	ctx := win.ctx
	win.addScript(recorderJS)
	closeOpener()
	waitJS(t, ctx, `window.opener === null || window.opener.closed`, waitTimeout)

	start := time.Now()
	win.do(chromedp.Reload())
	waitJS(t, ctx, `__e2e.events("lcw:error").length > 0`, waitTimeout)
	assert.Less(t, time.Since(start), 4*time.Second, "no wait for an answer that cannot come")
	errs := win.events("lcw:error")
	require.Len(t, errs, 1)
	assert.Equal(t, float64(7), errs[0].Detail["errorCode"])
	assert.Regexp(t, `no opener|was closed`, errs[0].Detail["errorDescription"])
	assert.Equal(t, popoutRefusal, evalJS[string](win, `document.getElementById("lcw-popout-refused")?.textContent ?? ""`))
	assert.Zero(t, hits(), "the chat server named in the link is never contacted")
}

// otherOrigin is baseURL under another origin (localhost for 127.0.0.1):
// the same server, as another site.
func otherOrigin(t *testing.T) string {
	t.Helper()
	require.Contains(t, baseURL, "://127.0.0.1:")
	return strings.Replace(baseURL, "://127.0.0.1:", "://localhost:", 1)
}

// TestPopoutServesOnlyItsOwnSite: a page of another site that opens
// popout.html itself and answers its hello gets a chat window under this
// origin's address only with this origin's chat server; naming its own, it
// gets the refusal. (The forged chat server is on the other origin, which
// the pop-out's CSP would block anyway: the proof is that no widget
// starts.)
func TestPopoutServesOnlyItsOwnSite(t *testing.T) {
	t.Parallel()
	other := otherOrigin(t)
	for _, tt := range []struct {
		name, org string
		refused   bool
	}{
		{"its own chat server", other + "/popsec-evil/x/", true},
		{"this origin's chat server", baseURL, false},
		{"the default chat server", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.do(chromedp.Navigate(other + "/e2e/popsec/opener.html"))
			win := windowOpenedBy(t, tb, browserCtx, func() {
				tb.eval(`window.__answers = 0;
					window.addEventListener("message", (e) => {
						if (e.data?.lcwasm !== "popout-hello") return;
						__answers++;
						e.source.postMessage({lcwasm: "popout-attrs", attrs: {"data-app-id": "e2e-chat", "data-org-url": ` + jsString(tt.org) + `}}, "*");
					});
					window.open(` + jsString(baseURL+"/lcw/popout.html?data-lcw-popout=true") + `, ` + jsString(unique(t)) + `, "popup,width=420,height=640"); void 0`)
			})
			ctx := win.ctx
			// From the start, with the recorder: a reload asks again.
			win.addScript(recorderJS)
			win.do(chromedp.Reload())
			waitJS(t, ctx, `__e2e.events("lcw:error").length > 0 || `+lcwNS+`.isReady === true`, waitTimeout)
			assert.Positive(t, evalJS[int](tb, `__answers`), "the opener answered")
			if !tt.refused {
				assert.Empty(t, win.events("lcw:error"))
				waitJS(t, ctx, `!!__e2e.el("oc-lcw-chat")`, waitTimeout)
				return
			}
			errs := win.events("lcw:error")
			require.Len(t, errs, 1)
			assert.Equal(t, float64(7), errs[0].Detail["errorCode"])
			assert.Contains(t, errs[0].Detail["errorDescription"], "a page on "+other+" opened this chat window")
			assert.Equal(t, popoutRefusal, evalJS[string](win, `document.getElementById("lcw-popout-refused")?.textContent ?? ""`))
			assert.False(t, evalJS[bool](win, `!!document.getElementById("oc-lcw")`), "no widget starts")
		})
	}
}

// TestPopoutFromAnotherSiteChatsInThePage: a page that loads lcw.js from
// another origin and names a chat server on a third would be refused by
// the pop-out, so the widget does not open it: the chat opens in the page,
// and the console says why.
func TestPopoutFromAnotherSiteChatsInThePage(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.addScript(`window.__opened = 0; const open = window.open; window.open = function () { __opened++; return open.apply(this, arguments); };`)
	tb.do(chromedp.Navigate(otherOrigin(t) + "/popsec/embed.html?org=https://chat.invalid/"))
	tb.waitReady()
	mark := tb.consoleMark()
	tb.eval(sdk + `.startChat({inNewWindow: true})`)
	tb.waitShown(idChat)
	tb.waitConsole("warning", mark, "the chat opens in this page", "popout.html on "+baseURL, "chat server on https://chat.invalid")
	assert.Zero(t, evalJS[int](tb, `__opened`), "no window opened")
}

// TestPopoutRefusesAMessageOfTheWrongShape: an opener whose answer names
// an invitation message that is not a string is refused like any answer
// of the wrong shape (lcw:error 7 naming it), and no widget starts.
func TestPopoutRefusesAMessageOfTheWrongShape(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/e2e/popsec/opener.html")
	windowOpenedBy(t, tb, tb.ctx, func() {
		tb.eval(`window.__pop = {errors: []};
		window.__win = window.open("/lcw/popout.html?data-lcw-popout=true", ` + jsString(unique(t)) + `, "popup,width=420,height=640");
		addEventListener("message", (e) => {
			if (e.source !== __win || e.data?.lcwasm !== "popout-hello") return;
			__win.postMessage({lcwasm: "popout-attrs", attrs: {"data-app-id": "e2e-chat"},
				source: {kind: "rule", ruleId: "r", message: {html: "<b>hi</b>"}}}, "*");
		});
		window.__hook = setInterval(() => {
			let w = window.__win;
			try {
				if (!w.location.pathname.endsWith("/popout.html") || w.__hooked) return;
				w.__hooked = true;
				w.addEventListener("lcw:error", (e) => __pop.errors.push(e.detail.errorDescription));
			} catch (e) { /* not navigated yet */ }
		}, 5);`)
	})
	waitJS(t, tb.ctx, `__pop.errors.length > 0 || !!__win.document.getElementById("oc-lcw")`, waitTimeout)
	errs := evalJS[[]string](tb, `__pop.errors`)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "an invitation source of the wrong shape")
	assert.Equal(t, popoutRefusal, evalJS[string](tb, `__win.document.getElementById("lcw-popout-refused")?.textContent ?? ""`))
	assert.False(t, evalJS[bool](tb, `!!__win.document.getElementById("oc-lcw")`), "no widget starts")
}
