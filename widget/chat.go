package widget

// NoServiceNotice is what the chat pane says while lcwasm has no chat
// service to connect to.
const NoServiceNotice = "No chat service is configured for this widget, so this chat can't reach an agent yet."

// request is one way into a chat: an accepted invitation or startChat.
type request struct {
	proactive   bool
	prechat     bool
	inNewWindow bool
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
		proactive:   true,
		prechat:     w.inv.ShowPrechat,
		inNewWindow: w.inv.InNewWindow || w.cfg.OpenInWindow,
	})
	w.d.Events.Emit("lcw:proactiveChatAccepted", w.inv.detail())
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
	case Prechat, Chatting, OutOfHours:
		return
	case PoppedOut:
		w.d.Log.Debug("lcwasm: startChat ignored: the chat is open in another window")
		return
	}
	w.phase = Idle
	w.inv = Invitation{}
	w.open(request{prechat: true, inNewWindow: o.InNewWindow || w.cfg.OpenInWindow})
}

func (w *Widget) open(r request) {
	w.proactive = r.proactive
	if r.inNewWindow {
		if w.d.Opener.OpenChat(w.inv) {
			w.phase = PoppedOut
			return
		}
		w.d.Log.Warn("lcwasm: the browser blocked the chat window; the chat opens in this page instead")
	}
	w.d.View.Launcher(false)
	open, err := w.cfg.Hours.Open(w.d.Clock.Now(), w.d.Zones)
	if err != nil {
		w.d.Log.Error("lcwasm: operating hours: " + err.Error() + "; treating the widget as open")
	}
	switch {
	case !open:
		w.phase = OutOfHours
		w.d.View.ShowOutOfHours(w.cfg.Hours.Message)
	case r.prechat && len(w.cfg.Prechat) > 0:
		w.phase = Prechat
		w.d.View.ShowPrechat(w.cfg.Prechat)
	default:
		w.chat(r.proactive)
	}
}

func (w *Widget) chat(proactive bool) {
	w.phase = Chatting
	w.d.View.ShowChat(ChatPane{Proactive: proactive, Notice: NoServiceNotice, CloseText: w.cfg.CloseButtonText})
}

// SubmitPrechat is the visitor sending the survey. With problems the form
// stays and says what to fix; otherwise the chat starts.
func (w *Widget) SubmitPrechat(values map[string]string) bool {
	if w.phase != Prechat {
		return false
	}
	problems := ValidatePrechat(w.cfg.Prechat, values)
	w.d.View.PrechatProblems(problems)
	if len(problems) > 0 {
		return false
	}
	w.answers = values
	w.chat(w.proactive)
	return true
}

// Answers are the visitor's prechat answers for the running chat.
func (w *Widget) Answers() map[string]string { return w.answers }

// ClosePane is the visitor closing the open pane (X); CloseChat is the
// SDK's closeChat. Both end the chat and bring the launcher back.
func (w *Widget) ClosePane() { w.end("lcw:onClose", true) }

// CloseChat ends the conversation and clears its state.
func (w *Widget) CloseChat() { w.end("lcw:closeChat", false) }

// end closes the pane; returnFocus moves focus back to the launcher, which
// only a visitor's own action may do.
func (w *Widget) end(event string, returnFocus bool) {
	if !w.phase.busy() {
		return
	}
	w.phase = Idle
	w.answers = nil
	w.d.View.ClosePane()
	w.d.View.Launcher(!w.cfg.HideChatButton)
	if returnFocus {
		w.d.View.FocusLauncher()
	}
	w.d.Events.Emit(event, map[string]any{})
}

// PopoutClosed is the pop-out window going away: the page's launcher
// starts chats again.
func (w *Widget) PopoutClosed() {
	if w.phase != PoppedOut {
		return
	}
	w.phase = Idle
	w.d.View.Launcher(!w.cfg.HideChatButton)
}
