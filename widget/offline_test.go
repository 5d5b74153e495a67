package widget_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// fakeDesk is a conversation whose service answers availability and
// takes offline messages when the test says.
type fakeDesk struct {
	fakeConversation
	answer func(widget.Availability)
	left   []widget.OfflineMessage
	leave  func(error)
}

func (d *fakeDesk) Availability(then func(widget.Availability)) { d.answer = then }

func (d *fakeDesk) LeaveMessage(m widget.OfflineMessage, then func(error)) {
	d.left = append(d.left, m)
	d.leave = then
}

func deskHarness(t *testing.T, cfg widget.Config) (*harness, *fakeDesk) {
	t.Helper()
	cfg.Chat = true
	desk := &fakeDesk{}
	h := &harness{doc: domtest.New(), clock: &fakeClock{now: t0}, timer: &fakeTimer{}, events: &fakeEvents{},
		log: &fakeLog{}, opener: &fakeOpener{}, zones: &fakeZones{}}
	v := widget.NewDOMView(h.doc)
	h.w = widget.New(cfg, widget.Deps{Clock: h.clock, Timer: h.timer, View: v, Events: h.events,
		Log: h.log, Opener: h.opener, Zones: h.zones, Chat: desk})
	v.Bind(h.w)
	return h, desk
}

// offlineOn is a configuration with the leave-a-message form.
func offlineOn() widget.Config {
	cfg := enabled()
	cfg.Offline = true
	return cfg
}

func TestNoAgentOffersTheOfflineForm(t *testing.T) {
	h, desk := deskHarness(t, offlineOn())
	h.w.StartChat(widget.ChatOptions{})
	require.NotNil(t, desk.answer, "the widget asked")
	assert.Empty(t, desk.starts, "no chat starts before the answer")
	assert.Equal(t, "Looking for an available agent…", h.node(t, "oc-lcw-chat-status").Text())
	desk.answer(widget.Availability{Known: true, Agents: false, Open: true})
	assert.Empty(t, desk.starts, "no agent: no conversation in an empty queue")
	assert.Equal(t, widget.Offline, h.w.Phase())
	require.NotNil(t, h.doc.ByID("oc-lcw-offline-form"))
	assert.Equal(t, "oc-lcw-prechat-field-0", h.focusedID(), "focus on the first field")

	h.node(t, "oc-lcw-prechat-field-0").SetValue("Ana")
	h.node(t, "oc-lcw-prechat-field-1").SetValue("not-an-email")
	h.node(t, "oc-lcw-offline-form").Fire("submit")
	assert.Empty(t, desk.left)
	assert.Equal(t, "Please enter an email address like name@example.com.", h.node(t, "oc-lcw-prechat-field-1-error").Text())
	assert.Equal(t, "Message is required.", h.node(t, "oc-lcw-prechat-field-2-error").Text())

	h.node(t, "oc-lcw-prechat-field-1").SetValue("ana@example.com")
	h.node(t, "oc-lcw-prechat-field-2").SetValue("Do you ship to Norway?")
	h.node(t, "oc-lcw-offline-form").Fire("submit")
	require.Equal(t, []widget.OfflineMessage{{Answers: []widget.Answer{{Name: "name", Label: "Your name", Value: "Ana"},
		{Name: "email", Label: "Email", Value: "ana@example.com"}, {Name: "message", Label: "Message", Value: "Do you ship to Norway?"}}}}, desk.left)
	desk.leave(errors.New("server: 503"))
	assert.Equal(t, "Your message could not be sent. Please try again later.", h.node(t, "oc-lcw-offline-result").Text())
	h.node(t, "oc-lcw-offline-form").Fire("submit")
	desk.leave(nil)
	assert.Equal(t, "Thanks! We'll reply to ana@example.com.", h.node(t, "oc-lcw-offline-thanks").Text())
	assert.Equal(t, "oc-lcw-offline-thanks", h.focusedID())
}

func TestAnAgentStartsTheWaitingChat(t *testing.T) {
	h, desk := deskHarness(t, offlineOn())
	h.w.StartChat(widget.ChatOptions{})
	desk.answer(widget.Availability{Known: true, Agents: true, Open: true, Wait: 2 * instant.Minute})
	require.Len(t, desk.starts, 1)
	assert.Equal(t, widget.Chatting, h.w.Phase())

	h2, desk2 := deskHarness(t, offlineOn())
	h2.w.StartChat(widget.ChatOptions{})
	desk2.answer(widget.Availability{}) // the service did not answer
	assert.Len(t, desk2.starts, 1, "an unknown answer starts the chat as before")
	assert.Equal(t, widget.Chatting, h2.w.Phase())
}

