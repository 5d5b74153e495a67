package widget

import (
	"errors"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/events"
)

// NoServiceNotice is what the chat pane says while lcwasm has no chat
// service to connect to.
const NoServiceNotice = "No chat service is configured for this widget, so this chat can't reach an agent yet."

// request is one way into a chat: an accepted invitation or startChat.
type request struct {
	prechat     bool
	inNewWindow bool
	start       ChatStart // what the chat will start with
}

// Accept is the visitor pressing "Chat Now": the invitation closes and the
// chat start path runs (pop-out, out-of-hours message, prechat survey or
// the chat itself, in that order). It reports whether one was showing.
func (w *Widget) Accept() bool {
	if w.phase != Inviting {
		return false
	}
	w.dismiss()
	w.open(request{
		prechat:     w.inv.ShowPrechat,
		inNewWindow: w.inv.InNewWindow || w.cfg.OpenInWindow,
		start:       ChatStart{Proactive: true, Invitation: w.inv.Message, Source: w.inv.Source.Kind, RuleID: w.inv.Source.RuleID, Variant: w.inv.Source.Variant},
	})
	w.answered(Accepted)
	w.d.Events.Emit(events.ProactiveChatAccepted, w.inv.detail())
	return true
}

// StartChat is the SDK's startChat and the launcher's click: it opens the
// chat, or leaves the running one as it is. It is ignored while the
// invitation is showing (and not yet past its minute).
func (w *Widget) StartChat(o ChatOptions) {
	w.Tick()
	switch w.phase {
	case Inviting:
		w.d.Log.Debug("lcwasm: startChat ignored: the invitation is showing")
		return
	case Chatting:
		if w.minimized {
			w.maximize()
		}
		return
	case Prechat, OutOfHours, Offline:
		return
	case PoppedOut:
		w.d.Log.Debug("lcwasm: startChat ignored: the chat is open in another window")
		return
	}
	w.phase = Idle
	w.inv = Invitation{}
	source := "startChat"
	if o.FromLauncher {
		source = "launcher"
	}
	start := ChatStart{Source: source, Custom: o.CustomContext}
	if k := o.Invitation.Kind; k == SourceCall || k == SourceRule {
		start = ChatStart{Proactive: true, Source: k, RuleID: o.Invitation.RuleID, Variant: o.Invitation.Variant, Custom: o.CustomContext}
		if utf8.RuneCountInString(o.InvitationText) <= MaxMessageLength {
			start.Invitation = o.InvitationText
		}
	}
	w.open(request{prechat: true, inNewWindow: o.InNewWindow || w.cfg.OpenInWindow, start: start})
}

func (w *Widget) open(r request) {
	w.start = r.start
	if r.inNewWindow && !w.cfg.Popout { // the pop-out window chats in itself
		if w.d.Opener.OpenChat(w.inv, r.start.Custom) {
			w.phase = PoppedOut
			return
		}
		w.d.Log.Warn("lcwasm: the chat window did not open; the chat opens in this page instead")
	}
	w.d.View.Launcher(false)
	open, err := w.cfg.Hours.Open(w.d.Clock.Now(), w.d.Zones)
	if err != nil {
		w.d.Log.Error("lcwasm: operating hours: " + err.Error() + "; treating the widget as open")
	}
	if open {
		w.askAvailability()
	}
	switch {
	case !open:
		w.phase = OutOfHours
		w.d.View.ShowOutOfHours(w.awayMessage())
	case w.avail == availNo: // the Desk answered at once
		w.offline()
	case r.prechat && len(w.cfg.Prechat) > 0:
		w.phase = Prechat
		w.d.View.ShowPrechat(w.cfg.Prechat)
	default:
		w.chat()
	}
}

// ChatFailedNotice is what the pane says when the chat service could not
// start a conversation (the console and lcw:error say why).
const ChatFailedNotice = "Sorry, the chat could not start. Please try again later."

