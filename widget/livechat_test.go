package widget_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeConversation records what the widget asks of the chat service.
type fakeConversation struct {
	starts    []widget.ChatStart
	sent      []string
	closed    int
	minimized bool
	fail      error // Start's answer
	running   bool  // started and neither closed nor ended
	typing    int
	// attached are the files the widget handed on; finish ends the
	// last one's upload with a code.
	attached  []widget.File
	finish    func(code string)
	dones     []func(code string) // every upload's, in order
	cancelled int                 // cancel calls
	progress  func(sent, total int64)
	fetched   []string // the attachment ids fetched
	saved     []string
	preview   func(url string)
}

func (c *fakeConversation) Attach(f widget.File, progress func(sent, total int64), done func(code string)) (cancel func()) {
	c.attached = append(c.attached, f)
	c.progress, c.finish = progress, done
	c.dones = append(c.dones, done)
	return func() { c.cancelled++; done(widget.AttachCancelled) }
}

func (c *fakeConversation) Fetch(a chat.Attachment, then func(url string)) {
	c.fetched = append(c.fetched, a.ID)
	c.preview = then
}

func (c *fakeConversation) Save(a chat.Attachment) { c.saved = append(c.saved, a.ID) }

func (c *fakeConversation) Start(s widget.ChatStart) error {
	c.starts = append(c.starts, s)
	c.running = c.fail == nil
	return c.fail
}

func (c *fakeConversation) Running() bool { return c.running }

func (c *fakeConversation) Typing() { c.typing++ }

func (c *fakeConversation) Send(text string) error {
	if len(text) > 10 {
		return &chat.TooLongError{Length: len(text)}
	}
	c.sent = append(c.sent, text)
	return nil
}

func (c *fakeConversation) Close() { c.closed++; c.running = false }

func (c *fakeConversation) SetMinimized(on bool) { c.minimized = on }

// liveHarness is a widget with a chat service behind it.
func liveHarness(t *testing.T, cfg widget.Config) (*harness, *fakeConversation, *widget.DOMView) {
	t.Helper()
	cfg.Chat = true
	conv := &fakeConversation{}
	h := &harness{doc: domtest.New(), clock: &fakeClock{now: t0}, timer: &fakeTimer{}, events: &fakeEvents{},
		log: &fakeLog{}, opener: &fakeOpener{}, zones: &fakeZones{}}
	v := widget.NewDOMView(h.doc)
	h.w = widget.New(cfg, widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones, Chat: conv})
	v.Bind(h.w)
	return h, conv, v
}

func TestLiveChatStartsWithWhatRaisedIt(t *testing.T) {
	tests := []struct {
		name  string
		start func(h *harness)
		want  widget.ChatStart
	}{
		{"accepted rule invitation", func(h *harness) {
			inv := byRule("pricing", "hi")
			inv.ShowPrechat = false
			h.w.Invite(inv)
			h.w.Accept()
		}, widget.ChatStart{Proactive: true, Invitation: "hi", Source: "rule", RuleID: "pricing"}},
		{"launcher", func(h *harness) { h.node(t, "oc-lcw-chat-button").Fire("click") }, widget.ChatStart{Source: "launcher"}},
		{"startChat with customContext", func(h *harness) {
			h.w.StartChat(widget.ChatOptions{CustomContext: map[string]any{"plan": "pro"}})
		}, widget.ChatStart{Source: "startChat", Custom: map[string]any{"plan": "pro"}}},
		{"pop-out of an accepted rule invitation", func(h *harness) {
			h.w.StartChat(widget.ChatOptions{Invitation: widget.Source{Kind: widget.SourceRule, RuleID: "pricing"}})
		}, widget.ChatStart{Proactive: true, Source: "rule", RuleID: "pricing"}},
		{"pop-out of an invitation with its message", func(h *harness) {
			h.w.StartChat(widget.ChatOptions{Invitation: widget.Source{Kind: widget.SourceRule, RuleID: "pricing", Variant: "b"},
				InvitationText: "Questions about plans?"})
		}, widget.ChatStart{Proactive: true, Invitation: "Questions about plans?", Source: "rule", RuleID: "pricing", Variant: "b"}},
		{"pop-out with a message over the limit", func(h *harness) {
			h.w.StartChat(widget.ChatOptions{Invitation: widget.Source{Kind: widget.SourceCall},
				InvitationText: strings.Repeat("é", widget.MaxMessageLength+1)})
		}, widget.ChatStart{Proactive: true, Source: "startProactiveChat"}},
		{"a message without an invitation", func(h *harness) {
			h.w.StartChat(widget.ChatOptions{InvitationText: "stray"})
		}, widget.ChatStart{Source: "startChat"}},
		{"pop-out of startProactiveChat", func(h *harness) {
			h.w.StartChat(widget.ChatOptions{Invitation: widget.Source{Kind: widget.SourceCall}})
		}, widget.ChatStart{Proactive: true, Source: "startProactiveChat"}},
		{"pop-out with an unknown source kind", func(h *harness) {
			h.w.StartChat(widget.ChatOptions{Invitation: widget.Source{Kind: "launcher", RuleID: "x"}})
		}, widget.ChatStart{Source: "startChat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, conv, _ := liveHarness(t, enabled())
			tt.start(h)
			require.Len(t, conv.starts, 1)
			assert.Equal(t, tt.want, conv.starts[0])
			assert.NotNil(t, h.doc.ByID("oc-lcw-chat-sendbox"), "a live pane has a send box")
			assert.Nil(t, h.doc.ByID("oc-lcw-chat-notice"), "and no 'no chat service' notice")
			assert.Equal(t, "oc-lcw-chat-input", h.focusedID(), "the visitor asked: focus goes to the input")
		})
	}
}

