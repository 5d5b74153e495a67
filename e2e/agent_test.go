package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/server/agent"
)

// testAgents are the suite's agent accounts: one per test that signs in,
// because the server shows an agent's conversations on every console the
// agent has open, and tests run in parallel. The password is the user name.
// A new test that signs in takes an unused name and notes itself here: alice
// (TestVisitorAndAgent), bob (TestPrechatAndPopoutReachTheAgent), carol
// (TestAgentConsole), grace (TestKeyboardAgentConsole), heidi
// (TestAccessibilityChat), dave (TestPopoutChatCarriesThePage), frank
// (TestPopoutCarriesTheInvitationToTheAgent); erin is free.
func testAgents() ([]agent.Account, error) {
	var out []agent.Account
	for _, user := range []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"} {
		hash, err := agent.HashPassword(user)
		if err != nil {
			return nil, fmt.Errorf("e2e: %w", err)
		}
		out = append(out, agent.Account{User: user, Name: strings.ToUpper(user[:1]) + user[1:], PasswordHash: hash})
	}
	return out, nil
}

// signIn opens the agent console in a browser context of its own and signs
// in as user, after a wrong password has been refused.
func signIn(t *testing.T, user string) *tab {
	t.Helper()
	agent := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	agent.addScript(`window.confirm = () => true;`) // "End the conversation?"
	agent.navigate("/agent")
	agent.do(chromedp.SendKeys("#user", user), chromedp.SendKeys("#password", "wrong"), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#signin-error")?.textContent.includes("Wrong user name or password.")`, waitTimeout)
	agent.do(chromedp.SendKeys("#user", user), chromedp.SendKeys("#password", user), chromedp.Submit("#signin-form"))
	waitJS(t, agent.ctx, `document.querySelector("#connection")?.textContent.includes("Online")`, waitTimeout)
	return agent
}

// acceptChat accepts, on the agent console, the waiting chat whose queue
// entry mentions token (its page URL or visitor name): tests share one
// server, so the queue holds other tests' visitors too.
func acceptChat(t *testing.T, agent *tab, token string) {
	t.Helper()
	find := `[...document.querySelectorAll("#queue li")].find(li => li.textContent.includes(` + jsString(token) + `))`
	waitJS(t, agent.ctx, `!!`+find, waitTimeout)
	agent.eval(find + `.querySelector("button").click()`)
}

// unique is a token no other test run puts in a page URL or a name.
func unique(t *testing.T) string {
	return strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

// TestVisitorAndAgent is the whole loop in two tabs: the visitor accepts an
// invitation; the agent is notified, sees the Additional details (time on
// page, page URL, proactive and why, displayable context only) and accepts;
// messages go both ways (text stays text); a message that arrives while
// the pane is minimized is counted on the launcher; the agent ends the
// chat and the page hears lcw:threadUpdate.
func TestVisitorAndAgent(t *testing.T) {
	t.Parallel()
	agent := signIn(t, "alice")

	run := unique(t)
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/chat.html?run=" + run)
	visitor.waitReady()
	visitor.eval(lcwNS + `.SDK.setContextProvider(() => ({
		plan: {value: "gold", isDisplayable: true},
		secret: {value: "hidden-from-agents", isDisplayable: false}}));`)
	visitor.startProactiveChat(`{message: "Need a hand?"}, false`)
	visitor.waitShown(idInvitation)
	visitor.click("oc-lcw-proactivechat-startbutton")
	visitor.waitEvent("lcw:chatQueued")

	// The agent is notified and accepts.
	acceptChat(t, agent, run)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(run)+`)`, waitTimeout)
	details := evalJS[string](agent, `document.querySelector("#details").textContent`)
	for _, want := range []string{"/e2e/chat.html", "plan", "gold", "Yes"} {
		assert.Contains(t, details, want, "Additional details")
	}
	assert.NotContains(t, details, "hidden-from-agents", "a variable not marked displayable stays hidden")
	assert.Regexp(t, `\d+ s`, details, "time on page")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)

	// Visitor → agent.
	visitor.eval(`__e2e.el("oc-lcw-chat-input").value = "Do the <b>boots</b> run small?";
		__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
	visitor.waitEvent("lcw:onMessageSent")
	waitJS(t, agent.ctx, `document.querySelector("#transcript")?.textContent.includes("Do the <b>boots</b> run small?")`, waitTimeout)
	assert.False(t, evalJS[bool](agent, `!!document.querySelector("#transcript b")`), "visitor text is text on the console")

	// Agent → visitor.
	agent.do(chromedp.SendKeys("#text", "They run true to size."), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `[...__e2e.root().querySelectorAll(".lcw-msg-agent .lcw-msg-text")].some(p => p.textContent === "They run true to size.")`, waitTimeout)
	visitor.waitEvent("lcw:onMessageReceived")

	// While minimized, the launcher counts what arrives.
	visitor.click("oc-lcw-chat-minimizebutton")
	visitor.waitShown(idLauncher)
	agent.do(chromedp.SendKeys("#text", "Anything else?"), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-button-unread") === "1"`, waitTimeout)
	visitor.click(idLauncher)
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-button-unread") === null`, waitTimeout)
	assert.NotEmpty(t, visitor.events("lcw:onMinimize"))
	assert.NotEmpty(t, visitor.events("lcw:onMaximize"))

	// The agent ends it.
	agent.do(chromedp.Click("#end"))
	visitor.waitEvent("lcw:threadUpdate")
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status") === "The agent ended the chat."`, waitTimeout)
	assert.True(t, evalJS[bool](visitor, `__e2e.el("oc-lcw-chat-input").disabled`))
	visitor.eval(lcwNS + `.SDK.closeChat()`)
	visitor.waitShown(idLauncher)
}

