package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

// TestChatServiceDown: the chat service cannot be reached, its port
// closed or every connection reset. getAgentAvailability answers at once
// that it did not answer; the accepted invitation opens the pane in its
// offline state, the console says why, and the message the visitor types
// shows as sending. When the service is back the message is delivered,
// once, and the conversation is queued for an agent.
func TestChatServiceDown(t *testing.T) {
	t.Parallel()
	faults := []struct {
		name        string
		fault, heal func(p *faultProxy)
	}{
		{"port closed", (*faultProxy).down, (*faultProxy).up},
		{"connections reset",
			func(p *faultProxy) { p.set(func(p *faultProxy) { p.reset = true }) },
			func(p *faultProxy) { p.set(func(p *faultProxy) { p.reset = false }) }},
	}
	for _, tt := range faults {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc := newChatService(t)
			p := newFaultProxy(t, svc)
			tt.fault(p)
			tb, run := faultsPage(t, p.url(), "&inline")

			mark := tb.consoleMark()
			a := tb.availability()
			assert.Equal(t, false, a["isAgentAvailable"])
			assert.Equal(t, false, a["isQueueAvailable"])
			assert.NotEmpty(t, a["error"], "the answer says the service did not answer")
			assert.Equal(t, a, tb.waitEvent("lcw:getAgentAvailability").Detail)
			tb.waitConsole("error", mark, "getAgentAvailability", "did not answer")

			tb.startProactiveChat(`{message: "Questions?"}, false`)
			tb.waitShown(idInvitation)
			tb.click("oc-lcw-proactivechat-startbutton")
			tb.waitShown("oc-lcw-chat-sendbox")
			waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-connection")?.includes("Reconnecting")`, waitTimeout)
			tb.waitConsole("warning", mark, "cannot reach the chat service", p.url()[len("http://"):], "messages typed meanwhile are kept")

			tb.typeMessage("typed while the service is down")
			assert.Equal(t, []shownMessage{{"typed while the service is down", "pending", "Sending…"}}, tb.visitorMessages())
			assert.Equal(t, "", evalJS[string](tb, `__e2e.el("oc-lcw-chat-input").value`), "the send box is free for more")
			assert.Empty(t, svc.find(run), "nothing reached the service")

			tt.heal(p)
			tb.waitSent(1, deliveryTimeout)
			tb.waitEvent("lcw:chatQueued")
			waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-connection") === ""`, waitTimeout)
			assert.Equal(t, []string{"typed while the service is down"}, tb.sentTexts())
			conv := svc.one(run)
			assert.Equal(t, []string{"typed while the service is down"}, conv.Visitor, "stored once")
			assert.Equal(t, true, tb.availability()["isQueueAvailable"], "and the service answers again")
		})
	}
}

// TestChatServiceDownAtLoad: the service is down while the page loads,
// so the widget's configuration (served by it) cannot be loaded either.
// The console says so, the page keeps working, getAgentAvailability still
// answers, and startChat opens a pane that says it cannot reach an agent
// instead of a send box that would swallow the visitor's words.
func TestChatServiceDownAtLoad(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	p := newFaultProxy(t, svc)
	p.down()
	tb, _ := faultsPage(t, p.url(), "")
	tb.waitConsole("error", 0, "the widget configuration could not be loaded", "failed to fetch")

	a := tb.availability()
	assert.Equal(t, false, a["isAgentAvailable"])
	assert.Equal(t, a, tb.waitEvent("lcw:getAgentAvailability").Detail)
	tb.eval(sdk + `.startChat()`)
	waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-notice")?.includes("can't reach an agent")`, waitTimeout)
	assert.Nil(t, evalJS[any](tb, `__e2e.el("oc-lcw-chat-sendbox")`), "no send box to type into")
}

// TestChatServiceHangs: the service accepts connections and never
// answers, neither HTTP nor the WebSocket upgrade. getAgentAvailability
// resolves after 10 s saying so, instead of never; the chat gives the
// connection up after 15 s and shows itself offline; the message typed
// meanwhile is delivered once the service answers again.
func TestChatServiceHangs(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	p := newFaultProxy(t, svc)
	p.hang()
	tb, run := faultsPage(t, p.url(), "&inline")
	mark := tb.consoleMark()

	tb.eval(sdk + `.startChat()`)
	tb.waitShown("oc-lcw-chat-sendbox")
	tb.typeMessage("anyone there?")
	began := time.Now()
	a := tb.availability()
	assert.Equal(t, "no answer within 10 s", a["error"])
	assert.Equal(t, false, a["isQueueAvailable"])
	assert.GreaterOrEqual(t, time.Since(began), 9*time.Second, "getAgentAvailability waits 10 s for an answer")
	assert.Less(t, time.Since(began), 25*time.Second, "and not forever")
	assert.Equal(t, a, tb.waitEvent("lcw:getAgentAvailability").Detail)

	waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-connection")?.includes("Reconnecting")`, waitTimeout)
	tb.waitConsole("warning", mark, "cannot reach the chat service", "no answer within 15s")
	assert.Equal(t, []shownMessage{{"anyone there?", "pending", "Sending…"}}, tb.visitorMessages())

	p.answer()
	tb.waitSent(1, deliveryTimeout)
	assert.Equal(t, []string{"anyone there?"}, svc.one(run).Visitor)
}

