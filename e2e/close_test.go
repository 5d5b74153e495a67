package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// agentEnds starts a chat on the visitor's page with run in its URL, has
// the agent accept and end it, and waits for lcw:threadUpdate there.
func agentEnds(t *testing.T, agent, visitor *tab, run string) {
	t.Helper()
	visitor.navigate("/e2e/chat.html?run=" + run)
	visitor.waitReady()
	visitor.eval(sdk + `.startChat()`)
	visitor.waitEvent("lcw:chatQueued")
	acceptChat(t, agent, run)
	waitJS(t, visitor.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)
	agent.do(sendKeys("#text", "Hello from "+run), chromedp.Click("#send button"))
	waitJS(t, visitor.ctx, `__e2e.events("lcw:onMessageReceived").some((e) => e.detail.messageType === "user")`, waitTimeout)
	endChat(agent)
	visitor.waitEvent("lcw:threadUpdate")
	require.Empty(t, visitor.events("lcw:closeChat"), "the agent's end is lcw:threadUpdate, not lcw:closeChat")

	// Microsoft's shape alongside lcwasm's: messageType and channelData.tags.
	var got []string
	for _, e := range visitor.events("lcw:onMessageReceived") {
		cd, _ := e.Detail["channelData"].(map[string]any)
		tags, _ := cd["tags"].([]any)
		require.NotEmpty(t, tags, "channelData.tags of %v", e.Detail)
		tag := fmt.Sprint(e.Detail["messageType"], " ", tags[len(tags)-1])
		if len(got) > 0 && got[len(got)-1] == tag {
			continue // the place in the queue changed (other tests' visitors were taken)
		}
		got = append(got, tag)
		if e.Detail["messageType"] == "user" {
			assert.Equal(t, "Hello from "+run, e.Detail["text"])
			assert.Equal(t, "agent", e.Detail["from"])
		}
	}
	assert.Equal(t, []string{"system queueposition", "system agentaccepted", "user public", "system agentendconversation"}, got)
}

// TestCloseChatAfterTheAgentEnded: the usual way a chat ends, as
// Microsoft documents it: the agent ends it, the page hears
// lcw:threadUpdate and calls closeChat() (or the visitor closes the pane):
// lcw:closeChat fires, once, in the page and in the pop-out alike (and, for
// the pop-out's chat, in the page that opened it). Erin is this test's
// agent.
func TestCloseChatAfterTheAgentEnded(t *testing.T) {
	agent := signIn(t, "erin")
	t.Run("closeChat", func(t *testing.T) {
		visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
		agentEnds(t, agent, visitor, unique(t))
		visitor.eval(sdk + `.closeChat()`)
		visitor.waitEvent("lcw:closeChat")
		visitor.waitShown(idLauncher)
		visitor.eval(sdk + `.closeChat()`)
		visitor.settle()
		assert.Len(t, visitor.events("lcw:closeChat"), 1, "once per chat")
	})
	t.Run("pane close button", func(t *testing.T) {
		visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
		agentEnds(t, agent, visitor, unique(t))
		visitor.click("oc-lcw-chat-closebutton")
		visitor.waitEvent("lcw:closeChat")
		visitor.waitEvent("lcw:onClose")
		visitor.eval(sdk + `.closeChat()`)
		visitor.settle()
		assert.Len(t, visitor.events("lcw:closeChat"), 1, "once per chat")
	})
	t.Run("pop-out", func(t *testing.T) {
		run := unique(t)
		visitor := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
		visitor.navigate("/e2e/chat.html?run=" + run)
		visitor.waitReady()
		win := popoutOf(t, visitor, func() { visitor.eval(sdk + `.startChat({inNewWindow: true})`) })
		waitJS(t, win.ctx, `!!document.getElementById("oc-lcw")?.shadowRoot?.getElementById("oc-lcw-chat-sendbox")`, waitTimeout)
		win.eval(`window.__got = [];
			for (const n of ["lcw:threadUpdate", "lcw:closeChat"]) addEventListener(n, (e) => __got.push(n));`)
		acceptChat(t, agent, run)
		endChat(agent)
		waitJS(t, win.ctx, `__got.includes("lcw:threadUpdate")`, waitTimeout)
		win.eval(sdk + `.closeChat(); ` + sdk + `.closeChat();`)
		waitJS(t, win.ctx, `__got.includes("lcw:closeChat")`, waitTimeout)
		assert.Equal(t, []string{"lcw:threadUpdate", "lcw:closeChat"}, evalJS[[]string](win, `__got`))
		closed := visitor.waitEvent("lcw:closeChat") // the page that opened the pop-out hears it too
		assert.Equal(t, true, closed.Detail["popout"])
		visitor.settle()
		assert.Len(t, visitor.events("lcw:closeChat"), 1, "once per chat in the page")
	})
}

// TestCloseChatAcrossTabs: a chat open in two tabs of the visitor, closed
// in one: lcw:closeChat fires in that tab only. The other tab's pane says
// "You ended the chat." and fires nothing; its own closeChat() or X later
// closes the pane without a second lcw:closeChat (the X is lcw:onClose).
func TestCloseChatAcrossTabs(t *testing.T) {
	t.Parallel()
	a := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	a.navigate("/e2e/chat.html")
	a.waitReady()
	a.eval(sdk + `.startChat()`)
	a.waitEvent("lcw:chatQueued")
	b := openTab(t, a.ctx) // a second tab of the same visitor
	b.navigate("/e2e/chat.html")
	b.waitReady()
	b.waitEvent("lcw:chatRetrieved")

	a.eval(sdk + `.closeChat()`)
	a.waitEvent("lcw:closeChat")
	waitJS(t, b.ctx, `__e2e.text("oc-lcw-chat-ended") === "You ended the chat."`, waitTimeout) // at the bottom of the transcript
	b.click("oc-lcw-chat-closebutton")
	b.waitEvent("lcw:onClose")
	b.waitShown(idLauncher)
	b.eval(sdk + `.closeChat()`)
	b.settle()
	assert.Empty(t, b.events("lcw:closeChat"), "only the tab that ended the chat hears lcw:closeChat")
	assert.Len(t, a.events("lcw:closeChat"), 1)
}
