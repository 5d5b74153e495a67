package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The visitor's conversation (issue 14): their language, dark mode, the
// phone, continuity. Pages are made by visitorPage from the query
// (/visitor/page.html?app=…&lang=…&dir=…&cb=1), so one template serves
// every case.

func visitorWidgets(time.Time) map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"e2e-visitor": json.RawMessage(`{"appId": "e2e-visitor", "offline": {"enabled": true},
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true}}`),
		// e2e-visitor-queue has no leave-a-message form: its chats always
		// queue, whether or not another test has an agent signed in.
		"e2e-visitor-queue": json.RawMessage(`{"appId": "e2e-visitor-queue",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true}}`),
		"e2e-visitor-de": json.RawMessage(`{"appId": "e2e-visitor-de", "language": "de",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true},
			"texts": {"de": {"send": "Abschicken"}}}`),
		"e2e-visitor-prechat": json.RawMessage(`{"appId": "e2e-visitor-prechat",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true},
			"prechat": {"fields": [{"name": "email", "label": "E-Mail", "type": "email", "required": true}]}}`),
		"e2e-visitor-dark": json.RawMessage(`{"appId": "e2e-visitor-dark", "colorScheme": "dark",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true}}`),
	}
}

func visitorRoutes() map[string]http.Handler {
	return map[string]http.Handler{"/visitor/": http.HandlerFunc(visitorPage), "/visitor-org/": http.HandlerFunc(noAgentOrg)}
}

// noAgentOrg is the suite's server seen through /visitor-org/noagent,
// except that its availability says no agent is there: the suite's other
// tests keep agents signed in, so the real answer would be a race.
func noAgentOrg(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/visitor-org/noagent")
	if !ok {
		http.NotFound(w, r)
		return
	}
	if strings.HasSuffix(rest, "/availability") {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		io.WriteString(w, `{"isAgentAvailable": false, "isQueueAvailable": true, "positionInQueue": 0, "averageWaitTime": 0, "averageWaitTimeMs": 0}`)
		return
	}
	target, _ := url.Parse(baseURL)
	r = r.Clone(r.Context())
	r.URL.Path, r.URL.RawPath = rest, ""
	httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
}

// visitorPage is a store page embedding the widget app in language lang
// (none when empty) and direction dir; cb=1 adds a customization callback
// that renames the invitation's start button.
func visitorPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	attrs := ""
	if l := q.Get("lang"); l != "" {
		attrs += ` lang="` + html.EscapeString(l) + `"`
	}
	if d := q.Get("dir"); d != "" {
		attrs += ` dir="` + html.EscapeString(d) + `"`
	}
	org := ""
	if q.Get("org") == "noagent" {
		org = baseURL + "/visitor-org/noagent"
	}
	cb := ""
	if q.Get("cb") == "1" {
		cb = ` data-customization-callback="lcwE2ECustomize"`
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, `<!doctype html>
<html%s>
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>lcwasm e2e: a store page</title>
  <link rel="stylesheet" href="/e2e/page.css">
</head>
<body>
  <main>
    <h1>A store page</h1>
    <p>A page of the e2e suite.</p>
    <label for="q">Search</label> <input id="q" type="text" autocomplete="off">
  </main>
  <script>
    function lcwE2ECustomize() {
      return { proactiveChatPaneProps: { controlProps: { startButtonText: "Los geht's" } } };
    }
  </script>
  <script id="Microsoft_Omnichannel_LCWidget" src="/lcw/lcw.js" data-app-id="%s" data-org-id="e2e-org" data-org-url="%s"%s></script>
</body>
</html>`, attrs, html.EscapeString(q.Get("app")), html.EscapeString(org), cb)
}

// browserLanguages makes the tab's navigator.languages (and
// Accept-Language) langs, as a browser set to them has.
func (tb *tab) browserLanguages(langs string) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
			UserAgent: "Mozilla/5.0 (X11; Linux x86_64) lcwasm-e2e", AcceptLanguage: langs})
		return err
	})
}

// phone makes the tab a 360×740 touch phone.
func (tb *tab) phone() {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5})
		return err
	})
}

// host reads an attribute of the widget's host element.
func (tb *tab) hostAttr(name string) string {
	tb.t.Helper()
	return evalJS[string](tb, `document.getElementById("oc-lcw").getAttribute(`+jsString(name)+`) ?? ""`)
}