func (w *Widget) chat() {
	w.phase = Chatting
	pane := ChatPane{Proactive: w.start.Proactive, Invitation: w.start.Invitation, Notice: w.cfg.Lang.Say(PhraseNoService), CloseText: w.cfg.CloseButtonText,
		Minimize: !w.cfg.HideMinimize, Bare: w.cfg.RenderMobile, Attachments: w.cfg.Attachments}
	if !w.cfg.Chat || w.d.Chat == nil {
		w.d.View.ShowChat(pane)
		return
	}
	pane.Live, pane.Notice = true, ""
	w.d.View.ShowChat(pane)
	switch w.avail {
	case availNo:
		w.offline()
		return
	case availPending: // starts when the Desk answers
		w.waiting = true
		w.d.View.Looking()
		return
	}
	w.startLive()
}

// startLive starts the conversation in the live chat pane on show.
func (w *Widget) startLive() {
	pane := ChatPane{Proactive: w.start.Proactive, Invitation: w.start.Invitation, CloseText: w.cfg.CloseButtonText,
		Minimize: !w.cfg.HideMinimize, Bare: w.cfg.RenderMobile}
	s := w.start
	s.Prechat = w.answers
	if err := w.d.Chat.Start(s); err != nil {
		w.d.Log.Error("lcwasm: the chat could not start: " + err.Error())
		pane.Live, pane.Notice = false, w.cfg.Lang.Say(PhraseChatFailed)
		w.d.View.ShowChat(pane)
		return
	}
	w.live = true
}

// ResumeChat shows the conversation a previous page or another tab of the
// visitor left running; the chat client then fills in its transcript. A
// chat left minimized stays minimized. Focus stays where the page has it:
// the visitor did not ask for the pane on this page.
//
// invitation is the message of the invitation the chat answers, kept by
// the runtime, for the conversation's first line ("" for none).
func (w *Widget) ResumeChat(minimized bool, invitation string) bool {
	if !w.cfg.Chat || w.d.Chat == nil || w.phase.busy() || w.phase == Inviting {
		return false
	}
	w.phase, w.live = Chatting, true
	w.d.View.ShowChat(ChatPane{Live: true, Proactive: invitation != "", Invitation: invitation, CloseText: w.cfg.CloseButtonText, Minimize: !w.cfg.HideMinimize,
		Bare: w.cfg.RenderMobile, Resumed: true, Attachments: w.cfg.Attachments})
	if minimized && w.canMinimize() {
		w.minimized = true
		w.d.View.MinimizedQuietly()
		w.d.View.Launcher(true)
		w.d.Chat.SetMinimized(true)
		return true
	}
	w.d.View.Launcher(false)
	return true
}

// NewChat is the visitor starting a new conversation from the pane of
// one that has ended: the chat start path runs again in the pane.
func (w *Widget) NewChat() {
	if w.phase != Chatting || !w.live || w.d.Chat.Running() {
		return
	}
	w.answers = nil
	w.open(request{prechat: true, start: ChatStart{Source: "newChat"}})
}

// Typing is the visitor typing in the send box.
func (w *Widget) Typing() {
	if w.live && w.phase == Chatting {
		w.d.Chat.Typing()
	}
}

// Send is the visitor sending a message in the chat pane.
func (w *Widget) Send(text string) error {
	if !w.live {
		return errNoChat
	}
	return w.d.Chat.Send(text)
}

var errNoChat = errors.New("widget: no chat is running")

// SubmitPrechat is the visitor sending the survey. With problems the form
// stays and says what to fix; otherwise the chat starts.
func (w *Widget) SubmitPrechat(values map[string]string) bool {
	if w.phase != Prechat {
		return false
	}
	problems := w.cfg.Lang.ValidatePrechat(w.cfg.Prechat, values)
	w.d.View.PrechatProblems(problems)
	if len(problems) > 0 {
		return false
	}
	w.answers = values
	w.chat()
	return true
}

// Answers are the visitor's prechat answers for the running chat.
func (w *Widget) Answers() map[string]string { return w.answers }