func TestLiveChatCarriesPrechatAnswers(t *testing.T) {
	cfg := enabled()
	cfg.Prechat = []widget.Field{{Name: "name", Label: "Name", Type: "text", Required: true}}
	h, conv, _ := liveHarness(t, cfg)
	h.w.StartChat(widget.ChatOptions{})
	require.Empty(t, conv.starts, "the survey comes first")
	require.True(t, h.w.SubmitPrechat(map[string]string{"name": "Ada"}))
	require.Len(t, conv.starts, 1)
	assert.Equal(t, map[string]string{"name": "Ada"}, conv.starts[0].Prechat)
}

func TestLiveChatSendBox(t *testing.T) {
	h, conv, _ := liveHarness(t, enabled())
	h.w.StartChat(widget.ChatOptions{})
	input := h.node(t, "oc-lcw-chat-input")

	input.SetValue("   ")
	h.node(t, "oc-lcw-chat-sendbox").Fire("submit")
	assert.Empty(t, conv.sent, "blank text is not sent")

	input.SetValue("hello")
	h.node(t, "oc-lcw-chat-sendbox").Fire("submit")
	assert.Equal(t, []string{"hello"}, conv.sent)
	assert.Equal(t, "", input.Value(), "the box is cleared once sent")

	input.SetValue("far too long a message")
	h.node(t, "oc-lcw-chat-sendbox").Fire("submit")
	assert.Equal(t, "far too long a message", input.Value(), "kept for the visitor to shorten")
	assert.Contains(t, h.node(t, "oc-lcw-chat-problem").Text(), "characters")
}

func TestLiveChatClose(t *testing.T) {
	t.Run("SDK closeChat: the conversation fires lcw:closeChat, not the widget", func(t *testing.T) {
		h, conv, _ := liveHarness(t, enabled())
		h.w.StartChat(widget.ChatOptions{})
		h.w.CloseChat()
		assert.Equal(t, 1, conv.closed)
		assert.NotContains(t, h.events.names(), "lcw:closeChat")
		assert.Equal(t, widget.Idle, h.w.Phase())
	})
	t.Run("visitor's X, then Close: lcw:onClose and the conversation ends", func(t *testing.T) {
		h, conv, _ := liveHarness(t, enabled())
		h.w.StartChat(widget.ChatOptions{})
		h.node(t, "oc-lcw-chat-closebutton").Fire("click")
		assert.Zero(t, conv.closed, "the X asks first")
		h.node(t, "oc-lcw-chat-confirm-close").Fire("click")
		assert.Equal(t, 1, conv.closed)
		assert.Contains(t, h.events.names(), "lcw:onClose")
	})
}