// TestVisitorLanguageFromThePage: a French page gets a French widget —
// launcher, invitation, chat pane, queue line — with lang="fr" on it,
// and axe finds nothing.
func TestVisitorLanguageFromThePage(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.browserLanguages("en-US,en")
	tb.navigate("/visitor/page.html?app=e2e-visitor-queue&lang=fr-FR&run=" + unique(t))
	tb.waitReady()
	assert.Equal(t, "fr", tb.hostAttr("lang"))
	assert.Equal(t, "ltr", tb.hostAttr("dir"))
	assert.Contains(t, tb.text(idLauncher), "Discutons")
	tb.startProactiveChat(`{}`)
	tb.waitShown(idInvitation)
	assert.Equal(t, "Bienvenue sur", tb.text("oc-lcw-proactivechat-title"))
	assert.Equal(t, "Discuter maintenant", tb.text(idStart))
	assert.Equal(t, "Bonjour ! Vous avez des questions ? Je suis là pour vous aider", tb.body())
	tb.assertWidgetAccessible("a French invitation", idInvitation)
	tb.click(idStart)
	tb.waitShown(idChat)
	assert.Equal(t, "Discutons", tb.text("oc-lcw-chat-title"))
	assert.Equal(t, "Envoyer", tb.text("oc-lcw-chat-send"))
	waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("file d’attente")`, waitTimeout)
	tb.assertWidgetAccessible("a French chat pane", idChat)
	tb.eval(sdk + `.closeChat()`)
}

// TestVisitorLanguageFromTheBrowser: a page in a language not shipped
// (Swedish) takes the first of the browser's languages that ships (Intl.Locale tells
// Traditional from Simplified Chinese), and times are written the
// language's way with Intl.
func TestVisitorLanguageFromTheBrowser(t *testing.T) {
	t.Parallel()
	visitor := newTab(t)
	visitor.browserLanguages("zh-TW,ja-JP,en")
	agent := agentOnline(t, "lara")
	run := unique(t)
	visitor.navigate("/visitor/page.html?app=e2e-visitor&lang=sv&run=" + run)
	visitor.waitReady()
	assert.Equal(t, "ja", visitor.hostAttr("lang"), "zh-TW is Traditional Chinese, not shipped; Japanese is next")
	assert.Contains(t, visitor.text(idLauncher), "チャットする")
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("参加しました")`, waitTimeout)
	agentSays(agent, "こんにちは")
	waitMessages(visitor, rootOfPage, 1)
	got := evalJS[map[string]string](visitor, `(() => {
		const t = __e2e.root().querySelector(".lcw-msg-agent time");
		const want = new Intl.DateTimeFormat("ja", {hour: "numeric", minute: "2-digit"}).format(new Date(t.dateTime));
		return {shown: t.querySelector("[aria-hidden]").textContent, want,
			name: __e2e.root().querySelector(".lcw-msg-agent .lcw-msg-name").tagName};
	})()`)
	assert.Equal(t, got["want"], got["shown"], "the time as Intl writes it in Japanese")
	assert.Equal(t, "BDI", got["name"], "the agent's name is isolated")
	visitor.assertWidgetAccessible("a Japanese chat", idChat)
	visitor.eval(sdk + `.closeChat()`)
}