// ClosePane is the visitor closing the open pane (X); CloseChat is the
// SDK's closeChat. Both end the chat and bring the launcher back; on a
// running conversation the X asks first (ConfirmClose, CancelClose).
func (w *Widget) ClosePane() {
	if w.phase == Chatting && w.live && w.d.Chat.Running() {
		w.confirming = true
		w.d.View.ConfirmClose(true)
		return
	}
	w.end(true)
}

// ConfirmClose is the visitor answering Close to the X's question.
func (w *Widget) ConfirmClose() {
	if w.confirming {
		w.end(true)
	}
}

// CancelClose is the visitor answering Cancel (or Escape): the chat goes
// on, with focus back on the X.
func (w *Widget) CancelClose() {
	if w.confirming {
		w.confirming = false
		w.d.View.ConfirmClose(false)
	}
}

// CloseChat ends the conversation and clears its state.
func (w *Widget) CloseChat() { w.end(false) }

// end closes the pane; returnFocus (the visitor's X, lcw:onClose) gives
// focus back to where it was before the pane opened (or to the launcher),
// which only a visitor's own action may do.
func (w *Widget) end(returnFocus bool) {
	if !w.phase.busy() {
		return
	}
	w.phase = Idle
	w.answers = nil
	w.confirming = false
	if w.minimized && w.live {
		w.d.Chat.SetMinimized(false)
	}
	w.minimized = false
	live := w.live
	w.live = false
	w.d.View.ClosePane()
	w.d.View.Launcher(!w.cfg.HideChatButton)
	if returnFocus {
		w.d.View.ReturnFocus()
	}
	w.idle()
	if live {
		w.d.Chat.Close() // ends the conversation; it fires lcw:closeChat
	}
	switch {
	case returnFocus:
		w.d.Events.Emit(events.OnClose, map[string]any{})
	case !live:
		w.d.Events.Emit(events.CloseChat, map[string]any{})
	}
}

// PopoutClosed is the pop-out window going away: the page's launcher
// starts chats again.
func (w *Widget) PopoutClosed() {
	if w.phase != PoppedOut {
		return
	}
	w.phase = Idle
	w.d.View.Launcher(!w.cfg.HideChatButton)
	w.idle()
}

// PopoutChatClosed is the visitor closing, in the pop-out window, the
// chat this page opened there: the page hears lcw:closeChat too (with
// popout: true), since its listeners live here, not in the pop-out.
func (w *Widget) PopoutChatClosed() {
	w.d.Events.Emit(events.CloseChat, map[string]any{"by": "visitor", "popout": true})
}

// Minimize folds the chat pane away; the launcher stands for it (even with
// data-hide-chat-button: it is the way back) and counts unread messages.
// Focus goes back to where it was before the pane opened, or to the
// launcher.
func (w *Widget) Minimize() {
	if w.phase != Chatting || w.minimized {
		return
	}
	if w.confirming { // folding away answers the question with Cancel
		w.confirming = false
		w.d.View.ConfirmClose(false)
	}
	w.minimized = true
	w.d.View.Minimized(true)
	w.d.View.Launcher(true)
	w.d.View.ReturnFocus()
	if w.live {
		w.d.Chat.SetMinimized(true)
	}
	w.d.Events.Emit(events.OnMinimize, map[string]any{})
}

// maximize brings the minimized pane back (the launcher or startChat).
func (w *Widget) maximize() {
	w.minimized = false
	w.d.View.Launcher(false)
	w.d.View.Minimized(false)
	if w.live {
		w.d.Chat.SetMinimized(false)
	}
	w.d.Events.Emit(events.OnMaximize, map[string]any{})
}

// awayMessage is the out-of-hours message: the site owner's, or the
// default in the visitor's language.
func (w *Widget) awayMessage() string {
	if m := w.cfg.Hours.Message; m != "" && m != DefaultOutOfHoursMessage {
		return m
	}
	return w.cfg.Lang.Say(PhraseAwayMessage)
}