func TestNoAgentDuringPrechat(t *testing.T) {
	cfg := offlineOn()
	cfg.Prechat = []widget.Field{{Name: "topic", Label: "Topic", Type: "text"}}
	h, desk := deskHarness(t, cfg)
	h.w.StartChat(widget.ChatOptions{})
	assert.Equal(t, widget.Prechat, h.w.Phase())
	desk.answer(widget.Availability{Known: true, Agents: false, Open: false})
	assert.Equal(t, widget.Offline, h.w.Phase(), "the survey gives way to the form")

	h.w.ClosePane()
	assert.Equal(t, widget.Idle, h.w.Phase())
	desk.answer(widget.Availability{Known: true, Agents: false, Open: true}) // late, for a closed pane
	assert.Equal(t, widget.Idle, h.w.Phase())
}

func TestOfflineOff(t *testing.T) {
	cfg := enabled()
	cfg.Offline = false
	h, desk := deskHarness(t, cfg)
	h.w.StartChat(widget.ChatOptions{})
	assert.Nil(t, desk.answer, "not asked")
	assert.Len(t, desk.starts, 1)
	assert.Equal(t, widget.Chatting, h.w.Phase())
}

// TestOfflineFieldsConfigured: the form asks the configured questions;
// the well-known names keep their translated labels, and with no email
// asked the thanks says only that the message arrived.
func TestOfflineFieldsConfigured(t *testing.T) {
	cfg := offlineOn()
	cfg.OfflineFields = []widget.Field{{Name: "message", Type: "textarea", Required: true},
		{Name: "order", Label: "Order number", Type: "text", Required: true}}
	h, desk := deskHarness(t, cfg)
	h.w.StartChat(widget.ChatOptions{})
	desk.answer(widget.Availability{Known: true, Agents: false, Open: true})
	require.Equal(t, widget.Offline, h.w.Phase())
	assert.Nil(t, h.doc.ByID("oc-lcw-prechat-field-2"), "two fields only")
	h.node(t, "oc-lcw-prechat-field-0").SetValue("Where is it?")
	h.node(t, "oc-lcw-offline-form").Fire("submit")
	assert.Empty(t, desk.left)
	assert.Equal(t, "Order number is required.", h.node(t, "oc-lcw-prechat-field-1-error").Text())
	h.node(t, "oc-lcw-prechat-field-1").SetValue(" A-17 ")
	h.node(t, "oc-lcw-offline-form").Fire("submit")
	require.Equal(t, []widget.OfflineMessage{{Answers: []widget.Answer{{Name: "message", Label: "Message", Value: "Where is it?"},
		{Name: "order", Label: "Order number", Value: "A-17"}}}}, desk.left)
	desk.leave(nil)
	assert.Equal(t, "Thanks! Your message reached us.", h.node(t, "oc-lcw-offline-thanks").Text())
}

// TestOfflineRefusedForTooMany: the service's 429 "rate" makes the form
// say, in the visitor's language, that their network sent too many;
// any other refusal says to try later; the form stays to send again.
func TestOfflineRefusedForTooMany(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"rate", &widget.LeaveError{Status: 429, Code: wire.OfflineRate, Message: "server: too many"},
			"Too many messages were sent from your network. Please try again in an hour."},
		{"full", &widget.LeaveError{Status: 507, Code: wire.OfflineFull}, "Your message could not be sent. Please try again later."},
		{"network", errors.New("lcwasm: offline"), "Your message could not be sent. Please try again later."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, desk := deskHarness(t, offlineOn())
			h.w.StartChat(widget.ChatOptions{})
			desk.answer(widget.Availability{Known: true, Agents: false, Open: true})
			h.node(t, "oc-lcw-prechat-field-0").SetValue("Ana")
			h.node(t, "oc-lcw-prechat-field-1").SetValue("ana@example.com")
			h.node(t, "oc-lcw-prechat-field-2").SetValue("Norway?")
			h.node(t, "oc-lcw-offline-form").Fire("submit")
			require.Len(t, desk.left, 1)
			desk.leave(tt.err)
			assert.Equal(t, tt.want, h.node(t, "oc-lcw-offline-result").Text())
			role, _ := h.node(t, "oc-lcw-offline-result").Attr("role")
			assert.Equal(t, "status", role, "announced")
			assert.Contains(t, h.log.with("error"), "error: lcwasm: the message could not be left: "+tt.err.Error())
			h.node(t, "oc-lcw-offline-form").Fire("submit")
			assert.Len(t, desk.left, 2, "the visitor may send again")
		})
	}
}