// TestVisitorLanguageArabicOnAPhone: an Arabic page without a dir
// attribute still gets a right-to-left widget (the language decides); the
// agent's Latin name is isolated in the Arabic sentence; on a 360 px
// touch phone, in dark mode too, axe finds nothing.
func TestVisitorLanguageArabicOnAPhone(t *testing.T) {
	t.Parallel()
	agent := agentOnline(t, "mona")
	run := unique(t)
	visitor := newTab(t)
	visitor.phone()
	visitor.navigate("/visitor/page.html?app=e2e-visitor&lang=ar&run=" + run)
	visitor.waitReady()
	assert.Equal(t, "rtl", visitor.hostAttr("dir"))
	assert.Equal(t, "ar", visitor.hostAttr("lang"))
	assert.Equal(t, "rtl", evalJS[string](visitor, `getComputedStyle(__e2e.el("`+idLauncher+`")).direction`))
	visitor.startProactiveChat(`{}`)
	visitor.waitShown(idInvitation)
	assert.Equal(t, "دعم الدردشة المباشرة!", visitor.text("oc-lcw-proactivechat-subtitle"))
	screenshot(visitor, "ar-phone-invitation")
	visitor.click(idStart)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("انضم")`, waitTimeout)
	status := evalJS[map[string]any](visitor, `(() => {
		const s = __e2e.el("oc-lcw-chat-status");
		const b = s.querySelector("bdi");
		return {bdi: b ? b.textContent : "", text: s.textContent};
	})()`)
	assert.NotEmpty(t, status["bdi"], "the agent's name is in a <bdi>: %v", status)
	agentSays(agent, "Hello! مرحبا")
	waitMessages(visitor, rootOfPage, 2) // the invitation's line, the agent's
	assert.Equal(t, "auto", evalJS[string](visitor, `__e2e.root().querySelector(".lcw-msg-agent:not(.lcw-msg-invitation) .lcw-msg-text").dir`))
	assert.Equal(t, "إرسال", visitor.text("oc-lcw-chat-send"))
	visitor.assertWidgetAccessible("an Arabic chat on a phone", idChat)
	screenshot(visitor, "ar-phone-chat")
	visitor.darkMode(true)
	visitor.assertWidgetAccessible("an Arabic chat on a phone, dark", idChat)
	screenshot(visitor, "ar-phone-chat-dark")
	visitor.eval(sdk + `.closeChat()`)
}

// TestVisitorLanguageConfigWins: the configuration's language beats the
// page's, the site owner's text for it beats the shipped one, the
// customization callback still renames the invitation's button, and
// prechat errors come in the language. Keyboard only.
func TestVisitorLanguageConfigWins(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.navigate("/visitor/page.html?app=e2e-visitor-de&lang=fr&cb=1&run=" + unique(t))
	tb.waitReady()
	assert.Equal(t, "de", tb.hostAttr("lang"))
	tb.startProactiveChat(`{message: "Hallo!"}`)
	tb.waitShown(idInvitation)
	assert.Equal(t, "Willkommen bei", tb.text("oc-lcw-proactivechat-title"))
	assert.Equal(t, "Los geht's", tb.text(idStart), "the callback still overrides")
	tb.click(idStart)
	tb.waitShown(idChat)
	assert.Equal(t, "Abschicken", tb.text("oc-lcw-chat-send"), "the site owner's text")
	assert.Equal(t, "Chatten", tb.text("oc-lcw-chat-title"))
	tb.eval(sdk + `.closeChat()`)

	pre := newTab(t)
	pre.browserLanguages("es-ES,es")
	pre.navigate("/visitor/page.html?app=e2e-visitor-prechat&lang=sv&run=" + unique(t))
	pre.waitReady()
	pre.eval(sdk + `.startChat()`)
	pre.waitShown(idPrechat)
	require.Equal(t, "Antes de empezar", pre.text("oc-lcw-prechat-title"))
	pre.waitFocus("widget #oc-lcw-prechat-field-0")
	pre.do(chromedp.KeyEvent("nope"))
	pre.tabs(false, "widget #oc-lcw-prechat-submit")
	pre.press("\r")
	waitJS(t, pre.ctx, `__e2e.text("oc-lcw-prechat-field-0-error") !== ""`, waitTimeout)
	assert.Equal(t, "Escribe una dirección de correo como nombre@ejemplo.com.", pre.text("oc-lcw-prechat-field-0-error"))
	pre.assertWidgetAccessible("a Spanish prechat error", idPrechat)
}

// paperColor is the widget's background colour behind the chat pane's
// transcript.
func (tb *tab) paperColor(id string) string {
	tb.t.Helper()
	return evalJS[string](tb, `getComputedStyle(__e2e.el(`+jsString(id)+`)).backgroundColor`)
}

// TestVisitorDarkMode: with prefers-color-scheme: dark the invitation,
// the chat with both sides' bubbles, the end of it and a prechat error
// are dark and axe (colour contrast included) finds nothing; the
// configuration's colorScheme holds a widget dark on a light browser, and
// light on a dark one is the default widget's light.
func TestVisitorDarkMode(t *testing.T) {
	t.Parallel()
	agent := agentOnline(t, "dora")
	run := unique(t)
	visitor := newTab(t)
	visitor.darkMode(true)
	visitor.navigate("/visitor/page.html?app=e2e-visitor&lang=en&run=" + run)
	visitor.waitReady()
	visitor.startProactiveChat(`{message: "Hi! Need help finding a size?"}`)
	visitor.waitShown(idInvitation)
	assert.Equal(t, "rgb(28, 28, 33)", visitor.paperColor(idInvitation))
	visitor.assertWidgetAccessible("the invitation, dark", idInvitation)
	screenshot(visitor, "dark-invitation")
	visitor.click(idStart)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)
	agentSays(agent, "Sure, which one?")
	waitMessages(visitor, rootOfPage, 2) // the invitation's line, the agent's
	visitor.click("oc-lcw-chat-input")
	visitor.do(chromedp.KeyEvent("The blue one"))
	visitor.enter(false)
	waitMessages(visitor, rootOfPage, 3)
	visitor.assertWidgetAccessible("a chat, dark", idChat)
	screenshot(visitor, "dark-chat")
	endChat(agent)
	visitor.waitShown("oc-lcw-chat-newchat")
	visitor.assertWidgetAccessible("the end of a chat, dark", "oc-lcw-chat-ended", "oc-lcw-chat-newchat")
	visitor.eval(sdk + `.closeChat()`)

	forced := newTab(t)
	forced.darkMode(false)
	forced.navigate("/visitor/page.html?app=e2e-visitor-dark&lang=en&run=" + unique(t))
	forced.waitReady()
	assert.Equal(t, "dark", forced.hostAttr("data-scheme"))
	forced.eval(sdk + `.startChat()`)
	forced.waitShown(idChat)
	assert.Equal(t, "rgb(28, 28, 33)", forced.paperColor(idChat), "colorScheme dark on a light browser")
	forced.assertWidgetAccessible("a chat held dark by the configuration", idChat)

	light := newTab(t)
	light.darkMode(false)
	light.navigate("/visitor/page.html?app=e2e-visitor-prechat&lang=en&run=" + unique(t))
	light.waitReady()
	light.eval(sdk + `.startChat()`)
	light.waitShown(idPrechat)
	assert.Equal(t, "rgb(255, 255, 255)", light.paperColor(idPrechat))
	light.darkMode(true)
	light.click("oc-lcw-prechat-submit")
	waitJS(t, light.ctx, `__e2e.text("oc-lcw-prechat-field-0-error") !== ""`, waitTimeout)
	assert.Equal(t, "rgb(28, 28, 33)", light.paperColor(idPrechat), "the scheme follows the browser live")
	light.assertWidgetAccessible("a prechat error, dark", idPrechat)
	screenshot(light, "dark-prechat-error")
}

// TestVisitorPhonePane: on a 360×740 touch phone the chat pane fills the
// screen, its header buttons and Send are at least 44×44 px, the message
// box is 16 px text (no iOS zoom), Tab reaches every control, and axe
// finds nothing.
func TestVisitorPhonePane(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.phone()
	tb.navigate("/visitor/page.html?app=e2e-visitor-queue&lang=en&run=" + unique(t))
	tb.waitReady()
	tb.click(idLauncher)
	tb.waitShown(idChat)
	tb.settle()
	// The pane slides in: measure it once no animation runs.
	waitJS(t, tb.ctx, `!__e2e.root().getAnimations().some((a) => a.playState === "running")`, waitTimeout)
	vw, vh := tb.viewport()
	r := tb.rect(idChat)
	assert.Equal(t, rect{Left: 0, Top: 0, Right: vw, Bottom: vh}, r, "full screen")
	for _, id := range []string{"oc-lcw-chat-closebutton", "oc-lcw-chat-minimizebutton", "oc-lcw-chat-send", "oc-lcw-chat-attach"} {
		b := tb.rect(id)
		assert.GreaterOrEqual(t, b.Right-b.Left, 44.0, "#%s width %+v", id, b)
		assert.GreaterOrEqual(t, b.Bottom-b.Top, 44.0, "#%s height %+v", id, b)
	}
	assert.Equal(t, "16px", evalJS[string](tb, `getComputedStyle(__e2e.el("oc-lcw-chat-input")).fontSize`))
	tb.waitFocus("widget #oc-lcw-chat-input")
	tb.tabs(false, "widget #oc-lcw-chat-attach", "widget #oc-lcw-chat-send")
	tb.tabs(true, "widget #oc-lcw-chat-attach", "widget #oc-lcw-chat-input", "widget #oc-lcw-chat-transcript", "widget #oc-lcw-chat-closebutton", "widget #oc-lcw-chat-minimizebutton")
	tb.assertWidgetAccessible("the chat pane on a phone", idChat)
	screenshot(tb, "phone-chat")
	tb.darkMode(true)
	tb.assertWidgetAccessible("the chat pane on a phone, dark", idChat)
	screenshot(tb, "phone-chat-dark")
	tb.eval(sdk + `.closeChat()`)
}

// TestVisitorContinuity: the accepted invitation's message is the first
// line of the conversation, also after a reload; once the agent joins the
// header shows their name and initials; consecutive agent messages name
// the agent once; both sides' groups carry a time. Right to left and
// dark as well, axe finds nothing.
func TestVisitorContinuity(t *testing.T) {
	t.Parallel()
	agent := agentOnline(t, "cleo")
	run := unique(t)
	visitor := newTab(t)
	visitor.navigate("/visitor/page.html?app=e2e-visitor&lang=en&run=" + run)
	visitor.waitReady()
	visitor.startProactiveChat(`{message: "Looking for running shoes? Ask me."}`)
	visitor.waitShown(idInvitation)
	visitor.click(idStart)
	visitor.waitEvent("lcw:chatQueued")
	first := `__e2e.el("oc-lcw-chat-transcript").firstElementChild`
	assert.Equal(t, "oc-lcw-chat-invitation", evalJS[string](visitor, first+`.id`))
	assert.Contains(t, evalJS[string](visitor, first+`.textContent`), "Looking for running shoes? Ask me.")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-title") !== "Let's Chat"`, waitTimeout)
	name := visitor.text("oc-lcw-chat-title")
	assert.NotEmpty(t, name)
	assert.Equal(t, string([]rune(name)[0:1]), visitor.text("oc-lcw-chat-avatar")[:1])
	assert.True(t, visitor.shown("oc-lcw-chat-avatar"))
	agentSays(agent, "Hi!")
	agentSays(agent, "Which size?")
	waitMessages(visitor, rootOfPage, 3) // the invitation, two from the agent
	visitor.click("oc-lcw-chat-input")
	visitor.do(chromedp.KeyEvent("42"))
	visitor.enter(false)
	waitMessages(visitor, rootOfPage, 4)
	got := evalJS[map[string]float64](visitor, `(() => {
		const r = __e2e.root();
		return {names: r.querySelectorAll(".lcw-msg-agent:not(.lcw-msg-invitation) .lcw-msg-name").length,
			agentTimes: r.querySelectorAll(".lcw-msg-agent time").length,
			visitorTimes: r.querySelectorAll(".lcw-msg-visitor time").length};
	})()`)
	assert.Equal(t, 1.0, got["names"], "the agent is named once for two bubbles in a row")
	assert.Equal(t, 1.0, got["agentTimes"], "one time per group")
	assert.Equal(t, 1.0, got["visitorTimes"], "the visitor's side has times too")
	visitor.assertWidgetAccessible("the conversation with the agent in the header", idChat)
	screenshot(visitor, "light-continuity")

	visitor.do(chromedp.Reload())
	visitor.waitReady()
	waitMessages(visitor, rootOfPage, 4)
	assert.Equal(t, "oc-lcw-chat-invitation", evalJS[string](visitor, first+`.id`), "after a reload too")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-title") === `+jsString(name), waitTimeout)
	visitor.darkMode(true)
	visitor.assertWidgetAccessible("the resumed conversation, dark", idChat)
	screenshot(visitor, "dark-continuity")
	visitor.eval(sdk + `.closeChat()`)

	rtlAgent := agentOnline(t, "cleo")
	rtlRun := unique(t)
	rtl := newTab(t)
	rtl.navigate("/visitor/page.html?app=e2e-visitor&lang=he&run=" + rtlRun)
	rtl.waitReady()
	rtl.startProactiveChat(`{message: "שלום! אפשר לעזור?"}`)
	rtl.waitShown(idInvitation)
	rtl.click(idStart)
	rtl.waitEvent("lcw:chatQueued")
	acceptChat(t, rtlAgent, rtlRun)
	waitJS(t, rtl.ctx, `__e2e.shown("oc-lcw-chat-avatar")`, waitTimeout)
	av, title := rtl.rect("oc-lcw-chat-avatar"), rtl.rect("oc-lcw-chat-title")
	assert.Greater(t, av.Left, title.Left, "right to left: the avatar is at the start, on the right")
	rtl.assertWidgetAccessible("Hebrew, the agent in the header", idChat)
	screenshot(rtl, "rtl-hebrew-continuity")
	rtl.eval(sdk + `.closeChat()`)
}