func TestLiveChatStartFails(t *testing.T) {
	h, conv, _ := liveHarness(t, enabled())
	conv.fail = errors.New("chat: no token")
	h.w.StartChat(widget.ChatOptions{})
	assert.Equal(t, widget.ChatFailedNotice, h.node(t, "oc-lcw-chat-notice").Text())
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-sendbox"))
	assert.Error(t, h.w.Send("x"))
	h.w.CloseChat()
	assert.Zero(t, conv.closed, "nothing was running to close")
}

func TestResumeChat(t *testing.T) {
	h, _, _ := liveHarness(t, enabled())
	require.True(t, h.w.ResumeChat(false, ""))
	assert.Equal(t, widget.Chatting, h.w.Phase())
	assert.False(t, h.launcher())
	assert.False(t, h.w.ResumeChat(false, ""), "already open")
	assert.False(t, newHarness(t, enabled()).w.ResumeChat(false, ""), "no chat service, nothing to resume")
}

func TestLiveChatView(t *testing.T) {
	h, _, v := liveHarness(t, enabled())
	h.w.StartChat(widget.ChatOptions{})
	v.Queue(2, 0)
	v.Message(chat.Message{CID: "c1", From: "visitor", Text: "<b>hi</b>", State: chat.Pending}, "")
	v.Message(chat.Message{Seq: 1, From: "agent", Name: "Sam", Text: "Hello!", State: chat.Received}, "c1")
	v.Message(chat.Message{CID: "c1", Seq: 2, From: "visitor", Text: "<b>hi</b>", State: chat.Sent}, "")
	v.AgentJoined("Sam")
	v.Connection(chat.Offline, t0)
	v.Ended("agent")
	golden(t, "chat_live", domtest.Serialize(h.node(t, "oc-lcw-chat")))
}

func TestMinimize(t *testing.T) {
	cfg := enabled()
	cfg.HideChatButton = true
	h, conv, v := liveHarness(t, cfg)
	h.w.StartChat(widget.ChatOptions{})
	require.False(t, h.launcher())

	h.node(t, "oc-lcw-chat-minimizebutton").Fire("click")
	assert.Equal(t, "lcw-pane lcw-minimized", attr(t, h.node(t, "oc-lcw-chat"), "class"))
	assert.True(t, h.launcher(), "the launcher stands for the minimized chat, even with data-hide-chat-button")
	assert.Equal(t, "oc-lcw-chat-button", h.focusedID(), "focus follows to the launcher")
	assert.True(t, conv.minimized)
	assert.Contains(t, h.events.names(), "lcw:onMinimize")

	v.Unread(2)
	assert.Equal(t, "2", h.node(t, "oc-lcw-chat-button-unread").Text())
	assert.Equal(t, "Let's Chat, 2 unread", h.node(t, "oc-lcw-chat-button").Text(), "the name, from the content, holds the visible text")
	_, labelled := h.node(t, "oc-lcw-chat-button").Attr("aria-label")
	assert.False(t, labelled)

	h.node(t, "oc-lcw-chat-button").Fire("click")
	assert.Equal(t, "lcw-pane", attr(t, h.node(t, "oc-lcw-chat"), "class"))
	assert.False(t, h.launcher())
	assert.False(t, conv.minimized)
	assert.Contains(t, h.events.names(), "lcw:onMaximize")
	assert.Equal(t, "oc-lcw-chat-input", h.focusedID())
	require.Len(t, conv.starts, 1, "maximizing starts nothing new")
}

func TestHideMinimize(t *testing.T) {
	cfg := enabled()
	cfg.HideMinimize = true
	h, _, _ := liveHarness(t, cfg)
	h.w.StartChat(widget.ChatOptions{})
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-minimizebutton"))
}

func attr(t *testing.T, n *domtest.Node, name string) string {
	t.Helper()
	v, ok := n.Attr(name)
	require.True(t, ok, "no %s attribute", name)
	return v
}

func TestRenderMobile(t *testing.T) {
	cfg := enabled()
	cfg.RenderMobile = true
	h, _, _ := liveHarness(t, cfg)
	h.w.StartChat(widget.ChatOptions{})
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-closebutton"), "no X")
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-minimizebutton"))
	assert.Equal(t, "Let's Chat", h.node(t, "oc-lcw-chat-title").Text(), "the dialog keeps its accessible name")
	assert.NotNil(t, h.doc.ByID("oc-lcw-chat-sendbox"))
}

