package e2e

// Host-page safety, the policy: the widget, the demo page, the pop-out and
// the agent console under a strict Content-Security-Policy with Trusted
// Types, through a whole chat, with no violation. The shadow-root side is
// in hardening_shadow_test.go.

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

// strictCSP is the policy of the pages of testdata/csp: nothing inline,
// nothing from elsewhere, WebAssembly allowed, every string that would reach
// an HTML or script sink refused (require-trusted-types-for), and no Trusted
// Types policy may even be created (trusted-types 'none'), so the widget can
// use no sink at all.
const strictCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"connect-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'"

// cspWidgets are the widgets of the csp pages:
//
//	e2e-csp-on    proactive chat enabled, nothing else
//	e2e-csp-chat  with the chat service and a one-question prechat survey
var cspWidgets = map[string]json.RawMessage{
	"e2e-csp-on": json.RawMessage(`{"appId": "e2e-csp-on", "proactiveChat": {"enabled": true}}`),
	"e2e-csp-chat": json.RawMessage(`{"appId": "e2e-csp-chat",
		"proactiveChat": {"enabled": true}, "chat": {"enabled": true},
		"prechat": {"fields": [{"name": "name", "label": "Your name", "type": "text", "required": true}]}}`),
}

// cspRoutes and cspFixtureWidgets are the CSP tests' row of fixtures.
func cspRoutes() map[string]http.Handler {
	return map[string]http.Handler{"/e2e/csp/": cspPages()}
}

func cspFixtureWidgets(time.Time) map[string]json.RawMessage { return maps.Clone(cspWidgets) }

// cspPages serves testdata/csp under /e2e/csp/ with strictCSP as a real
// response header.
func cspPages() http.Handler {
	files := http.StripPrefix("/e2e/csp/", http.FileServerFS(os.DirFS("testdata/csp")))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		w.Header().Set("Cache-Control", "no-store")
		files.ServeHTTP(w, r)
	})
}

// cspRecorderJS runs before any script of every document of a watched tab
// and records each securitypolicyviolation event.
const cspRecorderJS = `(() => {
	const seen = [];
	Object.defineProperty(window, "__cspViolations", {value: seen});
	window.addEventListener("securitypolicyviolation", (e) => {
		seen.push(e.violatedDirective + " blocked " + JSON.stringify(e.blockedURI) +
			" sample " + JSON.stringify(e.sample) + " at " + e.sourceFile + ":" + e.lineNumber);
	}, true);
})();`

// cspWatch collects the CSP violations of one tab two ways: the page's own
// securitypolicyviolation events (cspRecorderJS), and the browser's
// ContentSecurityPolicy issues (the Audits domain, which on enabling also
// reports the issues raised before, so a window the test attaches to late,
// such as a pop-out, is covered from its first script).
type cspWatch struct {
	tb     *tab
	mu     sync.Mutex
	issues []string
}

// watchCSP starts watching tb. Call it before tb loads its page.
func watchCSP(tb *tab) *cspWatch {
	tb.t.Helper()
	w := &cspWatch{tb: tb}
	if err := chromedp.Listen(tb.ctx, w.record); err != nil {
		tb.t.Fatalf("e2e: listening to the tab: %v", err)
	}
	tb.addScript(cspRecorderJS)
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, audits.Enable, struct{}{})
		return err
	})
	return w
}

func (w *cspWatch) record(ev any) {
	e, ok := ev.(*audits.EventIssueAdded)
	if !ok || e.Issue == nil || e.Issue.Code != audits.InspectorIssueCodeContentSecurityPolicyIssue {
		return
	}
	d := e.Issue.Details.ContentSecurityPolicyIssueDetails
	s := "issue"
	if d != nil {
		s = fmt.Sprintf("issue %s: %s blocked %q", d.ContentSecurityPolicyViolationType, d.ViolatedDirective, d.BlockedURL)
		if l := d.SourceCodeLocation; l != nil {
			s += fmt.Sprintf(" at %s line %d", l.URL, l.LineNumber)
		}
	}
	w.mu.Lock()
	w.issues = append(w.issues, s)
	w.mu.Unlock()
}

// violations returns what the page's listener and the browser reported.
func (w *cspWatch) violations() []string {
	w.tb.t.Helper()
	got := evalJS[[]string](w.tb, `window.__cspViolations ?? ["no securitypolicyviolation listener in this page"]`)
	w.mu.Lock()
	defer w.mu.Unlock()
	return append(got, w.issues...)
}

