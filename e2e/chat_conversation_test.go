package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The conversation after "Chat Now": the transcript that follows the
// visitor, grouped bubbles with the visitor's own times, typing both
// ways, the close question, the end of a chat and a new one. The checks
// are geometric: element boxes, scroll positions, the focused element.

// rootOfPage and rootOfPopout are JS expressions for the widget's shadow
// root in a page with the e2e recorder and in a pop-out window.
const (
	rootOfPage   = `__e2e.root()`
	rootOfPopout = `document.getElementById("oc-lcw").shadowRoot`
)

// transcriptBox is the transcript's scroll position and boxes.
type transcriptBox struct {
	Top        float64 `json:"top"`
	Height     float64 `json:"height"`
	Client     float64 `json:"client"`
	BoxTop     float64 `json:"boxTop"`
	BoxBottom  float64 `json:"boxBottom"`
	LastTop    float64 `json:"lastTop"`
	LastBottom float64 `json:"lastBottom"`
	Count      int     `json:"count"` // messages shown
	Jump       bool    `json:"jump"`  // "New messages ↓" is rendered
}

// transcript reads the transcript of the widget under root; last is the
// last child of the transcript (the newest message, the typing dots or
// the end notice).
func transcript(tb *tab, root string) transcriptBox {
	tb.t.Helper()
	return evalJS[transcriptBox](tb, `(() => {
		const r = `+root+`, t = r.getElementById("oc-lcw-chat-transcript"), b = t.getBoundingClientRect();
		const last = t.lastElementChild?.getBoundingClientRect() ?? {top: 0, bottom: 0};
		const j = r.getElementById("oc-lcw-chat-newmessages").getBoundingClientRect();
		return {top: t.scrollTop, height: t.scrollHeight, client: t.clientHeight, boxTop: b.top, boxBottom: b.bottom,
			lastTop: last.top, lastBottom: last.bottom, count: t.querySelectorAll(".lcw-msg").length,
			jump: j.height > 0 && j.width > 0};
	})()`)
}

// assertAtBottom checks that the transcript shows its end.
func assertAtBottom(t *testing.T, b transcriptBox, what string) {
	t.Helper()
	assert.LessOrEqual(t, b.Height-b.Client-b.Top, 1.0, "%s: scrolled to the bottom (%+v)", what, b)
	assert.LessOrEqual(t, b.LastBottom, b.BoxBottom+0.5, "%s: the newest line is in view (%+v)", what, b)
	assert.Greater(t, b.LastTop, b.BoxTop, "%s: the newest line is in view (%+v)", what, b)
}

// agentSays sends text from the agent console.
//
// It waits for the open conversation's reply box, puts text in it and
// sends in one evaluation (a re-render between typing and clicking could
// not lose it), then waits until the console's transcript shows it.
func agentSays(agent *tab, text string) {
	agent.t.Helper()
	waitJS(agent.t, agent.ctx, `(() => {
		const box = document.querySelector("#text");
		if (document.querySelector("#send")?.hidden || !box) return false;
		box.value = `+jsString(text)+`;
		document.querySelector("#send").requestSubmit();
		return true;
	})()`, waitTimeout)
	waitJS(agent.t, agent.ctx, `[...document.querySelectorAll("#transcript .msg.agent .text")].some((e) => e.textContent === `+jsString(text)+`)`, waitTimeout)
}

// agentOnline opens the agent console in a browser context of its own and
// signs in as user with the right password only: signIn's wrong one first
// counts against the server's 10 failed sign-ins per address in 10
// minutes, which the suite's tests share.
func agentOnline(t *testing.T, user string) *tab {
	t.Helper()
	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agent.addScript(`window.confirm = () => true;`) // "End the conversation?"
	agent.navigate("/agent")
	release := signInSlot()
	defer release()
	agent.do(sendKeys("#user", user), sendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	return agent
}

// waitMessages waits until the widget under root shows n messages.
func waitMessages(tb *tab, root string, n int) {
	tb.t.Helper()
	// root may throw while the page has no widget yet (a pop-out loading).
	list := `(() => { try { return [...(` + root + `?.getElementById("oc-lcw-chat-transcript")?.querySelectorAll(".lcw-msg") ?? [])]; } catch (e) { return []; } })()`
	deadline := time.Now().Add(waitTimeout)
	for evalJS[int](tb, list+`.length`) != n {
		if time.Now().After(deadline) {
			tb.t.Fatalf("the widget shows %d messages after %v, want %d: %q", evalJS[int](tb, list+`.length`), waitTimeout, n,
				evalJS[[]string](tb, list+`.map((m) => m.textContent)`))
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not a wait for an outcome
	}
}

// visitorWithAgent opens page for a new visitor, starts a chat and has
// user accept it; it returns both tabs.
func visitorWithAgent(t *testing.T, user, page string) (visitor, agent *tab) {
	t.Helper()
	agent = agentOnline(t, user)
	run := unique(t)
	visitor = openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate(page + "?run=" + run)
	visitor.waitReady()
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)
	return visitor, agent
}

// screenshot writes the tab's viewport to $LCWASM_E2E_SHOTS/name.png when
// that is set, to look at a state by eye.
func screenshot(tb *tab, name string) {
	dir := os.Getenv("LCWASM_E2E_SHOTS")
	if dir == "" {
		return
	}
	var png []byte
	tb.call(func(ctx context.Context) error {
		var err error
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		return err
	})
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		tb.t.Error(err)
	}
}