// TestPrechatAndPopoutReachTheAgent: the prechat answers travel with the
// chat to the agent's details; a chat popped out into its own window
// (inNewWindow) reaches the agent from there, while the page's own widget
// starts no second chat.
func TestPrechatAndPopoutReachTheAgent(t *testing.T) {
	t.Parallel()
	agent := signIn(t, "bob")
	visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	visitor.navigate("/e2e/chat-prechat.html")
	visitor.waitReady()

	visitor.startProactiveChat(`{message: "Questions?"}`) // showPrechat defaults to true
	visitor.waitShown(idInvitation)
	visitor.click("oc-lcw-proactivechat-startbutton")
	visitor.waitShown("oc-lcw-prechat")
	ada := "Ada Lovelace " + unique(t)
	visitor.eval(`__e2e.el("oc-lcw-prechat-field-0").value = ` + jsString(ada) + `;
		__e2e.el("oc-lcw-prechat-form").requestSubmit();`)
	visitor.waitShown("oc-lcw-chat-sendbox")

	acceptChat(t, agent, ada)
	waitJS(t, agent.ctx, `document.querySelector("#details")?.textContent.includes(`+jsString(ada)+`)`, waitTimeout)
	agent.do(chromedp.Click("#end"))
	visitor.waitEvent("lcw:threadUpdate")
	visitor.eval(lcwNS + `.SDK.closeChat()`)
	visitor.waitShown(idLauncher)

	// Pop-out: the chat runs in popout.html, the page keeps its launcher.
	win := popoutOf(t, visitor, func() { visitor.eval(lcwNS + `.SDK.startChat({inNewWindow: true})`) })
	waitJS(t, win.ctx, `!!document.getElementById("oc-lcw")?.shadowRoot?.getElementById("oc-lcw-prechat")`, waitTimeout)
	grace := "Grace Hopper " + unique(t)
	win.eval(`const r = document.getElementById("oc-lcw").shadowRoot;
		r.getElementById("oc-lcw-prechat-field-0").value = ` + jsString(grace) + `;
		r.getElementById("oc-lcw-prechat-form").requestSubmit();`)
	waitJS(t, win.ctx, `!!document.getElementById("oc-lcw").shadowRoot.getElementById("oc-lcw-chat-sendbox")`, waitTimeout)
	waitJS(t, agent.ctx, `[...document.querySelectorAll("#queue li")].some(li => li.textContent.includes(`+jsString(grace)+`))`, waitTimeout)
	assert.Nil(t, evalJS[any](visitor, `__e2e.el("oc-lcw-chat")`), "the page itself opens no chat pane")
	assert.Len(t, visitor.events("lcw:startChat"), 1, "only the first chat started in the page")
}