// TestInvitationStaysTheFirstLine: the accepted invitation's message is
// the conversation's first line, before the agent's messages, and again
// when a later page resumes the chat.
func TestInvitationStaysTheFirstLine(t *testing.T) {
	h, _, v := liveHarness(t, enabled())
	inv := byRule("pricing", "Questions about plans?")
	inv.ShowPrechat = false
	h.w.Invite(inv)
	h.w.Accept()
	v.Message(chat.Message{CID: "a1", From: "agent", Name: "Kim", Text: "Hello", At: 1}, "")
	lines := h.node(t, "oc-lcw-chat-transcript").Children()
	require.Len(t, lines, 2)
	id, _ := lines[0].Attr("id")
	assert.Equal(t, "oc-lcw-chat-invitation", id)
	assert.Equal(t, "Chat invitationQuestions about plans?", lines[0].Text(), "marked as the invitation for screen readers")
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-notice"))

	h2, _, _ := liveHarness(t, enabled())
	require.True(t, h2.w.ResumeChat(false, "Questions about plans?"))
	assert.Contains(t, h2.node(t, "oc-lcw-chat-invitation").Text(), "Questions about plans?")

	// In the pop-out window, the message its opener carried over.
	cfg := enabled()
	cfg.Popout = true
	h3, _, _ := liveHarness(t, cfg)
	h3.w.StartChat(widget.ChatOptions{Invitation: widget.Source{Kind: widget.SourceRule, RuleID: "pricing"}, InvitationText: "Questions about plans?"})
	lines = h3.node(t, "oc-lcw-chat-transcript").Children()
	require.NotEmpty(t, lines)
	id, _ = lines[0].Attr("id")
	assert.Equal(t, "oc-lcw-chat-invitation", id, "the pop-out's first line")
	assert.Equal(t, "Chat invitationQuestions about plans?", lines[0].Text())
}

func TestAgentInTheHeader(t *testing.T) {
	h, _, v := liveHarness(t, enabled())
	h.w.StartChat(widget.ChatOptions{})
	avatar := h.node(t, "oc-lcw-chat-avatar")
	class, _ := avatar.Attr("class")
	assert.Contains(t, class, "lcw-hidden", "no avatar before an agent joins")
	v.AgentJoined("Kim Lee")
	assert.Equal(t, "Kim Lee", h.node(t, "oc-lcw-chat-title").Text())
	assert.Equal(t, "KL", avatar.Text())
	class, _ = avatar.Attr("class")
	assert.Equal(t, "lcw-avatar", class)
}

func TestInitials(t *testing.T) {
	for name, want := range map[string]string{"Kim Lee": "KL", "ana": "A", "  ": "", "José María Pérez": "JP", "ملك": "م", "élodie roux": "ÉR"} {
		assert.Equal(t, want, widget.Initials(name), name)
	}
}

// TestComposerKeys: Enter sends and keeps the browser from adding a line;
// Shift+Enter adds a line; an Enter that ends an input method's
// composition only confirms it.
func TestComposerKeys(t *testing.T) {
	h, conv, _ := liveHarness(t, enabled())
	h.w.StartChat(widget.ChatOptions{})
	box := h.node(t, "oc-lcw-chat-input")
	assert.Equal(t, "textarea", box.Tag())
	box.SetValue("hi\nyo")
	assert.False(t, box.PressKey(widget.KeyPress{Key: "Enter", Shift: true}), "Shift+Enter: a new line")
	assert.False(t, box.PressKey(widget.KeyPress{Key: "Enter", Composing: true}), "composing")
	assert.False(t, box.PressKey(widget.KeyPress{Key: "a"}))
	assert.Empty(t, conv.sent)
	assert.True(t, box.PressKey(widget.KeyPress{Key: "Enter"}), "Enter sends, no new line")
	assert.Equal(t, []string{"hi\nyo"}, conv.sent)
	assert.Equal(t, "", box.Value(), "the box is emptied")
}