// TestChatTranscriptFollowsTheVisitor: the transcript stays on the newest
// message while the visitor is at the bottom; scrolled up, nothing jumps
// and "New messages ↓" appears, which takes them down. It is at the
// bottom again after a restore from minimized, and after a reload, which
// moves no focus; a chat left minimized stays minimized on the next page.
func TestChatTranscriptFollowsTheVisitor(t *testing.T) {
	t.Parallel()
	visitor, agent := visitorWithAgent(t, "ivan", "/e2e/chat.html")
	for i := 1; i <= 12; i++ {
		agentSays(agent, "Line "+strconv.Itoa(i)+" of what the agent has to say about boots")
	}
	waitMessages(visitor, rootOfPage, 12)
	b := transcript(visitor, rootOfPage)
	require.Greater(t, b.Height, b.Client+100, "the transcript overflows (%+v)", b)
	assertAtBottom(t, b, "after twelve agent messages")

	// The visitor scrolls up to read: the next message moves nothing.
	visitor.eval(`__e2e.el("oc-lcw-chat-transcript").scrollTop = 40`)
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-transcript").scrollTop === 40`, waitTimeout)
	visitor.settle()
	agentSays(agent, "Line 13, below the fold")
	waitMessages(visitor, rootOfPage, 13)
	b = transcript(visitor, rootOfPage)
	assert.Equal(t, 40.0, b.Top, "nothing jumps while the visitor reads above")
	waitJS(t, visitor.ctx, `__e2e.shown("oc-lcw-chat-newmessages")`, waitTimeout)
	assert.Equal(t, "New messages ↓", visitor.text("oc-lcw-chat-newmessages"))
	visitor.assertWidgetAccessible("the transcript with New messages", "oc-lcw-chat-newmessages", "oc-lcw-chat-transcript")
	visitor.click("oc-lcw-chat-newmessages")
	waitJS(t, visitor.ctx, `!__e2e.shown("oc-lcw-chat-newmessages")`, waitTimeout)
	assertAtBottom(t, transcript(visitor, rootOfPage), "after New messages ↓")

	// At the bottom by hand: the next message follows (it was 63 px short).
	agentSays(agent, "Line 14")
	waitMessages(visitor, rootOfPage, 14)
	assertAtBottom(t, transcript(visitor, rootOfPage), "pinned again")

	// Minimized, a message comes; restored, the newest is in view.
	visitor.click("oc-lcw-chat-minimizebutton")
	visitor.waitShown(idLauncher)
	agentSays(agent, "Line 15, while minimized")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-button-unread") === "1"`, waitTimeout)
	visitor.click(idLauncher)
	visitor.waitShown(idChat)
	waitMessages(visitor, rootOfPage, 15)
	assertAtBottom(t, transcript(visitor, rootOfPage), "restored from minimized")

	// A reload: the transcript comes back at its end; focus stays the page's.
	visitor.do(chromedp.Reload())
	visitor.waitReady()
	visitor.waitEvent("lcw:chatRetrieved")
	waitMessages(visitor, rootOfPage, 15)
	assertAtBottom(t, transcript(visitor, rootOfPage), "after a reload")
	assert.Equal(t, "body", visitor.focus(), "the widget moves no focus on page load")

	// Left minimized, it stays so on the next page, focus untouched.
	visitor.click("oc-lcw-chat-minimizebutton")
	visitor.waitShown(idLauncher)
	visitor.navigate("/e2e/chat.html?next=page")
	visitor.waitReady()
	visitor.waitEvent("lcw:chatRetrieved")
	visitor.settle()
	assert.False(t, visitor.shown(idChat), "a minimized chat stays minimized on the next page")
	assert.True(t, visitor.shown(idLauncher))
	assert.Equal(t, "body", visitor.focus(), "the widget moves no focus on page load")
	agentSays(agent, "Line 16, on the next page")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-button-unread") === "1"`, waitTimeout)
	visitor.click(idLauncher)
	visitor.waitShown(idChat)
	waitMessages(visitor, rootOfPage, 16)
	assertAtBottom(t, transcript(visitor, rootOfPage), "restored on the next page")
	visitor.eval(sdk + `.closeChat()`)
}