// TestSlowChatService: every step of the chat connection takes 2 s more
// (the upgrade and each frame, both ways). The visitor's messages show as
// sending at once, the pane does not claim to be offline, and each
// arrives once, in order, on the service and in the pane.
func TestSlowChatService(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	p := newFaultProxy(t, svc)
	p.set(func(p *faultProxy) { p.delay = 2 * time.Second })
	tb, run := faultsPage(t, p.url(), "")

	tb.eval(sdk + `.startChat()`)
	tb.waitShown("oc-lcw-chat-sendbox")
	texts := []string{"first", "second", "third"}
	for _, text := range texts {
		tb.typeMessage(text)
	}
	want := []shownMessage{}
	for _, text := range texts {
		want = append(want, shownMessage{text, "pending", "Sending…"})
	}
	assert.Equal(t, want, tb.visitorMessages(), "shown at once, as sending, in order")
	assert.Empty(t, tb.events("lcw:chatQueued"), "the service has not answered yet")

	tb.waitSent(3, deliveryTimeout)
	got := tb.visitorMessages()
	for i, m := range got {
		assert.Equal(t, shownMessage{texts[i], "sent", ""}, m)
	}
	assert.Equal(t, texts, tb.sentTexts(), "lcw:onMessageSent once each, in order")
	assert.Equal(t, texts, svc.one(run).Visitor, "stored once each, in order")
	assert.Equal(t, "", tb.text("oc-lcw-chat-connection"))
	for _, m := range tb.consoleMessages() {
		assert.NotContains(t, m.Text, "cannot reach", "slow is not down")
	}
	assert.Zero(t, p.get().cuts)
}

// TestSocketDropsMidMessage: the connection fails around one visitor
// message: before the service gets it, or after the service stored it
// and before its acknowledgement reaches the page; either cut with no
// closing handshake, or left open and silent from then on (half-open: the
// page hears nothing, and gives the connection up when the ack is 20 s
// late). After the reconnect every message is stored exactly once, in
// order, and shown once to the visitor and to the agent.
func TestSocketDropsMidMessage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		fault  func(p *faultProxy, text string)
		cuts   int
		silent bool
	}{
		{"cut before the service stores it", func(p *faultProxy, text string) { p.cutSend = text }, 1, false},
		{"cut after it is stored, before the ack", func(p *faultProxy, text string) { p.loseAck = text }, 1, false},
		{"silent before the service stores it", func(p *faultProxy, text string) { p.cutSend, p.vanish = text, true }, 0, true},
		{"silent after it is stored, before the ack", func(p *faultProxy, text string) { p.loseAck, p.vanish = text, true }, 0, true},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc := newChatService(t)
			p := newFaultProxy(t, svc)
			agent := svc.signIn(t)
			tb, run := faultsPage(t, p.url(), "")
			tb.eval(sdk + `.startChat()`)
			tb.waitEvent("lcw:chatQueued")
			acceptChat(t, agent, run)
			waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-status")?.includes("joined")`, waitTimeout)

			tb.typeMessage("one")
			tb.waitSent(1, waitTimeout)
			mark := tb.consoleMark()
			p.set(func(p *faultProxy) { tt.fault(p, "two") })
			tb.typeMessage("two")
			tb.typeMessage("three")
			if tt.silent {
				assert.Equal(t, []string{"sent", "pending", "pending"}, states(tb.visitorMessages()))
			}
			tb.waitSent(3, deliveryTimeout)
			tb.waitConsole("warning", mark, "lost the connection to the chat service")
			if tt.silent {
				tb.waitConsole("warning", mark, "no acknowledgement within 20s")
			}
			assert.Equal(t, tt.cuts, p.get().cuts)

			texts := []string{"one", "two", "three"}
			var shown []string
			for _, m := range tb.visitorMessages() {
				shown = append(shown, m.Text)
			}
			assert.Equal(t, texts, shown, "shown once each, in order")
			assert.Equal(t, texts, tb.sentTexts(), "lcw:onMessageSent once each")
			assert.Equal(t, texts, svc.one(run).Visitor, "stored once each, in order")

			agentSees := `[...document.querySelectorAll("#transcript li.msg.visitor .text")].map(s => s.textContent)`
			waitJS(t, agent.ctx, agentSees+`.length === 3`, waitTimeout)
			assert.Equal(t, texts, evalJS[[]string](agent, agentSees), "the agent sees each once, in order")
		})
	}
}

