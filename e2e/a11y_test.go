package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/npmfetch"
)

// axeSource is axe.min.js, read once by TestMain (loadAxe).
var axeSource string

// axeTags are the rule sets every page state must pass: WCAG 2.0, 2.1 and
// 2.2, levels A and AA.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']`

// loadAxe reads the pinned axe-core from the repository's .tools cache. Its
// absence fails the suite with the command that fetches it: accessibility
// is checked on every run, never skipped.
func loadAxe() error {
	root, err := npmfetch.RepoRoot(".")
	if err != nil {
		return fmt.Errorf("e2e: %w", err)
	}
	p := npmfetch.AxeCore
	dir := p.Dir(root)
	if !p.Present(dir) {
		return fmt.Errorf("e2e: axe-core %s is not in %s; fetch it with `make axe` "+
			"(or `go run ./cmd/fetchnpm axe-core` in %s)", p.Version, dir, root)
	}
	b, err := os.ReadFile(filepath.Join(dir, "axe.min.js"))
	if err != nil {
		return fmt.Errorf("e2e: %w", err)
	}
	axeSource = string(b)
	return nil
}

// axeNode is one element a rule looked at. Target is axe's selector: a
// list of strings for the light DOM, or a list whose items are lists (one
// selector per shadow root crossed) for an element in a shadow root.
type axeNode struct {
	Target  []any  `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"failureSummary"`
}

// path is the target as one string, shadow roots separated by " >>> ".
func (n axeNode) path() string {
	var parts []string
	for _, t := range n.Target {
		switch t := t.(type) {
		case string:
			parts = append(parts, t)
		case []any:
			for _, s := range t {
				parts = append(parts, fmt.Sprint(s))
			}
		}
	}
	return strings.Join(parts, " >>> ")
}

type axeRule struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

type axeResults struct {
	Violations []axeRule `json:"violations"`
	Passes     []axeRule `json:"passes"`
	Incomplete []axeRule `json:"incomplete"`
}

// axe runs axe-core on the whole document of the tab, injecting it first
// with Runtime.evaluate, which the page's Content-Security-Policy does not
// govern. It waits for the widget's animations to end first: colour
// contrast is judged on what the visitor ends up seeing.
func (tb *tab) axe() axeResults {
	tb.t.Helper()
	waitJS(tb.t, tb.ctx, `(() => { const r = document.getElementById("oc-lcw")?.shadowRoot;
		return !r || r.getAnimations().every(a => a.playState !== "running"); })()`, waitTimeout)
	start := time.Now()
	if !evalJS[bool](tb, `typeof window.axe === "object"`) {
		tb.do(chromedp.Evaluate[chromedp.Void](axeSource))
	}
	defer func() { tb.t.Logf("axe-core ran in %v", time.Since(start).Round(time.Millisecond)) }()
	return evalJS[axeResults](tb, `axe.run(document, {runOnly: {type: 'tag', values: `+axeTags+`}}).then(r => {
		const slim = (rules) => rules.map(({id, impact, help, nodes}) =>
			({id, impact, help, nodes: nodes.map(({target, html, failureSummary}) => ({target, html, failureSummary}))}));
		return {violations: slim(r.violations), passes: slim(r.passes), incomplete: slim(r.incomplete)};
	})`)
}

// assertAccessible runs axe and fails t with every violation, one error per
// element, and returns the results.
func (tb *tab) assertAccessible(what string) axeResults {
	tb.t.Helper()
	r := tb.axe()
	for _, v := range r.Violations {
		for _, n := range v.Nodes {
			tb.t.Errorf("%s: axe %s (%s): %s\n  at %s\n  %s\n  %s", what, v.ID, v.Impact, v.Help, n.path(), n.HTML, n.Summary)
		}
	}
	return r
}

// checked returns the paths of the elements axe checked (passed or could
// not decide) in the widget's shadow root.
func (r axeResults) checkedInWidget() map[string]bool {
	got := map[string]bool{}
	for _, rules := range [][]axeRule{r.Passes, r.Incomplete, r.Violations} {
		for _, rule := range rules {
			for _, n := range rule.Nodes {
				if p := n.path(); strings.HasPrefix(p, "#oc-lcw >>> ") {
					got[strings.TrimPrefix(p, "#oc-lcw >>> ")] = true
				}
			}
		}
	}
	return got
}