// TestPopoutTranscriptIsPinned: in the pop-out window the transcript
// follows new messages too, and comes back at its end after a reload.
func TestPopoutTranscriptIsPinned(t *testing.T) {
	t.Parallel()
	agent := agentOnline(t, "lee")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/chat.html?run=" + run)
	visitor.waitReady()
	win := popoutOf(t, visitor, func() { visitor.eval(sdk + `.startChat({inNewWindow: true})`) })
	waitJS(t, win.ctx, `!!`+rootOfPopout+`?.getElementById("oc-lcw-chat-sendbox")`, waitTimeout)
	acceptChat(t, agent, run)
	// 12 lines, not more at once: the console's frames count against the
	// service's 20-frame burst (then 5 a second), and a fast machine sent
	// 25 lines and their typing frames past it (close 1008).
	const lines = 12
	for i := 1; i <= lines; i++ {
		agentSays(agent, "Pop-out line "+strconv.Itoa(i)+" with enough words to wrap in a narrow window, and then a few more words")
	}
	waitMessages(win, rootOfPopout, lines)
	b := transcript(win, rootOfPopout)
	require.Greater(t, b.Height, b.Client, "the transcript overflows, so pinning is tested (%+v)", b)
	assertAtBottom(t, b, "in the pop-out")
	win.do(chromedp.Reload())
	waitMessages(win, rootOfPopout, lines)
	waitJS(t, win.ctx, `(() => { const t = `+rootOfPopout+`.getElementById("oc-lcw-chat-transcript");
		return t.scrollHeight - t.clientHeight - t.scrollTop <= 1; })()`, waitTimeout)
	assertAtBottom(t, transcript(win, rootOfPopout), "in the pop-out after a reload")
}

