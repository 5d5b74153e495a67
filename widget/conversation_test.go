package widget_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// timesDoc is the fake document writing times as the browser's Intl
// would, in UTC for the test.
type timesDoc struct{ *domtest.Doc }

func (timesDoc) ShortTime(ms int64) string { return time.UnixMilli(ms).UTC().Format("15:04") }
func (timesDoc) LongTime(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("Monday, January 2, 2006 at 15:04:05")
}
func (timesDoc) MachineTime(ms int64) string { return time.UnixMilli(ms).UTC().Format(time.RFC3339) }

// chatting is a running chat over the fake document with times.
func chatting(t *testing.T) (*harness, *fakeConversation, *widget.DOMView) {
	t.Helper()
	cfg := enabled()
	cfg.Chat = true
	conv := &fakeConversation{}
	h := &harness{doc: domtest.New(), clock: &fakeClock{now: t0}, timer: &fakeTimer{}, events: &fakeEvents{},
		log: &fakeLog{}, opener: &fakeOpener{}, zones: &fakeZones{}}
	v := widget.NewDOMView(timesDoc{h.doc})
	h.w = widget.New(cfg, widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones, Chat: conv})
	v.Bind(h.w)
	h.w.StartChat(widget.ChatOptions{})
	require.True(t, conv.running)
	return h, conv, v
}

func agentSays(v *widget.DOMView, seq int, at instant.Time, text string) {
	v.Message(chat.Message{Seq: seq, From: "agent", Name: "Ada", Text: text, At: at.UnixMilli(), State: chat.Received}, "")
}

func TestTranscriptFollowsTheVisitor(t *testing.T) {
	h, _, v := chatting(t)
	log := h.node(t, "oc-lcw-chat-transcript")
	jump := h.node(t, "oc-lcw-chat-newmessages")

	// At the bottom: each message scrolls into view.
	log.SetScroll(widget.Scroll{Top: 0, Height: 300, Client: 300})
	agentSays(v, 1, t0, "one")
	log.SetScroll(widget.Scroll{Top: 0, Height: 645, Client: 346}) // the message made it taller
	agentSays(v, 2, t0, "two")
	assert.Equal(t, 645.0-346, log.Scroll().Top, "pinned to the newest message")
	assert.Equal(t, "lcw-jump lcw-hidden", attr(t, jump, "class"))

	// Scrolled up: nothing moves, the control appears.
	log.SetScroll(widget.Scroll{Top: 50, Height: 645, Client: 346})
	log.Fire("scroll")
	log.SetScroll(widget.Scroll{Top: 50, Height: 700, Client: 346})
	agentSays(v, 3, t0, "three")
	assert.Equal(t, 50.0, log.Scroll().Top, "what the visitor reads stays put")
	assert.Equal(t, "lcw-jump", attr(t, jump, "class"), "New messages ↓ shows")
	assert.Equal(t, "New messages ↓", jump.Text())

	// Minimized and back: where they were (a hidden box reports zeros,
	// which say nothing; shown again it is laid out before it scrolls).
	h.node(t, "oc-lcw-chat-minimizebutton").Fire("click")
	log.SetScroll(widget.Scroll{})
	log.Fire("scroll")
	log.SetScroll(widget.Scroll{Top: 0, Height: 700, Client: 346})
	h.node(t, "oc-lcw-chat-button").Fire("click")
	assert.Equal(t, 50.0, log.Scroll().Top, "restored where the visitor was reading")

	// The control takes them down, pinned again.
	jump.Fire("click")
	assert.Equal(t, 700.0-346, log.Scroll().Top)
	assert.Equal(t, "lcw-jump lcw-hidden", attr(t, jump, "class"))
	log.SetScroll(widget.Scroll{Top: 354, Height: 760, Client: 346})
	agentSays(v, 4, t0, "four")
	assert.Equal(t, 760.0-346, log.Scroll().Top)

	// Restored from minimized while pinned: at the bottom.
	h.node(t, "oc-lcw-chat-minimizebutton").Fire("click")
	log.SetScroll(widget.Scroll{Top: 0, Height: 800, Client: 346})
	h.node(t, "oc-lcw-chat-button").Fire("click")
	assert.Equal(t, 800.0-346, log.Scroll().Top)
}

func TestTranscriptGroupsBySender(t *testing.T) {
	h, _, v := chatting(t)
	agentSays(v, 1, t0, "Hi")
	agentSays(v, 2, t0.Add(instant.Minute), "How can I help?")
	v.Message(chat.Message{CID: "c1", From: "visitor", Text: "Boots", At: t0.Add(2 * instant.Minute).UnixMilli(), State: chat.Pending}, "")
	agentSays(v, 3, t0.Add(20*instant.Minute), "Still there?")

	heads := h.doc.RootNode()
	var names, times, titles []string
	var walk func(n *domtest.Node)
	walk = func(n *domtest.Node) {
		if c, _ := n.Attr("class"); c == "lcw-msg-name" {
			names = append(names, n.Text())
		}
		if n.Tag() == "time" {
			times = append(times, n.Children()[0].Text())
			title, _ := n.Attr("title")
			titles = append(titles, title)
		}
		for _, k := range n.Children() {
			walk(k)
		}
	}
	walk(heads)
	assert.Equal(t, []string{"Ada", "Ada"}, names, "the agent's name once per group; a pause starts a new one")
	assert.Equal(t, []string{"10:00", "10:02", "10:20"}, times, "one time per group")
	assert.Equal(t, "Monday, March 2, 2026 at 10:00:00", titles[0], "the exact time on hover")

	// The second agent line names Ada to screen readers only.
	transcript := h.node(t, "oc-lcw-chat-transcript").Children()
	require.Len(t, transcript, 4)
	assert.Equal(t, "AdaHow can I help?", transcript[1].Text())
	assert.Equal(t, "lcw-sr", attr(t, transcript[1].Children()[0].Children()[0], "class"))

	// A message moving into place regroups its neighbours.
	v.Message(chat.Message{CID: "c1", Seq: 2, From: "visitor", Text: "Boots", At: t0.Add(2 * instant.Minute).UnixMilli(), State: chat.Sent}, "#2")
	names = nil
	times = nil
	titles = nil
	walk(heads)
	assert.Equal(t, []string{"Ada", "Ada", "Ada"}, names, "the visitor's line now splits the agent's two")
}