// assertWidgetAccessible checks a widget state: no violations, and proof
// that axe went into the shadow root: each of ids was among the elements
// it checked.
func (tb *tab) assertWidgetAccessible(what string, ids ...string) {
	tb.t.Helper()
	checked := tb.assertAccessible(what).checkedInWidget()
	for _, id := range ids {
		assert.True(tb.t, checked["#"+id], "%s: axe checked #%s inside the shadow root of #oc-lcw; it checked %v", what, id, keys(checked))
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestAccessibilityWidget: axe-core finds no WCAG 2.2 A/AA violation in the
// widget's states that need no agent: the invitation, the prechat survey
// empty and with its validation errors, the chat pane waiting in the queue
// and offline, the chat pane without a chat service, the out-of-hours pane
// and the launcher.
func TestAccessibilityWidget(t *testing.T) {
	t.Parallel()
	t.Run("launcher", func(t *testing.T) {
		t.Parallel()
		tb := openPage(t, "on.html")
		tb.waitShown(idLauncher)
		tb.assertWidgetAccessible("the launcher", idLauncher)
	})
	for _, page := range []string{"on.html", "customized.html", "custom.html", "rtl.html"} {
		// the default texts, the page's customization callback, a page
		// colour and font, a right-to-left page
		t.Run("invitation on "+page, func(t *testing.T) {
			t.Parallel()
			tb := openPage(t, page)
			tb.startProactiveChat(`{message: "Need a hand with your order?"}`)
			tb.waitShown(idInvitation)
			tb.assertWidgetAccessible("the invitation on "+page, idStart, idClose)
		})
	}
	t.Run("prechat", func(t *testing.T) {
		t.Parallel()
		tb := openPage(t, "prechat.html")
		tb.startProactiveChat(``)
		tb.waitShown(idInvitation)
		tb.click(idStart)
		tb.waitShown(idPrechat)
		tb.assertWidgetAccessible("the empty prechat survey", "oc-lcw-prechat-field-0", "oc-lcw-prechat-field-5", "oc-lcw-prechat-submit")

		tb.eval(`__e2e.el("oc-lcw-prechat-submit").click()`) // below the fold of the pane
		waitJS(t, tb.ctx, `__e2e.el("oc-lcw-prechat-field-0").getAttribute("aria-invalid") === "true"`, waitTimeout)
		require.True(t, tb.shown("oc-lcw-prechat-field-0-error"), "the error message shows")
		tb.assertWidgetAccessible("the prechat survey with errors", "oc-lcw-prechat-field-0", "oc-lcw-prechat-field-5")
	})
	t.Run("chat without a service", func(t *testing.T) {
		t.Parallel()
		tb := openPage(t, "on.html")
		tb.startProactiveChat(``)
		tb.waitShown(idInvitation)
		tb.click(idStart)
		tb.waitShown(idChat)
		tb.assertWidgetAccessible("the chat pane with its notice", "oc-lcw-chat-notice", "oc-lcw-chat-closebutton")
	})
	t.Run("pop-out window", func(t *testing.T) {
		t.Parallel()
		tb := openPage(t, "prechat.html")
		win := popoutOf(t, tb, func() { tb.eval(sdk + `.startChat({inNewWindow: true})`) })
		waitJS(t, win.ctx, `!!document.getElementById("oc-lcw")?.shadowRoot?.getElementById("oc-lcw-prechat-field-0")`, waitTimeout)
		win.assertWidgetAccessible("the pop-out window", "oc-lcw-prechat-field-0", "oc-lcw-prechat-submit")
	})
	t.Run("out of hours", func(t *testing.T) {
		t.Parallel()
		tb := openPage(t, "closed.html")
		tb.startProactiveChat(``)
		tb.waitShown(idInvitation)
		tb.click(idStart)
		tb.waitShown(idOutOfHours)
		tb.assertWidgetAccessible("the out-of-hours pane", "oc-lcw-outofhours-closebutton")
	})
	t.Run("waiting in the queue", func(t *testing.T) {
		t.Parallel()
		tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
		tb.navigate("/e2e/chat.html?run=" + unique(t))
		tb.waitReady()
		tb.startProactiveChat(`{message: "Talk to us"}, false`)
		tb.waitShown(idInvitation)
		tb.click(idStart)
		waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("in the queue")`, waitTimeout)
		tb.assertWidgetAccessible("the chat pane waiting in the queue", "oc-lcw-chat-input", "oc-lcw-chat-send", "oc-lcw-chat-minimizebutton")
		tb.eval(sdk + `.closeChat()`)
	})
	t.Run("offline", func(t *testing.T) {
		t.Parallel()
		tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
		tb.navigate(a11yOrg.page(unique(t)))
		tb.waitReady()
		tb.startProactiveChat(`{message: "Talk to us"}, false`)
		tb.waitShown(idInvitation)
		tb.click(idStart)
		waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("in the queue")`, waitTimeout)
		a11yOrg.cut()
		t.Cleanup(a11yOrg.restore)
		waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-connection")?.includes("Reconnecting")`, waitTimeout)
		tb.assertWidgetAccessible("the chat pane offline", "oc-lcw-chat-connection", "oc-lcw-chat-input")
	})
}

// TestAccessibilityChat: axe-core on both sides of a conversation: the agent
// console's sign-in page and its error, the queue with a waiting visitor,
// an open conversation with its Additional details; the visitor's pane with
// the agent joined and messages both ways, the launcher counting an
// unread message under a minimized pane, and both sides once the agent
// ended the chat.
func TestAccessibilityChat(t *testing.T) {
	t.Parallel()
	const user = "heidi"
	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agent.addScript(`window.confirm = () => true;`)
	agent.navigate("/agent")
	agent.assertAccessible("the sign-in page")
	release := signInSlot()
	agent.do(sendKeys("#user", user), sendKeys("#password", "wrong"), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#signin-error")?.textContent.includes("Wrong user name or password.")`, waitTimeout)
	agent.assertAccessible("the sign-in page with its error")
	agent.do(sendKeys("#user", user), sendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	release()

	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/chat.html?run=" + run)
	visitor.waitReady()
	visitor.eval(sdk + `.setContextProvider(() => ({plan: {value: "gold", isDisplayable: true}}))`)
	visitor.startProactiveChat(`{message: "Need a hand?"}, false`)
	visitor.waitShown(idInvitation)
	visitor.click(idStart)
	visitor.waitEvent("lcw:chatQueued")

	find := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(run) + `))`
	waitJS(t, agent.ctx, `!!`+find, waitTimeout)
	agent.assertAccessible("the console with a waiting visitor")

	acceptChat(t, agent, run)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(run)+`)`, waitTimeout)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)
	visitor.eval(`__e2e.el("oc-lcw-chat-input").value = "Do the boots run small?";
		__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
	waitJS(t, agent.ctx, `document.querySelector("#transcript")?.textContent.includes("Do the boots run small?")`, waitTimeout)
	agent.do(sendKeys("#text", "They run true to size."), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `[...__e2e.root().querySelectorAll(".lcw-msg-agent")].some(m => m.textContent.includes("They run true to size."))`, waitTimeout)
	waitJS(t, visitor.ctx, `!!__e2e.root().querySelector('.lcw-msg-visitor[data-state="sent"]')`, waitTimeout)
	waitJS(t, agent.ctx, `!document.querySelector("#transcript .pending")`, waitTimeout)
	agent.assertAccessible("the console with an open conversation")
	agent.darkMode(true)
	agent.assertAccessible("the console with an open conversation, dark")
	agent.darkMode(false)
	visitor.assertWidgetAccessible("the chat pane with the agent and messages", "oc-lcw-chat-transcript", "oc-lcw-chat-input")

	visitor.click("oc-lcw-chat-minimizebutton")
	visitor.waitShown(idLauncher)
	agent.do(sendKeys("#text", "Anything else?"), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-button-unread") === "1"`, waitTimeout)
	visitor.assertWidgetAccessible("the launcher with an unread badge", idLauncher)

	visitor.click(idLauncher)
	visitor.waitShown(idChat)
	endChat(agent)
	visitor.waitEvent("lcw:threadUpdate")
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-input").disabled`, waitTimeout)
	visitor.assertWidgetAccessible("the chat the agent ended", "oc-lcw-chat-ended", "oc-lcw-chat-newchat")
	waitJS(t, agent.ctx, `document.querySelector("#end").hidden`, waitTimeout)
	agent.assertAccessible("the console with an ended conversation")
}

// darkMode makes the tab's pages prefer a dark colour scheme, or not.
func (tb *tab) darkMode(on bool) {
	tb.t.Helper()
	scheme := "light"
	if on {
		scheme = "dark"
	}
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
	waitJS(tb.t, tb.ctx, `matchMedia("(prefers-color-scheme: `+scheme+`)").matches`, waitTimeout)
}

// a11yOrg is a chat service the offline test can cut: pages at /a11y/
// name /a11y/org as their data-org-url, which is proxied to the suite's
// server until cut, and answers 503 after.
var a11yOrg = &cuttableOrg{}

type cuttableOrg struct {
	mu     sync.Mutex
	down   bool
	cancel []context.CancelFunc
}

// a11yRoutes is the accessibility tests' row of fixtures: the chat server
// they can cut.
func a11yRoutes() map[string]http.Handler {
	return map[string]http.Handler{"/a11y/": a11yOrg}
}

// page is the address of a page using the e2e-chat widget through the
// cuttable service.
func (o *cuttableOrg) page(run string) string {
	return "/a11y/chat.html?run=" + url.QueryEscape(run)
}

// cut drops every connection through the service and refuses new ones.
func (o *cuttableOrg) cut() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down = true
	for _, c := range o.cancel {
		c()
	}
	o.cancel = nil
}

// restore lets connections through again.
func (o *cuttableOrg) restore() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down = false
}

func (o *cuttableOrg) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/a11y/chat.html" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lcwasm e2e: a chat whose service can be cut</title></head>
<body><main><h1>A chat whose service can be cut</h1></main>
<script id="Microsoft_Omnichannel_LCWidget" src="/lcw/lcw.js" data-app-id="e2e-chat" data-org-id="e2e-org"
  data-org-url="`+baseURL+`/a11y/org"></script></body></html>`)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/a11y/org")
	if !ok {
		http.NotFound(w, r)
		return
	}
	o.mu.Lock()
	if o.down {
		o.mu.Unlock()
		http.Error(w, "cut", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	o.cancel = append(o.cancel, cancel)
	o.mu.Unlock()
	defer cancel()
	target, _ := url.Parse(baseURL)
	r = r.Clone(ctx)
	r.URL.Path, r.URL.RawPath = rest, ""
	httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
}
