package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChatWithTheService: with chat.enabled, an accepted invitation becomes
// a conversation with the real server's chat service: the visitor is
// queued, a message is stored and acknowledged (shown as sent, text as
// text), and a reload brings the conversation back (lcw:chatRetrieved)
// with its transcript. Each run has a browser context of its own, so its
// localStorage holds only its own conversation.
func TestChatWithTheService(t *testing.T) {
	t.Parallel()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	tb.navigate("/e2e/chat.html")
	tb.waitReady()

	tb.startProactiveChat(`{message: "Talk to us"}, false`)
	tb.waitShown(idInvitation)
	tb.click("oc-lcw-proactivechat-startbutton")
	tb.waitShown("oc-lcw-chat-sendbox")
	assert.Nil(t, evalJS[any](tb, `__e2e.el("oc-lcw-chat-notice")`), "a live chat has no 'no chat service' notice")
	queued := tb.waitEvent("lcw:chatQueued")
	assert.GreaterOrEqual(t, queued.Detail["position"], 1.0, "a place in the queue (other tests queue on the same server)")
	start := tb.waitEvent("lcw:startChat")
	assert.Equal(t, true, start.Detail["proactive"])
	assert.Equal(t, "startProactiveChat", start.Detail["source"])

	tb.eval(`__e2e.el("oc-lcw-chat-input").value = "Where is my <b>order</b>?";
		__e2e.el("oc-lcw-chat-sendbox").requestSubmit();`)
	sent := tb.waitEvent("lcw:onMessageSent")
	assert.EqualValues(t, 1, sent.Detail["seq"])
	waitJS(t, tb.ctx, `__e2e.root().querySelector('.lcw-msg-visitor[data-state="sent"]') !== null`, waitTimeout)
	assert.Equal(t, "Where is my <b>order</b>?", evalJS[string](tb, `__e2e.root().querySelector(".lcw-msg-visitor .lcw-msg-text").textContent`))
	assert.Equal(t, 0, evalJS[int](tb, `__e2e.root().querySelectorAll(".lcw-msg b").length`), "text, not markup")
	assert.Equal(t, "", evalJS[string](tb, `__e2e.el("oc-lcw-chat-input").value`), "the send box is cleared")

	tb.do(chromedp.Reload())
	tb.waitReady()
	retrieved := tb.waitEvent("lcw:chatRetrieved")
	require.NotNil(t, retrieved.Detail)
	tb.waitShown("oc-lcw-chat-transcript")
	waitJS(t, tb.ctx, `__e2e.root().querySelectorAll(".lcw-msg-visitor").length === 1`, waitTimeout)
	assert.Equal(t, "Where is my <b>order</b>?", evalJS[string](tb, `__e2e.root().querySelector(".lcw-msg-visitor .lcw-msg-text").textContent`))
	assert.False(t, tb.shown(idLauncher), "the running chat replaces the launcher")

	tb.eval(lcwNS + `.SDK.closeChat()`)
	tb.waitEvent("lcw:closeChat")
	tb.waitShown(idLauncher)
	assert.Equal(t, "", evalJS[string](tb, `localStorage.getItem("lcwasm:e2e-chat:chat") || ""`), "closeChat clears the browser-side state")
}

// TestAgentAvailability: getAgentAvailability answers from the chat
// service (a Promise, and lcw:getAgentAvailability with the same), or says
// there is no service. It is not parallel: Go runs every sequential test
// before the parallel ones start, so no other test's agent is signed in to
// the shared server while it asks.
func TestAgentAvailability(t *testing.T) {
	tests := []struct {
		page  string
		queue bool
		extra string
	}{
		{"chat.html", true, "nextOpen"},
		{"on.html", false, "reason"},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			tb := openPage(t, tt.page)
			got := evalJS[map[string]any](tb, `(async () => await `+lcwNS+`.SDK.getAgentAvailability())()`)
			assert.Equal(t, false, got["isAgentAvailable"], "no agent is signed in")
			assert.Equal(t, tt.queue, got["isQueueAvailable"])
			assert.Contains(t, got, tt.extra)
			for _, name := range []string{"queueId", "StartTimeOfNextOperatingHour", "EndTimeOfNextOperatingHour", "nexttransitiontime"} {
				assert.Contains(t, got, name, "Microsoft's field names too")
			}
			if tt.queue { // the widget's queue, open: only the next transition (its closing, or none) can be known
				assert.Equal(t, "e2e-chat", got["queueId"])
				assert.Equal(t, "01-01-0001", got["StartTimeOfNextOperatingHour"], "during operating hours")
			}
			ev := tb.waitEvent("lcw:getAgentAvailability")
			assert.Equal(t, got, ev.Detail)
		})
	}
}

// TestChatAuthFunctionMissing: the configuration names an auth function
// (Omnichannel's "JavaScript client function name") the page does not
// have: lcw:error code 8, and no chat starts without its authentication.
func TestChatAuthFunctionMissing(t *testing.T) {
	t.Parallel()
	tb := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	tb.navigate("/e2e/chat-auth.html")
	tb.waitReady()
	tb.eval(lcwNS + `.SDK.startChat()`)
	e := tb.waitEvent("lcw:error")
	assert.EqualValues(t, 8, e.Detail["errorCode"])
	assert.Contains(t, e.Detail["errorDescription"], "getLcwAuthToken")
	assert.Empty(t, tb.events("lcw:startChat"), "no chat starts")
	assert.Nil(t, evalJS[any](tb, `__e2e.el("oc-lcw-chat-sendbox")`))
}
