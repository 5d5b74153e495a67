package widget

import (
	"strings"

	"github.com/lcwasm/lcwasm/chat"
)

// Phrase names one text of the chat pane. The texts are data, one table
// per language keyed by phrase, so that translations can key them; only
// English ships for now. (The invitation's own texts are Texts, which the
// page can customize.)
type Phrase string

// The chat pane's phrases.
const (
	PhraseNewMessages  Phrase = "newMessages" // the control that scrolls to what came while the visitor read above
	PhraseTyping       Phrase = "agentTyping" // announced while the agent types; {name} is theirs
	PhraseTypingNoName Phrase = "agentTypingAnon"
	PhraseConfirmClose Phrase = "confirmClose" // the question × asks on a running chat
	PhraseConfirmYes   Phrase = "confirmCloseYes"
	PhraseConfirmNo    Phrase = "confirmCloseNo"
	PhraseNewChat      Phrase = "newChat" // starts a fresh conversation once one has ended
	PhraseYou          Phrase = "you"     // who wrote the visitor's messages, for screen readers
	PhraseSentAt       Phrase = "sentAt"  // "{time}", read before the exact time
	PhraseEndedAgent   Phrase = "endedAgent"
	PhraseEndedVisitor Phrase = "endedVisitor"
	PhraseEndedExpired Phrase = "endedExpired"
	PhraseEndedRefused Phrase = "endedRefused"
	PhraseEndedFailed  Phrase = "endedFailed"
	// The service cannot store (error unavailable), too many chats from
	// the visitor's address (4429), too many tabs on the chat (4430).
	PhraseEndedUnavailable Phrase = "endedUnavailable"
	PhraseEndedBusy        Phrase = "endedBusy"
	PhraseEndedCrowded     Phrase = "endedCrowded"
	PhraseConversation     Phrase = "conversation" // the transcript's accessible name
	PhraseMinimize         Phrase = "minimize"
	PhraseClose            Phrase = "close"
)

// English is the English text of every phrase. {name} and {time} are
// filled in where the phrase says so.
var English = map[Phrase]string{
	PhraseNewMessages:  "New messages ↓",
	PhraseTyping:       "{name} is typing…",
	PhraseTypingNoName: "The agent is typing…",
	PhraseConfirmClose: "Do you really want to close this chat?",
	PhraseConfirmYes:   "Close",
	PhraseConfirmNo:    "Cancel",
	PhraseNewChat:      "Start a new chat",
	PhraseYou:          "You",
	PhraseSentAt:       "Sent {time}",
	PhraseEndedAgent:   "The agent ended the chat.",
	PhraseEndedVisitor: "You ended the chat.",
	PhraseEndedExpired: "This chat has ended.",
	PhraseEndedRefused: "The chat service refused this chat.",
	PhraseEndedFailed:  ChatFailedNotice,
	// chat.UnavailableNotice is also the line chat adds beside a message
	// the service could not store.
	PhraseEndedUnavailable: chat.UnavailableNotice,
	PhraseEndedBusy:        "Too many chats were started from your network just now. Try again in a minute.",
	PhraseEndedCrowded:     "This chat is open in too many tabs or windows. Close some of them, then reload this page to continue here.",
	PhraseConversation:     "Conversation",
	PhraseMinimize:         "Minimize",
	PhraseClose:            "Close",
}

// say is the text of p, with {name} and {time} replaced by arg.
func say(p Phrase, arg string) string {
	s := English[p]
	s = strings.Replace(s, "{name}", arg, 1)
	return strings.Replace(s, "{time}", arg, 1)
}