// enter presses Enter (with Shift when shift) as a keyboard does: one
// keyDown carrying its text, so a keydown handler's preventDefault keeps
// the line break out, as in a real browser (chromedp's KeyEvent sends the
// text as a separate char event, which no keydown handler can stop).
func (tb *tab) enter(shift bool) {
	tb.t.Helper()
	var mods int64
	if shift {
		mods = 8 // Shift
	}
	key := input.DispatchKeyEventParams{Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Modifiers: mods}
	down, up := key, key
	down.Type, down.Text, down.UnmodifiedText = input.DispatchKeyEventTypeKeyDown, "\r", "\r"
	up.Type = input.DispatchKeyEventTypeKeyUp
	tb.call(func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, input.DispatchKeyEvent, up)
		return err
	})
}

// TestVisitorLinksAndComposer: an agent's https, http and mailto
// addresses are real anchors (target _blank, rel noopener noreferrer
// nofollow ugc), javascript: and markup stay text; the message box is a
// text area where Shift+Enter adds a line, Enter sends the lines as one
// message, and the box grows with them up to a limit. Keyboard, dark and
// phone runs of axe find nothing.
func TestVisitorLinksAndComposer(t *testing.T) {
	t.Parallel()
	visitor, agent := visitorWithAgent(t, "liam", "/visitor/page.html?app=e2e-visitor&lang=en&z")
	agentSays(agent, `Sizes: https://shop.example/sizes?c=eu. Or mail mailto:help@shop.example! Not javascript:alert(1) <b>bold</b>`)
	waitMessages(visitor, rootOfPage, 1)
	links := evalJS[[]map[string]string](visitor, `[...__e2e.root().querySelectorAll(".lcw-msg-agent a")].map(a => ({
		href: a.getAttribute("href"), text: a.textContent, target: a.target, rel: a.rel}))`)
	require.Len(t, links, 2)
	assert.Equal(t, map[string]string{"href": "https://shop.example/sizes?c=eu", "text": "https://shop.example/sizes?c=eu",
		"target": "_blank", "rel": "noopener noreferrer nofollow ugc"}, links[0])
	assert.Equal(t, "mailto:help@shop.example", links[1]["href"])
	text := evalJS[string](visitor, `__e2e.root().querySelector(".lcw-msg-agent .lcw-msg-text").textContent`)
	assert.Contains(t, text, "javascript:alert(1) <b>bold</b>", "markup and other schemes are text")
	assert.Equal(t, 0, evalJS[int](visitor, `__e2e.root().querySelectorAll(".lcw-msg-agent b").length`))

	visitor.click("oc-lcw-chat-input")
	assert.Equal(t, "TEXTAREA", evalJS[string](visitor, `__e2e.el("oc-lcw-chat-input").tagName`))
	h1 := visitor.rect("oc-lcw-chat-input")
	visitor.do(chromedp.KeyEvent("first line"))
	for i := 2; i <= 9; i++ {
		visitor.enter(true)
		visitor.do(chromedp.KeyEvent(fmt.Sprintf("line %d", i)))
	}
	assert.Equal(t, 8, evalJS[int](visitor, `__e2e.el("oc-lcw-chat-input").value.split("\n").length - 1`), "Shift+Enter added lines")
	visitor.settle()
	h2 := visitor.rect("oc-lcw-chat-input")
	assert.Greater(t, h2.Bottom-h2.Top, h1.Bottom-h1.Top+40, "the box grew: %+v then %+v", h1, h2)
	assert.LessOrEqual(t, h2.Bottom-h2.Top, 6*20+22+1.0, "up to six lines")
	assert.Greater(t, evalJS[float64](visitor, `__e2e.el("oc-lcw-chat-input").scrollHeight - __e2e.el("oc-lcw-chat-input").clientHeight`), 0.0, "then it scrolls")
	visitor.assertWidgetAccessible("a tall message box", idChat)
	visitor.enter(false)
	waitMessages(visitor, rootOfPage, 2)
	sent := evalJS[string](visitor, `__e2e.root().querySelector(".lcw-msg-visitor .lcw-msg-text").textContent`)
	assert.Equal(t, "first line\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9", sent, "one message, its lines kept")
	assert.Equal(t, "", evalJS[string](visitor, `__e2e.el("oc-lcw-chat-input").value`))
	waitJS(t, agent.ctx, `document.body.textContent.includes("line 9")`, waitTimeout)
	visitor.settle()
	h3 := visitor.rect("oc-lcw-chat-input")
	assert.InDelta(t, h1.Bottom-h1.Top, h3.Bottom-h3.Top, 1, "empty again, one line high")
	screenshot(visitor, "light-links")
	visitor.darkMode(true)
	visitor.assertWidgetAccessible("links in dark mode", idChat)
	screenshot(visitor, "dark-links")
	visitor.eval(sdk + `.closeChat()`)
}