// assertNone fails the test if the page reported a violation.
func (w *cspWatch) assertNone(who string) {
	w.tb.t.Helper()
	assert.Empty(w.tb.t, w.violations(), "Content-Security-Policy violations on the %s", who)
}

// openCSPPage opens a page of testdata/csp on the suite's server, in a
// browser context of its own (a chat another test left running in the
// storage of the origin would hold back invitations), watched from before
// its first script, and waits for lcw:ready.
func openCSPPage(t *testing.T, name string) (*tab, *cspWatch) {
	t.Helper()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	w := watchCSP(tb)
	tb.navigate("/e2e/csp/" + name)
	tb.waitReady()
	return tb, w
}

// TestCSPStrictPageInvitesWithoutViolation: the widget gets ready, invites,
// and shows its prechat survey on a page whose header forbids inline code,
// eval, other origins, any Trusted Types policy and every string sink, and
// nothing in it is refused. The page's own listener must be able to see a
// violation: one made on purpose at the end shows up.
func TestCSPStrictPageInvitesWithoutViolation(t *testing.T) {
	t.Parallel()
	tb, w := openCSPPage(t, "strict.html")
	assert.True(t, evalJS[bool](tb, `window.__pageScriptRan === true`), "the page's own script ran")
	tb.startProactiveChat(`{message: "Under a strict policy"}`)
	tb.waitShown(idInvitation)
	tb.click(idStart)
	tb.waitShown(idPrechat)
	assert.Empty(t, tb.events("lcw:error"))
	w.assertNone("strict page")

	// The policy is in force and the watch sees what it refuses.
	tb.eval(`try { document.createElement("div").innerHTML = "<i>x</i>"; } catch (e) {}
		try { trustedTypes.createPolicy("e2e", {}); } catch (e) {}
		document.body.append(Object.assign(document.createElement("img"), {src: "https://example.invalid/x.png"}));`)
	waitJS(t, tb.ctx, `window.__cspViolations.length >= 3`, waitTimeout)
	got := strings.Join(w.violations(), "\n")
	for _, want := range []string{"require-trusted-types-for", "trusted-types", "img-src", "example.invalid"} {
		assert.Contains(t, got, want)
	}
}

// TestCSPStrictPageWithoutConstructedStyleSheets: in a browser that cannot
// construct style sheets (Safari before 16.4), the widget links its
// stylesheet from where the loader got it, which style-src 'self' allows,
// instead of an inline <style>, which it refuses: no violation, and the
// invitation is styled.
func TestCSPStrictPageWithoutConstructedStyleSheets(t *testing.T) {
	t.Parallel()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	w := watchCSP(tb)
	tb.addScript(`Object.defineProperty(window, "CSSStyleSheet", {value: function CSSStyleSheet() {
		throw new TypeError("Illegal constructor"); }});`)
	tb.navigate("/e2e/csp/strict.html")
	tb.waitReady()
	tb.startProactiveChat(`{message: "Styled by a link"}`)
	tb.waitShown(idInvitation)
	waitJS(t, tb.ctx, `getComputedStyle(__e2e.el("`+idStart+`")).backgroundColor === "rgb(15, 108, 189)"`, waitTimeout)
	assert.Zero(t, evalJS[int](tb, `__e2e.root().adoptedStyleSheets.length`), "no constructed sheet")
	assert.Equal(t, 1, evalJS[int](tb, `__e2e.root().querySelectorAll("link[rel=stylesheet]").length`), "one linked sheet")
	tb.click(idStart)
	tb.waitShown(idPrechat)
	w.assertNone("strict page without constructed style sheets")
}

// stringSinks are names that only code handing a string to an HTML or
// script sink (or parsing one as HTML) spells out.
var stringSinks = []string{
	"innerHTML", "outerHTML", "insertAdjacentHTML", "srcdoc", "setHTMLUnsafe",
	"parseHTMLUnsafe", "createContextualFragment", "DOMParser", "execScript", "createPolicy",
}

// evalCall matches eval, new Function and string timers in JavaScript.
var evalCall = regexp.MustCompile(`\beval\s*\(|\bFunction\s*\(|set(Timeout|Interval)\s*\(\s*["'\x60]|document\.write`)

