package e2e

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// The pop-out's chat starts in the name of the page that opened it (SDK.md,
// "The agent side"): the page's URL, referrer and time on page, its context
// variables and its auth token. The widgets: e2e-popctx on the suite's
// server; e2e-popctx-auth on a test's own chat service (popctxService),
// which requires a JWT signed with faultsSecret and whose configuration
// names the page's global auth function popctxToken.
const (
	popctxApp     = "e2e-popctx"
	popctxAuthApp = "e2e-popctx-auth"
)

// popctxWidgets and popctxRoutes are the pop-out context tests' row of
// fixtures.
func popctxWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{popctxApp: json.RawMessage(`{"appId": "` + popctxApp + `",
		"proactiveChat": {"enabled": true}, "chat": {"enabled": true}}`)}
}

func popctxRoutes() map[string]http.Handler {
	return map[string]http.Handler{"/popctx/svc/": http.HandlerFunc(popctxServices.serve)}
}

// popctxServices are the tests' own chat services, each under
// /popctx/svc/<key>/ of the suite's server: the pop-out connects only to
// its own origin or https/wss, so a service on an address of its own
// would be out of its reach.
var popctxServices = &popctxRegistry{m: map[string]http.Handler{}}

// popctxRegistry holds the services by key.
type popctxRegistry struct {
	sync.Mutex
	m map[string]http.Handler
}

func (s *popctxRegistry) serve(w http.ResponseWriter, r *http.Request) {
	key, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/popctx/svc/"), "/")
	s.Lock()
	h := s.m[key]
	s.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	http.StripPrefix("/popctx/svc/"+key, h).ServeHTTP(w, r)
}

// popctxService starts a chat service of the test's own, with its own
// store, and returns it with its data-org-url.
func popctxService(t *testing.T) (*chatService, string) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "lcwasm.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	h, err := server.New(server.Options{
		Site: os.DirFS(".."), Dist: os.DirFS(distDir),
		Widgets: map[string]json.RawMessage{popctxAuthApp: json.RawMessage(`{"appId": "` + popctxAuthApp + `",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true}, "auth": {"function": "popctxToken"}}`)},
		Store: st, Logger: slog.New(slog.DiscardHandler),
		AuthKeys: map[string]srvchat.AuthKey{popctxAuthApp: {Alg: "HS256", Secret: faultsSecret}},
	})
	require.NoError(t, err)
	key := strconv.FormatInt(time.Now().UnixNano(), 36)
	popctxServices.Lock()
	popctxServices.m[key] = h
	popctxServices.Unlock()
	t.Cleanup(func() {
		popctxServices.Lock()
		delete(popctxServices.m, key)
		popctxServices.Unlock()
	})
	return &chatService{t: t, st: st}, baseURL + "/popctx/svc/" + key
}

// popctxPage opens popctx/page.html for app on the chat service org ("":
// the suite's server), reached from popctx/start.html (its referrer), and
// returns the tab and the page's URL.
func popctxPage(t *testing.T, app, org, run string) (*tab, string) {
	t.Helper()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	tb.navigate("/e2e/popctx/start.html?run=" + url.QueryEscape(run))
	page := baseURL + "/e2e/popctx/page.html?run=" + url.QueryEscape(run) + "&app=" + app + "&org=" + url.QueryEscape(org)
	tb.eval(`location.href = ` + jsString(page))
	tb.waitReady()
	require.Equal(t, page, evalJS[string](tb, `location.href`))
	return tb, page
}

// popoutChats waits for the chat pane's send box in the pop-out.
func popoutChats(t *testing.T, win *tab) {
	t.Helper()
	waitJS(t, win.ctx, `!!document.getElementById("oc-lcw")?.shadowRoot?.getElementById("oc-lcw-chat-sendbox")`, waitTimeout)
}

// hearPopoutErrors makes the page record the lcw:error events of the
// pop-out it opens, as "code description", in popoutErrors: its context
// provider, which it calls as it answers the pop-out's hello (before the
// pop-out's runtime starts), listens on the window it opened. (The
// pop-out's console, as the tests see it, may miss what it logged.)
func hearPopoutErrors(visitor *tab) {
	visitor.eval(`window.popoutErrors = [];
		const open = window.open;
		window.open = function (...args) { return window.popout = open.apply(this, args); };` +
		sdk + `.setContextProvider(() => {
			popout.addEventListener("lcw:error", (e) => popoutErrors.push(e.detail.errorCode + " " + e.detail.errorDescription));
			return {};
		});`)
}