// TestVisitorNoAgentLeavesAMessage: with no agent available the widget
// says so and offers the leave-a-message form instead of a queue; the
// form checks its fields (keyboard only), the message is stored and the
// agent console lists it. In French and Arabic (right to left, phone,
// dark) too, axe finds nothing.
func TestVisitorNoAgentLeavesAMessage(t *testing.T) {
	t.Parallel()
	run := unique(t)
	tb := newTab(t)
	tb.navigate("/visitor/page.html?app=e2e-visitor&lang=en&org=noagent&run=" + run)
	tb.waitReady()
	tb.click(idLauncher)
	tb.waitShown("oc-lcw-offline")
	assert.Contains(t, tb.text("oc-lcw-offline-intro"), "No agent is available right now")
	assert.Empty(t, tb.events("lcw:chatQueued"), "no conversation waits in an empty queue")
	tb.waitFocus("widget #oc-lcw-prechat-field-0")
	tb.do(chromedp.KeyEvent("Ana " + run))
	tb.tabs(false, "widget #oc-lcw-prechat-field-1")
	tb.do(chromedp.KeyEvent("ana-at-example"))
	tb.tabs(false, "widget #oc-lcw-prechat-field-2", "widget #oc-lcw-offline-submit")
	tb.press(kb.Enter)
	waitJS(t, tb.ctx, `__e2e.text("oc-lcw-prechat-field-1-error") !== ""`, waitTimeout)
	tb.waitFocus("widget #oc-lcw-prechat-field-1")
	tb.assertWidgetAccessible("the leave-a-message form with errors", "oc-lcw-offline")
	screenshot(tb, "light-offline-errors")
	tb.eval(`__e2e.el("oc-lcw-prechat-field-1").value = ""`)
	tb.do(chromedp.KeyEvent("ana@example.com"))
	tb.tabs(false, "widget #oc-lcw-prechat-field-2")
	tb.do(chromedp.KeyEvent("Do you ship to Norway? " + run))
	tb.tabs(false, "widget #oc-lcw-offline-submit")
	tb.press(kb.Enter)
	tb.waitShown("oc-lcw-offline-thanks")
	assert.Equal(t, "Thanks! We'll reply to ana@example.com.", tb.text("oc-lcw-offline-thanks"))
	tb.waitFocus("widget #oc-lcw-offline-thanks")
	tb.assertWidgetAccessible("the message left", "oc-lcw-offline")

	agent := agentOnline(t, "nora")
	agent.do(chromedp.Click("#offline-link")) // from the console's top bar
	waitJS(t, agent.ctx, `document.body.textContent.includes("Do you ship to Norway? `+run+`")`, waitTimeout)
	assert.Contains(t, evalJS[string](agent, `document.body.textContent`), "ana@example.com")
	agent.assertAccessible("the offline messages page")

	ar := newTab(t)
	ar.phone()
	ar.darkMode(true)
	ar.navigate("/visitor/page.html?app=e2e-visitor&lang=ar&org=noagent&run=" + unique(t))
	ar.waitReady()
	ar.click(idLauncher)
	ar.waitShown("oc-lcw-offline")
	assert.Equal(t, "اترك لنا رسالة", ar.text("oc-lcw-offline-title"))
	ar.assertWidgetAccessible("the Arabic leave-a-message form on a phone, dark", "oc-lcw-offline")
	screenshot(ar, "ar-phone-dark-offline")
}