// TestChatTypingGroupsAndEnd: consecutive agent bubbles are one group
// with the agent's name once and the time the visitor's browser writes
// (exact on hover); typing shows both ways (the widget sends at most one
// typing frame per 3 s; the agent's shows as dots that stop under
// prefers-reduced-motion, and is announced); × asks first, in the pane,
// by keyboard; the agent's end shows at the bottom of the transcript with
// "Start a new chat", which starts a new conversation.
func TestChatTypingGroupsAndEnd(t *testing.T) {
	t.Parallel()
	agent := agentOnline(t, "judy")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.addScript(`window.__typingFrames = 0;
		const send = WebSocket.prototype.send;
		WebSocket.prototype.send = function (d) {
			if (typeof d === "string" && JSON.parse(d).type === "typing") window.__typingFrames++;
			return send.call(this, d);
		};`)
	visitor.navigate("/e2e/chat.html?run=" + run)
	visitor.waitReady()
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)

	// Minimize sits next to close.
	minimize, closeX := visitor.rect("oc-lcw-chat-minimizebutton"), visitor.rect("oc-lcw-chat-closebutton")
	assert.InDelta(t, 0, closeX.Left-minimize.Right, 8, "minimize %+v next to close %+v", minimize, closeX)
	assert.InDelta(t, minimize.Top, closeX.Top, 1)

	// Groups: three agent lines, one name, one time in the visitor's locale.
	for _, s := range []string{"Hello!", "I'm Judy.", "How can I help?"} {
		agentSays(agent, s)
	}
	waitMessages(visitor, rootOfPage, 3)
	got := evalJS[map[string]any](visitor, `(() => {
		const t = __e2e.el("oc-lcw-chat-transcript"), time = t.querySelector("time");
		const d = new Date(time.dateTime);
		return {names: [...t.querySelectorAll(".lcw-msg-name")].map(n => n.textContent),
			times: t.querySelectorAll("time").length, shown: time.querySelector("[aria-hidden]").textContent,
			want: new Intl.DateTimeFormat(undefined, {hour: "numeric", minute: "2-digit"}).format(d),
			title: time.title, exact: new Intl.DateTimeFormat(undefined, {dateStyle: "full", timeStyle: "medium"}).format(d),
			read: time.querySelector(".lcw-sr").textContent};
	})()`)
	assert.Equal(t, []any{"Judy"}, got["names"], "the agent's name once per group")
	assert.EqualValues(t, 1, got["times"], "one time per group")
	assert.Equal(t, got["want"], got["shown"], "the time as the browser's Intl writes it")
	assert.Equal(t, got["exact"], got["title"], "the exact time on hover")
	assert.Equal(t, "Sent "+got["exact"].(string), got["read"], "and for screen readers")

	// The visitor types: one typing frame for a burst, and the agent sees it.
	visitor.click("oc-lcw-chat-input")
	visitor.do(chromedp.KeyEvent("size 44 please"))
	waitJS(t, agent.ctx, `!document.getElementById("typing").hidden`, waitTimeout)
	assert.Equal(t, 1, evalJS[int](visitor, `window.__typingFrames`), "one typing frame per 3 s of typing")

	// The agent types: dots, announced, still under reduced motion.
	// (The console sends at most one typing frame per 2 s, counted from
	// the agent's last frame: the agent types on until the dots show.)
	typing := false
	for i := 0; i < 200 && !typing; i++ {
		agent.do(sendKeys("#text", "."))
		typing = visitor.shown("oc-lcw-chat-typing")
	}
	require.True(t, typing, "the agent's typing shows in the widget")
	screenshot(visitor, "desktop-typing")
	assert.Equal(t, "Judy is typing…", visitor.text("oc-lcw-chat-typing-status"))
	assert.Equal(t, "status", evalJS[string](visitor, `__e2e.el("oc-lcw-chat-typing-status").getAttribute("role")`))
	assert.Equal(t, 3, evalJS[int](visitor, `__e2e.el("oc-lcw-chat-typing").getAnimations({subtree: true}).length`), "the dots move")
	visitor.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	})
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-typing").getAnimations({subtree: true}).length === 0`, waitTimeout)
	assertAtBottom(t, transcript(visitor, rootOfPage), "the dots in view")
	agent.do(chromedp.Click("#send button"))
	waitMessages(visitor, rootOfPage, 4)
	visitor.waitGone("oc-lcw-chat-typing")

	// × asks first, focus in the question; Escape cancels, back on ×.
	visitor.click("oc-lcw-chat-closebutton")
	visitor.waitShown("oc-lcw-chat-confirm")
	assert.Equal(t, "Do you really want to close this chat?", visitor.text("oc-lcw-chat-confirm-text"))
	visitor.waitFocus("widget #oc-lcw-chat-confirm-cancel")
	visitor.assertWidgetAccessible("the close question", "oc-lcw-chat-confirm-close", "oc-lcw-chat-confirm-cancel")
	screenshot(visitor, "desktop-confirm")
	visitor.press(kb.Escape)
	visitor.waitGone("oc-lcw-chat-confirm")
	visitor.waitFocus("widget #oc-lcw-chat-closebutton")
	assert.True(t, visitor.shown(idChat), "Cancel keeps the chat")
	assert.Empty(t, visitor.events("lcw:onClose", "lcw:onMinimize"))

	// The agent ends it: the notice at the bottom, where the visitor reads.
	endChat(agent)
	visitor.waitEvent("lcw:threadUpdate")
	visitor.waitShown("oc-lcw-chat-ended")
	assert.Equal(t, "The agent ended the chat.", visitor.text("oc-lcw-chat-ended"))
	assert.Equal(t, "", visitor.text("oc-lcw-chat-status"))
	assert.True(t, evalJS[bool](visitor, `__e2e.el("oc-lcw-chat-transcript").lastElementChild.id === "oc-lcw-chat-end"
		&& __e2e.el("oc-lcw-chat-end").closest("[role=log]") !== null`), "last in the transcript's log, which announces it")
	// The rating and the download take the send box's place (issue 14).
	end, input := visitor.rect("oc-lcw-chat-end"), visitor.rect("oc-lcw-chat-after")
	assert.Less(t, end.Bottom, input.Top, "above the rating, in view")
	assert.Greater(t, end.Bottom, input.Top-120, "at the bottom of the transcript, not the top")
	visitor.assertWidgetAccessible("the ended chat", "oc-lcw-chat-ended", "oc-lcw-chat-newchat")

	// A new chat from there: a new conversation, the question again.
	visitor.click("oc-lcw-chat-newchat")
	waitJS(t, visitor.ctx, `__e2e.events("lcw:startChat").length === 2`, waitTimeout)
	visitor.waitGone("oc-lcw-chat-ended")
	waitJS(t, visitor.ctx, `__e2e.events("lcw:chatQueued").length === 2`, waitTimeout)
	visitor.waitFocus("widget #oc-lcw-chat-input")
	visitor.click("oc-lcw-chat-closebutton")
	visitor.waitFocus("widget #oc-lcw-chat-confirm-cancel")
	visitor.tabs(true, "widget #oc-lcw-chat-confirm-close")
	visitor.press(kb.Enter)
	visitor.waitEvent("lcw:onClose")
	visitor.waitShown(idLauncher)
	assert.False(t, visitor.shown(idChat))
}