// TestMessageLinks: addresses in a message are anchors that open apart,
// with no opener, referrer or endorsement; markup stays text.
func TestMessageLinks(t *testing.T) {
	h, _, v := liveHarness(t, enabled())
	h.w.StartChat(widget.ChatOptions{})
	v.Message(chat.Message{Seq: 1, From: "agent", Name: "Sam", Text: `See https://shop.example/p?id=1 or <a href="javascript:x">mail</a> mailto:help@shop.example.`, State: chat.Received}, "")
	var links []*domtest.Node
	var walk func(n *domtest.Node)
	walk = func(n *domtest.Node) {
		if n.Tag() == "a" {
			links = append(links, n)
		}
		for _, c := range n.Children() {
			walk(c)
		}
	}
	walk(h.node(t, "oc-lcw-chat-transcript"))
	require.Len(t, links, 2)
	for i, want := range []string{"https://shop.example/p?id=1", "mailto:help@shop.example"} {
		assert.Equal(t, want, attr(t, links[i], "href"))
		assert.Equal(t, want, links[i].Text())
		assert.Equal(t, "_blank", attr(t, links[i], "target"))
		assert.Equal(t, "noopener noreferrer nofollow ugc", attr(t, links[i], "rel"))
	}
	assert.Contains(t, h.node(t, "oc-lcw-chat-transcript").Text(), `<a href="javascript:x">mail</a>`, "markup is text")
}

func TestQueueSaysTheExpectedWait(t *testing.T) {
	h, _, v := liveHarness(t, enabled())
	h.w.StartChat(widget.ChatOptions{})
	v.Queue(3, 0)
	assert.Equal(t, "You're number 3 in the queue. An agent will be with you shortly.", h.node(t, "oc-lcw-chat-status").Text())
	v.Queue(3, 150*instant.Second)
	assert.Equal(t, "You're number 3 in the queue. The expected wait is about 3 min.", h.node(t, "oc-lcw-chat-status").Text(), "rounded up to a minute")
}

// fakeRater is a conversation that takes ratings.
type fakeRater struct {
	fakeConversation
	ratings []widget.Rating
	then    func(error)
}

func (r *fakeRater) Rate(x widget.Rating, then func(error)) {
	r.ratings = append(r.ratings, x)
	r.then = then
}

// TestRatingAfterTheAgentEnded: the ended chat offers two toggle
// thumbs, a comment and the transcript; a rating without a thumb says to
// choose one, a failed one says so and stays, a sent one thanks.
func TestRatingAfterTheAgentEnded(t *testing.T) {
	cfg := enabled()
	cfg.Chat = true
	rater := &fakeRater{}
	h := &harness{doc: domtest.New(), clock: &fakeClock{now: t0}, timer: &fakeTimer{}, events: &fakeEvents{},
		log: &fakeLog{}, opener: &fakeOpener{}, zones: &fakeZones{}}
	v := widget.NewDOMView(h.doc)
	h.w = widget.New(cfg, widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones, Chat: rater})
	v.Bind(h.w)
	h.w.StartChat(widget.ChatOptions{})
	v.Message(chat.Message{Seq: 1, From: "agent", Name: "Kim", Text: "Hello\nthere", State: chat.Received}, "")
	v.Message(chat.Message{CID: "c1", Seq: 2, From: "visitor", Text: "Thanks", State: chat.Sent}, "")
	rater.running = false
	v.Ended("agent")
	assert.Equal(t, "lcw-sendbox lcw-hidden", attr(t, h.node(t, "oc-lcw-chat-sendbox"), "class"))

	h.node(t, "oc-lcw-chat-rating").Fire("submit")
	assert.Empty(t, rater.ratings)
	assert.Equal(t, "Choose Good or Not good first.", h.node(t, "oc-lcw-chat-rating-result").Text())
	h.node(t, "oc-lcw-chat-rate-bad").Fire("click")
	h.node(t, "oc-lcw-chat-rate-good").Fire("click")
	assert.Equal(t, "true", attr(t, h.node(t, "oc-lcw-chat-rate-good"), "aria-pressed"))
	assert.Equal(t, "false", attr(t, h.node(t, "oc-lcw-chat-rate-bad"), "aria-pressed"))
	h.node(t, "oc-lcw-chat-rating-comment").SetValue("  Quick and kind. ")
	h.node(t, "oc-lcw-chat-rating").Fire("submit")
	require.Equal(t, []widget.Rating{{Good: true, Comment: "Quick and kind."}}, rater.ratings)
	rater.then(errors.New("HTTP 503"))
	assert.Equal(t, "Your feedback could not be sent. Please try again later.", h.node(t, "oc-lcw-chat-rating-result").Text())
	h.node(t, "oc-lcw-chat-rating").Fire("submit")
	rater.then(nil)
	assert.Equal(t, "Thanks for your feedback.", h.node(t, "oc-lcw-chat-rating-thanks").Text())
	assert.Equal(t, "oc-lcw-chat-rating-thanks", h.focusedID())

	assert.Equal(t, "Chat transcript\n\nKim: Hello\n    there\nYou: Thanks\nThe agent ended the chat.\n", v.TranscriptText())
}