// popoutFailed waits for the pop-out's pane to say the chat could not
// start, and returns the pop-out's lcw:error events (hearPopoutErrors).
func popoutFailed(t *testing.T, visitor, win *tab) []string {
	t.Helper()
	waitJS(t, win.ctx, `document.getElementById("oc-lcw")?.shadowRoot?.textContent.includes("Sorry, the chat could not start.")`, waitTimeout)
	return evalJS[[]string](visitor, `popoutErrors`)
}

// errorCodes are the codes of the lcw:error events the page heard.
func errorCodes(tb *tab) []float64 {
	var codes []float64
	for _, e := range tb.events("lcw:error") {
		code, _ := e.Detail["errorCode"].(float64)
		codes = append(codes, code)
	}
	return codes
}

// storedContext is the start context the service stored for a conversation.
type storedContext struct {
	PageURL       string         `json:"pageUrl"`
	Referrer      string         `json:"referrer"`
	TimeOnPageMs  float64        `json:"timeOnPageMs"`
	Custom        map[string]any `json:"custom"`
	Authenticated *struct {
		Sub string `json:"sub"`
	} `json:"authenticated"`
}

func contextOf(t *testing.T, c stored) storedContext {
	t.Helper()
	var sc storedContext
	require.NoError(t, json.Unmarshal(c.Context, &sc))
	return sc
}

