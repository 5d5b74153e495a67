package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

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
	for _, want := range []string{"/e2e/chat.html", "plan", "gold", "Invitation from the page"} {
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
	agent.do(sendKeys("#text", "They run true to size."), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `[...__e2e.root().querySelectorAll(".lcw-msg-agent .lcw-msg-text")].some(p => p.textContent === "They run true to size.")`, waitTimeout)
	visitor.waitEvent("lcw:onMessageReceived")

	// While minimized, the launcher counts what arrives.
	visitor.click("oc-lcw-chat-minimizebutton")
	visitor.waitShown(idLauncher)
	agent.do(sendKeys("#text", "Anything else?"), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-button-unread") === "1"`, waitTimeout)
	visitor.click(idLauncher)
	waitJS(t, visitor.ctx, `__e2e.el("oc-lcw-chat-button-unread") === null`, waitTimeout)
	assert.NotEmpty(t, visitor.events("lcw:onMinimize"))
	assert.NotEmpty(t, visitor.events("lcw:onMaximize"))

	// The agent ends it.
	endChat(agent)
	visitor.waitEvent("lcw:threadUpdate")
	// The end notice is at the bottom of the transcript now, where the
	// visitor reads (it was the status line at the top).
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-ended") === "The agent ended the chat."`, waitTimeout)
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
	endChat(agent)
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