// TestSocketDropsBeforeStarted: the service has started the conversation
// and the connection is cut before the page hears of it. The page starts
// again with the same start id: the service gives it the same
// conversation, so there is one conversation, one lcw:chatQueued, and
// the message typed meanwhile is stored once.
func TestSocketDropsBeforeStarted(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	p := newFaultProxy(t, svc)
	p.set(func(p *faultProxy) { p.cutStarted = true })
	tb, run := faultsPage(t, p.url(), "")
	tb.eval(sdk + `.startChat()`)
	tb.waitShown("oc-lcw-chat-sendbox")
	tb.typeMessage("hello")
	tb.waitSent(1, deliveryTimeout)
	assert.Equal(t, 1, p.get().cuts)
	assert.Equal(t, []string{"hello"}, svc.one(run).Visitor, "one conversation, the message stored once")
	assert.Len(t, tb.events("lcw:chatQueued"), 1)
	assert.Len(t, tb.events("lcw:startChat"), 1)
}

// TestChatServiceURLMalformed: a data-org-url the browser cannot make a
// WebSocket of is reported with the browser's reason; the page works,
// getAgentAvailability answers, and the pane keeps what the visitor types.
func TestChatServiceURLMalformed(t *testing.T) {
	t.Parallel()
	tb, _ := faultsPage(t, "http://[::1", "&inline")
	mark := tb.consoleMark()
	a := tb.availability()
	assert.Equal(t, false, a["isAgentAvailable"])
	assert.NotEmpty(t, a["error"])
	tb.eval(sdk + `.startChat()`)
	tb.waitShown("oc-lcw-chat-sendbox")
	w := tb.waitConsole("warning", mark, "cannot reach the chat service at ws://[::1/api/v1/widgets/e2e-faultschat/chat", "cannot open")
	assert.Contains(t, w.Text, "invalid", "the browser's reason")
	waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-connection")?.includes("Reconnecting")`, waitTimeout)
	tb.typeMessage("still here")
	assert.Equal(t, []shownMessage{{"still here", "pending", "Sending…"}}, tb.visitorMessages())
}

// TestReloadWhileTheServiceIsDown: the service is unreachable when the
// chat starts; the visitor types, then reloads. The chat comes back with
// the message pending, and when the service is back the chat starts (one
// conversation, lcw:chatRetrieved, no second lcw:startChat) and the
// message is stored once.
func TestReloadWhileTheServiceIsDown(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	p := newFaultProxy(t, svc)
	p.down()
	tb, run := faultsPage(t, p.url(), "&inline")
	tb.eval(sdk + `.startChat()`)
	tb.waitShown("oc-lcw-chat-sendbox")
	tb.typeMessage("typed before the reload")
	assert.Equal(t, []string{"pending"}, states(tb.visitorMessages()))

	tb.do(chromedp.Reload())
	tb.waitReady()
	waitJS(t, tb.ctx, `__e2e.root().querySelectorAll('.lcw-msg-visitor[data-state="pending"]').length === 1`, waitTimeout)
	assert.Equal(t, []shownMessage{{"typed before the reload", "pending", "Sending…"}}, tb.visitorMessages())
	waitJS(t, tb.ctx, `__e2e.text("oc-lcw-chat-connection")?.includes("Reconnecting")`, waitTimeout)

	p.up()
	tb.waitSent(1, deliveryTimeout)
	tb.waitEvent("lcw:chatRetrieved")
	assert.Empty(t, tb.events("lcw:startChat"), "the same chat, not a second one")
	assert.Equal(t, []string{"typed before the reload"}, svc.one(run).Visitor, "one conversation, the message stored once")
}

// TestGarbageFromTheService: frames the client cannot use (not JSON, not
// an object, fields of the wrong type) arrive between the service's own:
// each is a console warning and ignored; the chat goes on and nothing is
// lost or doubled.
func TestGarbageFromTheService(t *testing.T) {
	t.Parallel()
	svc := newChatService(t)
	p := newFaultProxy(t, svc)
	tb, run := faultsPage(t, p.url(), "")
	tb.eval(sdk + `.startChat()`)
	tb.waitEvent("lcw:chatQueued")
	mark := tb.consoleMark()
	p.set(func(p *faultProxy) {
		p.garbage = []string{`not json {`, `[1, 2]`, `{"type": "ack", "cid": 42, "seq": "one"}`, `{"type": "message", "seq": -1, "text": {}}`}
	})
	tb.typeMessage("one")
	tb.waitSent(1, waitTimeout)
	tb.waitConsole("warning", mark, "a frame that is not JSON text", "frame ignored")
	tb.waitConsole("warning", mark, "got array", "frame ignored")
	ignored := 0
	for _, m := range tb.consoleMessages()[mark:] {
		if m.Type == "warning" && strings.Contains(m.Text, "frame ignored") {
			ignored++
		}
	}
	assert.Equal(t, 4, ignored, "each bad frame is one warning")
	tb.typeMessage("two")
	tb.waitSent(2, waitTimeout)
	assert.Equal(t, []string{"one", "two"}, svc.one(run).Visitor)
	assert.Equal(t, []string{"one", "two"}, tb.sentTexts())
	assert.Empty(t, tb.events("lcw:error"))
}