// TestCSPBundleHasNoStringSinks complements the browser tests, which see
// only the code paths they take: the files the suite built (the loader
// with wasm_exec.js, the wasm with the names of every property it reads,
// writes or calls, and the pop-out page) name no HTML or script sink and
// no eval.
func TestCSPBundleHasNoStringSinks(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"lcw.js", manifest.WASM, "popout.html"} {
		b, err := os.ReadFile(filepath.Join(distDir, name))
		require.NoError(t, err)
		require.NotEmpty(t, b, name)
		for _, sink := range stringSinks {
			assert.NotContains(t, string(b), sink, "%s names a string sink", name)
		}
		if !strings.HasSuffix(name, ".wasm") {
			assert.Empty(t, evalCall.FindAllString(string(b), -1), "%s evaluates strings as code", name)
		}
	}
}

// ownServer starts a server of the test's own, as cmd/lcwserver runs it:
// the repository's site (the demo index.html with its
// server.ContentSecurityPolicy), the suite's dist, the built-in demo widgets
// (whose lcw-demo chats, unlike the suite's) and the csp widgets, and one
// agent account, user, whose password is the user name; the csp pages are
// served in front of it. A server of its own keeps the agent's queue to
// this test. It returns the server's root URL, without a trailing slash.
func ownServer(t *testing.T, user string) string {
	t.Helper()
	hash, err := testHash(user)
	require.NoError(t, err)
	widgets := server.DemoWidgets()
	maps.Copy(widgets, cspWidgets)
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() }) // after the server's, which runs first
	h, err := server.New(server.Options{
		Site:    os.DirFS(".."),
		Dist:    os.DirFS(distDir),
		Widgets: widgets,
		Logger:  slog.New(slog.DiscardHandler),
		Store:   st,
		Agents:  []agent.Account{{User: user, Name: "Agent " + user, PasswordHash: hash}},
	})
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("/", h)
	mux.Handle("/e2e/csp/", cspPages())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// signInAt opens the agent console of the server at base in a browser
// context of its own, watched for CSP violations, and signs in as user.
func signInAt(t *testing.T, base, user string) (*tab, *cspWatch) {
	t.Helper()
	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	w := watchCSP(agent)
	agent.addScript(`window.confirm = () => true;`) // "End the conversation?"
	agent.do(chromedp.Navigate(base + "/agent"))
	release := signInSlot()
	defer release()
	agent.do(sendKeys("#user", user), sendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	return agent, w
}

// TestCSPDemoPageChatsWithAnAgent: the demo page, with the policy the
// server gives it, goes the whole way with no violation on any page: the
// page's button invites, the visitor accepts and answers the prechat
// survey, chats with an agent on the console, and then chats again from a
// pop-out window.
func TestCSPDemoPageChatsWithAnAgent(t *testing.T) {
	t.Parallel()
	chatUnderCSP(t, "cspdemo", "/", func(tb *tab) {
		waitJS(t, tb.ctx, `!document.getElementById("invite-button").disabled`, waitTimeout)
		// A real mouse click at the button's centre.
		p := evalJS[point](tb, `(() => { const b = document.getElementById("invite-button");
			b.scrollIntoView({block: "center"}); const r = b.getBoundingClientRect();
			return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`)
		tb.do(chromedp.MouseClickXY(p.X, p.Y))
		assert.Equal(t, "startProactiveChat", tb.waitEvent("lcw:proactiveChatShown").Detail["source"], "shown by the page's button")
	}, server.ContentSecurityPolicy)
}

// TestCSPStrictPageChatsWithAnAgent is TestCSPDemoPageChatsWithAnAgent on
// strict.html, under strictCSP with Trusted Types.
func TestCSPStrictPageChatsWithAnAgent(t *testing.T) {
	t.Parallel()
	chatUnderCSP(t, "cspstrict", "/e2e/csp/strict.html", func(tb *tab) {
		tb.startProactiveChat(`{message: "Can we help?"}`)
	}, strictCSP)
}

// chatUnderCSP runs a visitor's whole journey on path of a server of the
// test's own, with user as the agent, and checks that the page came with
// policy and that no page involved reported a violation.
func chatUnderCSP(t *testing.T, user, path string, invite func(*tab), policy string) {
	t.Helper()
	base := ownServer(t, user)
	agentTab, agentCSP := signInAt(t, base, user)

	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitorCSP := watchCSP(visitor)
	visitor.do(chromedp.Navigate(base + path))
	visitor.waitReady()
	resp, err := http.Get(base + path)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, policy, resp.Header.Get("Content-Security-Policy"), "the page's policy")

	invite(visitor)
	visitor.waitShown(idInvitation)
	visitor.click(idStart)
	name := "Visitor " + unique(t)
	answerPrechat(visitor, `__e2e.root()`, name)
	visitor.waitEvent("lcw:chatQueued")
	chatWithAgent(t, visitor, `__e2e.root()`, agentTab, name)
	visitor.waitEvent("lcw:threadUpdate")
	// The survey's thumbs are drawn under the policy: SVG built element
	// by element, no markup and no image URL.
	visitor.waitShown("oc-lcw-chat-rate-good")
	visitor.assertIcon("under "+user+"'s policy", "oc-lcw-chat-rate-good", "Good")
	visitor.eval(sdk + `.closeChat()`)
	visitor.waitShown(idLauncher)

	// The pop-out, a window of its own: its issues are reported from its
	// first script when the watch starts.
	win, winCSP := openPopout(t, visitor)
	root := `document.getElementById("oc-lcw").shadowRoot`
	waitJS(t, win.ctx, `!!`+root+`?.getElementById("oc-lcw-prechat-field-0")`, waitTimeout)
	popName := "Pop-out " + unique(t)
	answerPrechat(win, root, popName)
	chatWithAgent(t, win, root, agentTab, popName)

	watches := map[string]*cspWatch{"visitor's page": visitorCSP, "pop-out window": winCSP, "agent console": agentCSP}
	for who, w := range watches {
		w.assertNone(who)
		for _, m := range w.tb.consoleMessages() {
			assert.NotEqual(t, "error", m.Type, "console.error on the %s: %s", who, m.Text)
		}
	}
	// Each of them runs under Trusted Types, and its watch would have seen
	// a violation: a string into innerHTML is refused and reported.
	for who, w := range watches {
		threw := evalJS[bool](w.tb, `(() => { try { document.createElement("div").innerHTML = "<i>x</i>"; return false; }
			catch (e) { return e instanceof TypeError; } })()`)
		assert.True(t, threw, "innerHTML refused on the %s", who)
		waitJS(t, w.tb.ctx, `window.__cspViolations.some(v => v.startsWith("require-trusted-types-for"))`, waitTimeout)
	}
}