// TestChatControlsOnAPhoneRTL: on a 360 px phone and a right-to-left
// page, the header buttons sit together, and the close question, New
// messages and the end notice fit the viewport.
func TestChatControlsOnAPhoneRTL(t *testing.T) {
	t.Parallel()
	agent := agentOnline(t, "kim")
	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 740, DeviceScaleFactor: 2, Mobile: true})
		return err
	})
	visitor.navigate("/e2e/chat-rtl.html?run=" + run)
	visitor.waitReady()
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)
	vw, vh := visitor.viewport()
	inside := func(id string) {
		t.Helper()
		r := visitor.rect(id)
		assert.True(t, r.Left >= 0 && r.Top >= 0 && r.Right <= vw && r.Bottom <= vh && r.Right > r.Left,
			"#%s %+v inside the %vx%v viewport", id, r, vw, vh)
	}
	minimize, closeX := visitor.rect("oc-lcw-chat-minimizebutton"), visitor.rect("oc-lcw-chat-closebutton")
	assert.InDelta(t, 0, minimize.Left-closeX.Right, 8, "right to left: minimize %+v next to close %+v", minimize, closeX)

	for i := 1; i <= 15; i++ {
		agentSays(agent, "سطر "+strconv.Itoa(i))
	}
	waitMessages(visitor, rootOfPage, 15)
	assertAtBottom(t, transcript(visitor, rootOfPage), "on a phone")
	visitor.eval(`__e2e.el("oc-lcw-chat-transcript").scrollTop = 0`)
	visitor.settle()
	agentSays(agent, "سطر 16")
	waitMessages(visitor, rootOfPage, 16)
	visitor.waitShown("oc-lcw-chat-newmessages")
	inside("oc-lcw-chat-newmessages")
	assert.Equal(t, 0.0, transcript(visitor, rootOfPage).Top, "nothing jumps")
	visitor.assertWidgetAccessible("New messages on a phone, right to left", "oc-lcw-chat-newmessages")
	screenshot(visitor, "phone-rtl-newmessages")

	visitor.click("oc-lcw-chat-closebutton")
	visitor.waitShown("oc-lcw-chat-confirm")
	for _, id := range []string{"oc-lcw-chat-confirm", "oc-lcw-chat-confirm-close", "oc-lcw-chat-confirm-cancel"} {
		inside(id)
	}
	visitor.assertWidgetAccessible("the close question on a phone, right to left", "oc-lcw-chat-confirm-cancel")
	screenshot(visitor, "phone-rtl-confirm")
	visitor.click("oc-lcw-chat-confirm-cancel")
	visitor.waitGone("oc-lcw-chat-confirm")

	// Ended while the visitor reads above: New messages ↓ leads to it.
	endChat(agent)
	visitor.waitEvent("lcw:threadUpdate")
	assert.Equal(t, 0.0, transcript(visitor, rootOfPage).Top, "nothing jumps")
	visitor.click("oc-lcw-chat-newmessages")
	visitor.waitShown("oc-lcw-chat-newchat")
	require.True(t, visitor.shown("oc-lcw-chat-ended"))
	inside("oc-lcw-chat-newchat")
	inside("oc-lcw-chat-ended")
	screenshot(visitor, "phone-rtl-ended")
	visitor.eval(sdk + `.closeChat()`)
}
