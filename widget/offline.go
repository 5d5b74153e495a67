package widget

import "time"

// Availability is what the chat service says of its agents now
// (GET …/availability, the answer getAgentAvailability gives the page).
type Availability struct {
	Known  bool          // false: the service did not answer; the chat starts as before
	Agents bool          // an agent is available (isAgentAvailable)
	Open   bool          // within the service's operating hours (isQueueAvailable)
	Wait   time.Duration // the average wait in the queue, 0 when not known
}

// OfflineMessage is what the visitor leaves when no agent is there.
type OfflineMessage struct {
	Name, Email, Text string
}

// Desk is an optional part of a Conversation: it asks the chat service
// whether an agent is there, and leaves messages for agents when none
// is. Both answer later, through then, once; never inside the call.
type Desk interface {
	Availability(then func(Availability))
	LeaveMessage(m OfflineMessage, then func(err error))
}

// OfflineFields are the leave-a-message form's fields, their labels in
// the widget's language.
func (l Language) OfflineFields() []Field {
	return []Field{
		{Name: "name", Label: l.Say(PhraseOfflineName), Type: "text", Required: true},
		{Name: "email", Label: l.Say(PhraseOfflineEmail), Type: "email", Required: true},
		{Name: "message", Label: l.Say(PhraseOfflineText), Type: "textarea", Required: true},
	}
}

// avail is what the widget knows of the agents for the chat it opens.
type avail int

const (
	availUnasked avail = iota // no Desk, or not asked: chat as before
	availPending              // asked, no answer yet
	availYes                  // an agent is there (or the service did not say)
	availNo                   // no agent: leave a message instead
)

// askAvailability asks the Desk, when there is one, whether an agent is
// there for the chat being opened.
func (w *Widget) askAvailability() {
	desk, ok := w.d.Chat.(Desk)
	if !ok || !w.cfg.Chat || !w.cfg.Offline {
		w.avail = availUnasked
		return
	}
	w.avail = availPending
	asked := w.asked + 1
	w.asked = asked
	desk.Availability(func(a Availability) { w.availabilityKnown(asked, a) })
}

// availabilityKnown is the Desk's answer. With no agent (none available,
// or the service closed) the open prechat or the chat waiting to start
// gives way to the leave-a-message form; otherwise the waiting chat
// starts.
func (w *Widget) availabilityKnown(asked int, a Availability) {
	if asked != w.asked || w.avail != availPending {
		return // an answer for a pane closed since
	}
	if a.Known && (!a.Agents || !a.Open) {
		w.avail = availNo
		if w.phase == Prechat || (w.phase == Chatting && !w.live) {
			w.offline()
		}
		return
	}
	w.avail = availYes
	if w.phase == Chatting && w.waiting {
		w.waiting = false
		w.startLive()
	}
}

// offline shows the leave-a-message form.
func (w *Widget) offline() {
	w.phase = Offline
	w.waiting = false
	w.d.View.ShowOffline(w.cfg.Lang.OfflineFields())
}

// SubmitOffline is the visitor sending the leave-a-message form: with
// problems the form says what to fix; otherwise the message goes to the
// service, and the form says it went (or why not).
func (w *Widget) SubmitOffline(values map[string]string) bool {
	desk, ok := w.d.Chat.(Desk)
	if w.phase != Offline || !ok || w.sending {
		return false
	}
	problems := w.cfg.Lang.ValidatePrechat(w.cfg.Lang.OfflineFields(), values)
	w.d.View.PrechatProblems(problems)
	if len(problems) > 0 {
		return false
	}
	w.sending = true
	m := OfflineMessage{Name: values["name"], Email: values["email"], Text: values["message"]}
	desk.LeaveMessage(m, func(err error) {
		w.sending = false
		if w.phase != Offline {
			return
		}
		if err != nil {
			w.d.Log.Error("lcwasm: the message could not be left: " + err.Error())
			w.d.View.OfflineSent("", w.cfg.Lang.Say(PhraseOfflineFailed))
			return
		}
		w.d.View.OfflineSent(w.cfg.Lang.Say(PhraseOfflineThanks, "name", m.Email), "")
	})
	return true
}