func TestAgentTypingShows(t *testing.T) {
	h, _, v := chatting(t)
	v.AgentJoined("Ada")
	v.AgentTyping(true)
	assert.NotNil(t, h.doc.ByID("oc-lcw-chat-typing"))
	assert.Equal(t, "Ada is typing…", h.node(t, "oc-lcw-chat-typing-status").Text())
	agentSays(v, 1, t0, "Here")
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-typing"), "their message replaces the dots")
	assert.Equal(t, "", h.node(t, "oc-lcw-chat-typing-status").Text())
	v.AgentTyping(true)
	kids := h.node(t, "oc-lcw-chat-transcript").Children()
	assert.Equal(t, h.doc.ByID("oc-lcw-chat-typing"), kids[len(kids)-1], "the dots are last")
}

func TestVisitorTypingReachesTheConversation(t *testing.T) {
	h, conv, _ := chatting(t)
	in := h.node(t, "oc-lcw-chat-input")
	for i := range 3 {
		in.SetValue("a" + strconv.Itoa(i))
		in.Fire("input")
	}
	assert.Equal(t, 3, conv.typing, "every key; the conversation throttles")
}

func TestCloseAsksFirst(t *testing.T) {
	h, conv, _ := chatting(t)
	h.node(t, "oc-lcw-chat-closebutton").Fire("click")
	assert.Zero(t, conv.closed)
	assert.Equal(t, "Do you really want to close this chat?", h.node(t, "oc-lcw-chat-confirm-text").Text())
	assert.Equal(t, "oc-lcw-chat-confirm-cancel", h.focusedID(), "focus moves into the question")

	h.node(t, "oc-lcw-chat-confirm-cancel").Fire("click")
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-confirm"))
	assert.Equal(t, "oc-lcw-chat-closebutton", h.focusedID(), "and back to the X")
	assert.Equal(t, widget.Chatting, h.w.Phase())

	h.node(t, "oc-lcw-chat-closebutton").Fire("click")
	assert.True(t, h.w.Escape(true), "Escape answers Cancel")
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-confirm"))
	assert.Equal(t, widget.Chatting, h.w.Phase(), "Escape does not also minimize")
	assert.Zero(t, conv.closed)

	h.node(t, "oc-lcw-chat-closebutton").Fire("click")
	h.node(t, "oc-lcw-chat-confirm-close").Fire("click")
	assert.Equal(t, 1, conv.closed)
	assert.Equal(t, widget.Idle, h.w.Phase())
	assert.Contains(t, h.events.names(), "lcw:onClose")
}

func TestCloseAfterTheEndDoesNotAsk(t *testing.T) {
	h, conv, v := chatting(t)
	conv.running = false
	v.Ended("agent")
	h.node(t, "oc-lcw-chat-closebutton").Fire("click")
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-confirm"))
	assert.Equal(t, widget.Idle, h.w.Phase())
}

func TestEndedAtTheBottomAndNewChat(t *testing.T) {
	h, conv, v := chatting(t)
	v.AgentJoined("Ada")
	agentSays(v, 1, t0, "Bye")
	conv.running = false
	v.Ended("agent")
	kids := h.node(t, "oc-lcw-chat-transcript").Children()
	assert.Equal(t, "oc-lcw-chat-end", attr(t, kids[len(kids)-1], "id"), "the notice is last in the transcript")
	assert.Equal(t, "The agent ended the chat.", h.node(t, "oc-lcw-chat-ended").Text())
	assert.Equal(t, "", h.node(t, "oc-lcw-chat-status").Text(), "the top line no longer says an agent joined")

	h.node(t, "oc-lcw-chat-newchat").Fire("click")
	require.Len(t, conv.starts, 2)
	assert.Equal(t, "newChat", conv.starts[1].Source)
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-ended"), "a fresh pane")
	assert.Equal(t, "oc-lcw-chat-input", h.focusedID())
}

func TestResumedChatLeavesFocusAlone(t *testing.T) {
	for _, minimized := range []bool{false, true} {
		t.Run("minimized "+strconv.FormatBool(minimized), func(t *testing.T) {
			h, conv, _ := liveHarness(t, enabled())
			require.True(t, h.w.ResumeChat(minimized, ""))
			assert.Equal(t, "", h.focusedID(), "no focus moves on page load")
			assert.Equal(t, minimized, conv.minimized)
			assert.Equal(t, minimized, h.launcher(), "the launcher stands for a minimized chat")
			if minimized {
				assert.Equal(t, "lcw-pane lcw-minimized", attr(t, h.node(t, "oc-lcw-chat"), "class"))
				h.node(t, "oc-lcw-chat-button").Fire("click")
				assert.Equal(t, "oc-lcw-chat-input", h.focusedID(), "the visitor's own click moves focus")
			}
		})
	}
}
