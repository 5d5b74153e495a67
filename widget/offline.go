package widget

import (
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/internal/instant"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// Availability is what the chat service says of its agents now
// (GET …/availability, the answer getAgentAvailability gives the page).
type Availability struct {
	Known  bool             // false: the service did not answer; the chat starts as before
	Agents bool             // an agent is available (isAgentAvailable)
	Open   bool             // within the service's operating hours (isQueueAvailable)
	Wait   instant.Duration // the average wait in the queue, 0 when not known
}

// OfflineMessage is what the visitor leaves when no agent is there: the
// answers to the form's fields, by name ("name", "email" and "message"
// in the default form), in the form's order.
type OfflineMessage struct {
	Answers []Answer
}

// Answer is one answered survey question, as the visitor saw it.
type Answer struct {
	Name, Label, Value string
}

// Answers pairs fields with the visitor's values (trimmed), in the
// fields' order, leaving out the unanswered ones.
func Answers(fields []Field, values map[string]string) []Answer {
	var out []Answer
	for _, f := range fields {
		if v := strings.TrimSpace(values[f.Name]); v != "" {
			out = append(out, Answer{Name: f.Name, Label: f.Label, Value: v})
		}
	}
	return out
}

// LeaveError is the chat service refusing a left message: the HTTP
// status and the code of its answer (wire.OfflineRate, wire.OfflineFull,
// "invalid"…; "" when it named none). A Desk hands it to LeaveMessage's
// then, so that the form says why in the visitor's language.
type LeaveError struct {
	Status        int
	Code, Message string
}

func (e *LeaveError) Error() string {
	return "lcwasm: HTTP " + strconv.Itoa(e.Status) + " " + e.Message
}

// Desk is an optional part of a Conversation: it asks the chat service
// whether an agent is there, and leaves messages for agents when none
// is. Both answer later, through then, once; never inside the call.
type Desk interface {
	Availability(then func(Availability))
	LeaveMessage(m OfflineMessage, then func(err error))
}

// DefaultOfflineFields are the leave-a-message form's fields when the
// configuration names none ("offline": {"fields"}).
var DefaultOfflineFields = []Field{
	{Name: "name", Type: "text", Required: true},
	{Name: "email", Type: "email", Required: true},
	{Name: "message", Type: "textarea", Required: true},
}

// offlinePhrases label the offline form's well-known fields when the
// configuration gives them no label.
var offlinePhrases = map[string]Phrase{"name": PhraseOfflineName, "email": PhraseOfflineEmail, "message": PhraseOfflineText}

// OfflineFields are the leave-a-message form's fields (configured, nil
// for DefaultOfflineFields), the labels of name, email and message said
// in the widget's language unless configured.
func (l Language) OfflineFields(configured []Field) []Field {
	if configured == nil {
		configured = DefaultOfflineFields
	}
	out := make([]Field, len(configured))
	for i, f := range configured {
		if f.Label == "" {
			f.Label = f.Name
			if p := offlinePhrases[f.Name]; p != "" {
				f.Label = l.Say(p)
			}
		}
		out[i] = f
	}
	return out
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
	w.d.View.ShowOffline(w.cfg.Lang.OfflineFields(w.cfg.OfflineFields))
}

// SubmitOffline is the visitor sending the leave-a-message form: with
// problems the form says what to fix; otherwise the message goes to the
// service, and the form says it went (or why not).
func (w *Widget) SubmitOffline(values map[string]string) bool {
	desk, ok := w.d.Chat.(Desk)
	if w.phase != Offline || !ok || w.sending {
		return false
	}
	fields := w.cfg.Lang.OfflineFields(w.cfg.OfflineFields)
	problems := w.cfg.Lang.ValidatePrechat(fields, values)
	w.d.View.PrechatProblems(problems)
	if len(problems) > 0 {
		return false
	}
	w.sending = true
	m := OfflineMessage{Answers: Answers(fields, values)}
	desk.LeaveMessage(m, func(err error) {
		w.sending = false
		if w.phase != Offline {
			return
		}
		if err != nil {
			w.d.Log.Error("lcwasm: the message could not be left: " + err.Error())
			w.d.View.OfflineSent("", w.cfg.Lang.Say(leaveProblem(err)))
			return
		}
		w.d.View.OfflineSent(w.offlineThanks(fields, values), "")
	})
	return true
}

// offlineThanks says where the reply goes: the form's first email
// answered, or only that the message arrived.
func (w *Widget) offlineThanks(fields []Field, values map[string]string) string {
	for _, f := range fields {
		if v := strings.TrimSpace(values[f.Name]); f.Type == "email" && v != "" {
			return w.cfg.Lang.Say(PhraseOfflineThanks, "name", v)
		}
	}
	return w.cfg.Lang.Say(PhraseOfflineLeft)
}

// leaveProblem is the phrase of why a message was not left.
func leaveProblem(err error) Phrase {
	// A type assertion, not errors.As: that would link reflection into
	// the wasm for one error type the Desk returns unwrapped.
	if e, ok := err.(*LeaveError); ok && e.Code == wire.OfflineRate {
		return PhraseOfflineRate
	}
	return PhraseOfflineFailed
}