// ratingHarness is a widget with post-chat survey p whose chat the agent
// just ended.
func ratingHarness(t *testing.T, p widget.PostChat) (*harness, *fakeRater) {
	t.Helper()
	cfg := enabled()
	cfg.Chat = true
	cfg.PostChat = p
	rater := &fakeRater{}
	h := &harness{doc: domtest.New(), clock: &fakeClock{now: t0}, timer: &fakeTimer{}, events: &fakeEvents{},
		log: &fakeLog{}, opener: &fakeOpener{}, zones: &fakeZones{}}
	v := widget.NewDOMView(h.doc)
	v.SetPostChat(p)
	h.w = widget.New(cfg, widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones, Chat: rater})
	v.Bind(h.w)
	h.w.StartChat(widget.ChatOptions{})
	rater.running = false
	v.Ended("agent")
	return h, rater
}

// TestPostChatSurveyFields: the survey's own questions follow the
// comment, are checked like prechat answers, and go with the rating.
func TestPostChatSurveyFields(t *testing.T) {
	h, rater := ratingHarness(t, widget.PostChat{Fields: []widget.Field{
		{Name: "solved", Label: "Was it solved?", Type: "select", Options: []string{"Yes", "No"}, Required: true}}})
	h.node(t, "oc-lcw-chat-rate-good").Fire("click")
	h.node(t, "oc-lcw-chat-rating").Fire("submit")
	assert.Empty(t, rater.ratings)
	assert.Equal(t, "Was it solved? is required.", h.node(t, "oc-lcw-chat-survey-field-0-error").Text())
	assert.Equal(t, "oc-lcw-chat-survey-field-0", h.focusedID())
	h.node(t, "oc-lcw-chat-survey-field-0").SetValue("Yes")
	h.node(t, "oc-lcw-chat-rating-comment").SetValue("Fine")
	h.node(t, "oc-lcw-chat-rating").Fire("submit")
	require.Equal(t, []widget.Rating{{Good: true, Comment: "Fine",
		Answers: []widget.Answer{{Name: "solved", Label: "Was it solved?", Value: "Yes"}}}}, rater.ratings)
	rater.then(nil)
	assert.Equal(t, "Thanks for your feedback.", h.node(t, "oc-lcw-chat-rating-thanks").Text())
}

// TestPostChatWithoutRating: with "rating": false the form shows its
// questions at once and sends no thumb; with "enabled": false there is
// no form, only the download.
func TestPostChatWithoutRating(t *testing.T) {
	h, rater := ratingHarness(t, widget.PostChat{NoRating: true})
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-rate-good"))
	assert.Equal(t, "lcw-rating-more", attr(t, h.node(t, "oc-lcw-chat-rating-more"), "class"))
	h.node(t, "oc-lcw-chat-rating-comment").SetValue("Slow")
	h.node(t, "oc-lcw-chat-rating").Fire("submit")
	require.Equal(t, []widget.Rating{{Unrated: true, Comment: "Slow"}}, rater.ratings)

	h, _ = ratingHarness(t, widget.PostChat{Off: true})
	assert.Nil(t, h.doc.ByID("oc-lcw-chat-rating"))
	assert.NotNil(t, h.doc.ByID("oc-lcw-chat-after"))
}