// answerPrechat fills in the one-question prechat survey (the name) in the
// shadow root that the JS expression root names, once it shows, and sends it.
func answerPrechat(tb *tab, root, name string) {
	tb.t.Helper()
	field := root + `.getElementById("oc-lcw-prechat-field-0")`
	waitJS(tb.t, tb.ctx, `!!`+field+`?.checkVisibility()`, waitTimeout)
	tb.eval(field + `.value = ` + jsString(name) + `;` + root + `.getElementById("oc-lcw-prechat-form").requestSubmit();`)
	waitJS(tb.t, tb.ctx, `!!`+root+`.getElementById("oc-lcw-chat-sendbox")`, waitTimeout)
}

// chatWithAgent has the agent accept the chat of the visitor called name,
// exchanges one message each way, and has the agent end it.
func chatWithAgent(t *testing.T, visitor *tab, root string, agentTab *tab, name string) {
	t.Helper()
	acceptChat(t, agentTab, name)
	waitJS(t, visitor.ctx, root+`.getElementById("oc-lcw-chat-status")?.textContent.includes("joined")`, waitTimeout)
	asked := "Is the <b>45L</b> waterproof? " + name
	visitor.eval(root + `.getElementById("oc-lcw-chat-input").value = ` + jsString(asked) + `;` +
		root + `.getElementById("oc-lcw-chat-sendbox").requestSubmit();`)
	waitJS(t, agentTab.ctx, `document.querySelector("#transcript")?.textContent.includes(`+jsString(asked)+`)`, waitTimeout)
	answer := "It comes with a rain cover, " + name
	agentTab.do(sendKeys("#text", answer), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `[...`+root+`.querySelectorAll(".lcw-msg-agent .lcw-msg-text")].some(p => p.textContent === `+jsString(answer)+`)`, waitTimeout)
	endChat(agentTab)
	waitJS(t, visitor.ctx, root+`.getElementById("oc-lcw-chat-ended")?.textContent === "The agent ended the chat."`, waitTimeout)
}

// openPopout has the visitor's page start a chat in a new window and
// returns that window as a tab, watched for CSP violations.
func openPopout(t *testing.T, visitor *tab) (*tab, *cspWatch) {
	t.Helper()
	win := popoutOf(t, visitor, func() { visitor.eval(sdk + `.startChat({inNewWindow: true})`) })
	w := watchCSP(win)
	// The document is already running: install the listener in it too.
	win.eval(`if (!window.__cspViolations) {` + cspRecorderJS + `}`)
	return win, w
}