// TestPopoutChatCarriesThePage: a chat the page opens in a new window two
// seconds after it loaded reaches the agent as the page's: its URL (not
// popout.html's), its referrer, a time on page that counts the page's two
// seconds, and the displayable variables of the page's context provider,
// called when the pop-out asked (the agent console signs in as dave).
func TestPopoutChatCarriesThePage(t *testing.T) {
	t.Parallel()
	agent := signInRight(t, "dave")
	run := unique(t)
	visitor, page := popctxPage(t, popctxApp, "", run)
	visitor.eval(sdk + `.setContextProvider(() => ({
		plan: {value: "gold-` + run + `", isDisplayable: true},
		secret: {value: "hidden-from-agents", isDisplayable: false}}));`)
	waitJS(t, visitor.ctx, `performance.now() > 2000`, waitTimeout)
	win := popoutOf(t, visitor, func() { visitor.eval(sdk + `.startChat({inNewWindow: true})`) })
	popoutChats(t, win)

	acceptChat(t, agent, run)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes("gold-`+run+`")`, waitTimeout)
	details := evalJS[map[string]string](agent, `(() => {
		const out = {};
		for (const dt of document.querySelectorAll("#details dt")) out[dt.textContent] = dt.nextElementSibling.textContent;
		return out;
	})()`)
	assert.Equal(t, page, details["Page URL"], "the page's URL, not popout.html's")
	assert.Equal(t, baseURL+"/e2e/popctx/start.html?run="+url.QueryEscape(run), details["Referrer"], "the page's referrer")
	assert.Equal(t, "gold-"+run, details["plan"], "a displayable variable of the page's context provider")
	assert.NotContains(t, details, "secret", "a variable not marked displayable stays hidden")
	secs, err := strconv.Atoi(strings.TrimSuffix(details["Time on page"], " s"))
	require.NoError(t, err, "time on page: %q", details["Time on page"])
	assert.GreaterOrEqual(t, secs, 2, "the time on page counts the page's seconds before the pop-out opened")
	assert.Empty(t, errorCodes(visitor), "no lcw:error in the page")
	assert.Empty(t, visitor.events("lcw:startChat"), "the chat started in the pop-out, not in the page")
}

// TestPopoutChatTakesThePageToken: the page's auth function (the one its
// configuration names, which popout.html lacks) gives the pop-out's chat
// its token, by a callback called later; startChat's customContext goes
// with it, its usable variables only (the others are reported in the
// page), in place of the context provider, which is not called.
func TestPopoutChatTakesThePageToken(t *testing.T) {
	t.Parallel()
	svc, org := popctxService(t)
	run := unique(t)
	visitor, page := popctxPage(t, popctxAuthApp, org, run)
	jwt := visitorJWT(t)
	visitor.eval(`window.tokenCalls = 0;
		window.popctxToken = (cb) => { tokenCalls++; setTimeout(() => cb(` + jsString(jwt) + `), 50); };` +
		sdk + `.setContextProvider(() => { throw new Error("not to be called"); });`)
	mark := visitor.consoleMark()
	win := popoutOf(t, visitor, func() {
		visitor.eval(sdk + `.startChat({inNewWindow: true, customContext: {
			order: {value: "A-17", isDisplayable: true}, basket: {items: 3}}})`)
	})
	popoutChats(t, win)
	visitor.waitConsole("error", mark, "customContext", "basket")

	require.Eventually(t, func() bool { return len(svc.find(run)) == 1 }, waitTimeout, 50*time.Millisecond, "the chat reaches the service")
	c := contextOf(t, svc.one(run))
	assert.Equal(t, page, c.PageURL)
	assert.Equal(t, []string{"order"}, customKeys(t, svc.one(run)))
	if assert.NotNil(t, c.Authenticated, "the service verified the page's token") {
		assert.Equal(t, "visitor-42", c.Authenticated.Sub)
	}
	assert.Empty(t, errorCodes(visitor), "no lcw:error in the page: the context provider was not called")

	// Only the window the page opened gets its token: a request from
	// another window (the page itself) does not call the provider, the
	// pop-out's does (its request arrives after the other).
	visitor.eval(`postMessage({lcwasm: "popout-auth"}, "*")`)
	got := evalJS[string](win, `new Promise(done => {
		addEventListener("message", e => { if (e.source === opener && e.data?.lcwasm === "popout-token") done(e.data.token); });
		opener.postMessage({lcwasm: "popout-auth"}, location.origin);
	})`)
	assert.Equal(t, jwt, got)
	assert.Equal(t, 2, evalJS[int](visitor, `tokenCalls`), "the chat's request and the pop-out's second one")
}

// TestPopoutChatProviderFaults: a context provider that throws is lcw:error
// code 1 in the page, where it lives, and the pop-out's chat starts
// without variables; an auth token provider that throws is code 2 in the
// page and in the pop-out, whose chat does not start; and a page without
// the auth function its configuration names is code 8 in the pop-out, as
// it would be in the page.
func TestPopoutChatProviderFaults(t *testing.T) {
	t.Parallel()
	svc, org := popctxService(t)
	t.Run("context provider", func(t *testing.T) {
		t.Parallel()
		run := unique(t)
		visitor, _ := popctxPage(t, popctxAuthApp, org, run)
		visitor.eval(sdk + `.setContextProvider(() => { throw new Error("context boom"); });` +
			sdk + `.setAuthTokenProvider((cb) => cb(` + jsString(visitorJWT(t)) + `));`)
		visitor.startProactiveChat(`{message: "Questions?"}, false, {inNewWindow: true}`)
		visitor.waitShown(idInvitation)
		win := popoutOf(t, visitor, func() { visitor.click(idStart) })
		popoutChats(t, win)
		require.Eventually(t, func() bool { return len(svc.find(run)) == 1 }, waitTimeout, 50*time.Millisecond, "the chat reaches the service")
		assert.Empty(t, customKeys(t, svc.one(run)), "no variables")
		assert.NotNil(t, contextOf(t, svc.one(run)).Authenticated)
		assert.Equal(t, []float64{1}, errorCodes(visitor))
		assert.Contains(t, visitor.events("lcw:error")[0].Detail["errorDescription"], "context boom")
	})
	t.Run("auth token provider", func(t *testing.T) {
		t.Parallel()
		run := unique(t)
		visitor, _ := popctxPage(t, popctxAuthApp, org, run)
		hearPopoutErrors(visitor)
		visitor.eval(sdk + `.setAuthTokenProvider(() => { throw new Error("auth boom"); });`)
		win := popoutOf(t, visitor, func() { visitor.eval(sdk + `.startChat({inNewWindow: true})`) })
		errs := popoutFailed(t, visitor, win)
		if assert.Len(t, errs, 1) {
			assert.Regexp(t, `^2 chat: the auth token provider failed: .*auth boom`, errs[0])
		}
		waitJS(t, visitor.ctx, `__e2e.events("lcw:error").length > 0`, waitTimeout)
		assert.Equal(t, []float64{2}, errorCodes(visitor))
		assert.Empty(t, svc.find(run), "no chat")
	})
	t.Run("no auth function in the page", func(t *testing.T) {
		t.Parallel()
		run := unique(t)
		visitor, _ := popctxPage(t, popctxAuthApp, org, run)
		hearPopoutErrors(visitor)
		win := popoutOf(t, visitor, func() { visitor.eval(sdk + `.startChat({inNewWindow: true})`) })
		assert.Equal(t, []string{`8 chat: the auth token provider "popctxToken" is not a function on the page that opened this chat window`}, popoutFailed(t, visitor, win))
		assert.Empty(t, errorCodes(visitor), "the page starts no chat, so it reports nothing")
		assert.Empty(t, svc.find(run), "no chat")
	})
}