// TestVisitorEndOfChat: when the agent ends the chat the notice is the
// last line of the transcript; where the send box was, the visitor rates
// it with toggle thumbs and a comment (keyboard only; the service stores
// it, the pane thanks) and downloads the transcript, a text file made in
// the browser. Dark, Hebrew and axe too.
func TestVisitorEndOfChat(t *testing.T) {
	t.Parallel()
	agent := agentOnline(t, "enzo")
	run := unique(t)
	visitor := newTab(t)
	visitor.addScript(`(() => {
		const make = URL.createObjectURL.bind(URL);
		URL.createObjectURL = (b) => { window.__lcwBlob = b; return make(b); };
		HTMLAnchorElement.prototype.click = function () { window.__lcwDownload = this.download; };
	})();`)
	visitor.navigate("/visitor/page.html?app=e2e-visitor&lang=en&run=" + run)
	visitor.waitReady()
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	agentSays(agent, "Your order ships today: https://shop.example/track")
	waitMessages(visitor, rootOfPage, 1)
	visitor.click("oc-lcw-chat-input")
	visitor.do(chromedp.KeyEvent("Great, thanks"))
	visitor.enter(false)
	waitMessages(visitor, rootOfPage, 2)
	endChat(agent)
	visitor.waitShown("oc-lcw-chat-rating")
	assert.Equal(t, "oc-lcw-chat-end", evalJS[string](visitor, `__e2e.el("oc-lcw-chat-transcript").lastElementChild.id`),
		"the end notice is the transcript's last line")
	assert.False(t, visitor.shown("oc-lcw-chat-sendbox"))
	visitor.assertWidgetAccessible("the rating after the chat", "oc-lcw-chat-rating", "oc-lcw-chat-download")
	screenshot(visitor, "light-rating")

	assert.False(t, visitor.shown("oc-lcw-chat-rating-comment"), "the comment shows once a thumb is chosen")
	visitor.eval(`__e2e.el("oc-lcw-chat-rating").requestSubmit()`) // no thumb yet
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-rating-result") !== ""`, waitTimeout)
	visitor.eval(`__e2e.el("oc-lcw-chat-rate-good").focus()`)
	visitor.press(" ")
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-rate-good").getAttribute("aria-pressed") === "true"`, waitTimeout)
	visitor.tabs(false, "widget #oc-lcw-chat-rate-bad", "widget #oc-lcw-chat-rating-comment")
	visitor.do(chromedp.KeyEvent("Fast answer"))
	visitor.tabs(false, "widget #oc-lcw-chat-rating-send")
	visitor.press(kb.Enter)
	visitor.waitShown("oc-lcw-chat-rating-thanks")
	visitor.waitFocus("widget #oc-lcw-chat-rating-thanks")
	assert.Equal(t, "Thanks for your feedback.", visitor.text("oc-lcw-chat-rating-thanks"))

	visitor.tabs(false, "widget #oc-lcw-chat-download")
	visitor.press(kb.Enter)
	waitJS(t, visitor.ctx, `window.__lcwDownload === "chat-transcript.txt"`, waitTimeout)
	text := evalJS[string](visitor, `window.__lcwBlob.text()`)
	assert.Contains(t, text, "Chat transcript")
	assert.Contains(t, text, ": Your order ships today: https://shop.example/track\n")
	assert.Contains(t, text, "] You: Great, thanks\n")
	assert.Contains(t, text, "The agent ended the chat.")
	assert.Equal(t, "text/plain;charset=utf-8", evalJS[string](visitor, `window.__lcwBlob.type`))
	visitor.darkMode(true)
	visitor.assertWidgetAccessible("the end of the chat, dark", "oc-lcw-chat-rating-thanks", "oc-lcw-chat-download")
	screenshot(visitor, "dark-rated")
	visitor.eval(sdk + `.closeChat()`)

	heAgent := agentOnline(t, "enzo")
	heRun := unique(t)
	he := newTab(t)
	he.phone()
	he.navigate("/visitor/page.html?app=e2e-visitor&lang=he&run=" + heRun)
	he.waitReady()
	he.eval(sdk + `.startChat()`)
	he.waitEvent("lcw:chatQueued")
	acceptChat(t, heAgent, heRun)
	endChat(heAgent)
	he.waitShown("oc-lcw-chat-rating")
	assert.Equal(t, "איך היה הצ׳אט?", he.text("oc-lcw-chat-rating-question"))
	he.click("oc-lcw-chat-rate-bad")
	he.waitShown("oc-lcw-chat-rating-send")
	for _, id := range []string{"oc-lcw-chat-rate-good", "oc-lcw-chat-rate-bad", "oc-lcw-chat-rating-send", "oc-lcw-chat-download"} {
		r := he.rect(id)
		assert.GreaterOrEqual(t, r.Bottom-r.Top, 44.0, "#%s is a touch target", id)
	}
	he.assertWidgetAccessible("the Hebrew rating on a phone", "oc-lcw-chat-rating")
	screenshot(he, "rtl-hebrew-rating-phone")
	he.eval(sdk + `.closeChat()`)
}
