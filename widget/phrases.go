package widget

import "github.com/lcwasm/lcwasm/chat"

// Phrase names one text the widget shows. The texts are data: English
// below (the fallback, and the reference every translation is checked
// against), the other languages in assets/lang/<tag>.json, which the wasm
// fetches as lang-<tag>.json (see Language). {name}, {time} and {n} are
// filled in where the phrase says so; a name is shown direction-isolated.
type Phrase string

// The invitation's phrases (the page's customization callback still
// overrides them, see Texts).
const (
	PhraseInviteTitle    Phrase = "inviteTitle"
	PhraseInviteSubtitle Phrase = "inviteSubtitle"
	PhraseInviteMessage  Phrase = "inviteMessage" // when startProactiveChat gives none
	PhraseInviteStart    Phrase = "inviteStart"
	PhraseInviteLabel    Phrase = "inviteLabel" // the invitation's accessible name
)

// The launcher's and the panes' phrases.
const (
	PhraseLauncher      Phrase = "launcher" // the chat button, and the chat pane's title
	PhraseUnread        Phrase = "unread"   // read after the badge's number
	PhraseInvited       Phrase = "invited"  // the first line of a proactive chat, when the invitation had no text
	PhraseNoService     Phrase = "noService"
	PhraseChatFailed    Phrase = "chatFailed"
	PhraseAwayTitle     Phrase = "awayTitle"
	PhraseAwayMessage   Phrase = "awayMessage" // when operatingHours has no message of its own
	PhrasePrechatTitle  Phrase = "prechatTitle"
	PhraseRequiredHint  Phrase = "requiredHint"
	PhraseStartChat     Phrase = "startChat"
	PhraseChoose        Phrase = "choose" // a select's empty option
	PhraseFieldRequired Phrase = "fieldRequired"
	PhraseTickBox       Phrase = "tickBox"
	PhraseTooLongAnswer Phrase = "tooLongAnswer"
	PhraseBadEmail      Phrase = "badEmail"
	PhraseBadPhone      Phrase = "badPhone"
	PhraseBadOption     Phrase = "badOption"
	PhraseOfflineTitle  Phrase = "offlineTitle" // the leave-a-message form
	PhraseOfflineIntro  Phrase = "offlineIntro"
	PhraseOfflineName   Phrase = "offlineName"
	PhraseOfflineEmail  Phrase = "offlineEmail"
	PhraseOfflineText   Phrase = "offlineText"
	PhraseOfflineSend   Phrase = "offlineSend"
	PhraseOfflineThanks Phrase = "offlineThanks" // {name} is the visitor's email address
	PhraseOfflineFailed Phrase = "offlineFailed"
	PhraseOfflineRate   Phrase = "offlineRate"  // refused: too many messages from the visitor's address (429 "rate")
	PhraseOfflineLeft   Phrase = "offlineLeft"  // the thanks when the form asks no email
	PhraseLooking       Phrase = "looking"      // while the widget asks whether an agent is there
	PhraseRateQuestion  Phrase = "rateQuestion" // the post-chat rating
	PhraseRateGood      Phrase = "rateGood"
	PhraseRateBad       Phrase = "rateBad"
	PhraseRateComment   Phrase = "rateComment"
	PhraseRateSend      Phrase = "rateSend"
	PhraseRateChoose    Phrase = "rateChoose" // sent without a thumb
	PhraseRateThanks    Phrase = "rateThanks"
	PhraseRateFailed    Phrase = "rateFailed"
	PhraseDownload      Phrase = "download"   // the transcript download
	PhraseTranscript    Phrase = "transcript" // the downloaded file's first line
)

// The chat pane's phrases.
const (
	PhraseMessageLabel Phrase = "messageLabel"
	PhraseSend         Phrase = "send"
	PhraseSending      Phrase = "sending"
	PhraseNotDelivered Phrase = "notDelivered"
	PhraseTooLong      Phrase = "tooLong"   // {n}: characters over the limit {max}
	PhraseNotSent      Phrase = "notSent"   // any other reason a message was not sent
	PhraseQueue        Phrase = "queue"     // {n}: the place in the queue
	PhraseQueueWait    Phrase = "queueWait" // and {time}: the expected wait, in minutes as Intl writes them
	PhraseJoined       Phrase = "joined"
	PhraseJoinedAnon   Phrase = "joinedAnon"
	PhraseOffline      Phrase = "offline"
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

// The attachments' phrases: {name} is the file's, {max} the size limit
// ("10 MB"), {types} the allowed types ("PNG, JPEG, PDF").
const (
	PhraseAttach        Phrase = "attach"        // the composer's attach button
	PhraseFileSending   Phrase = "fileSending"   // the upload's progress bar
	PhraseFileTooBig    Phrase = "fileTooBig"    // refused: over {max}
	PhraseFileType      Phrase = "fileType"      // refused: not one of {types}
	PhraseFilesFull     Phrase = "filesFull"     // refused: the conversation holds as many files as it may
	PhraseFileFailed    Phrase = "fileFailed"    // any other reason a file did not go
	PhraseFileCancel    Phrase = "fileCancel"    // the upload's cancel button
	PhraseFileCancelled Phrase = "fileCancelled" // the visitor cancelled the upload
	PhraseFileDownload  Phrase = "fileDownload"  // a file that is not an image
)

// English is the English text of every phrase: the fallback of every
// language, and the list of phrases a translation must have.
var English = map[Phrase]string{
	PhraseInviteTitle:    "Welcome to",
	PhraseInviteSubtitle: "Live chat support!",
	PhraseInviteMessage:  DefaultMessage,
	PhraseInviteStart:    "Chat Now",
	PhraseInviteLabel:    "Chat invitation",

	PhraseLauncher:      "Let's Chat",
	PhraseUnread:        "unread",
	PhraseInvited:       "Thanks for accepting our invitation.",
	PhraseNoService:     NoServiceNotice,
	PhraseChatFailed:    ChatFailedNotice,
	PhraseAwayTitle:     "We're away right now",
	PhraseAwayMessage:   DefaultOutOfHoursMessage,
	PhrasePrechatTitle:  "Before we start",
	PhraseRequiredHint:  "Fields marked * are required.",
	PhraseStartChat:     "Start chat",
	PhraseChoose:        "Choose…",
	PhraseFieldRequired: "{name} is required.",
	PhraseTickBox:       "Please tick this box to continue.",
	PhraseTooLongAnswer: "Please keep this under {n} characters.",
	PhraseBadEmail:      "Please enter an email address like name@example.com.",
	PhraseBadPhone:      "Please enter a phone number using digits, spaces and + - ( ).",
	PhraseBadOption:     "Please choose one of the options.",
	PhraseOfflineTitle:  "Leave us a message",
	PhraseOfflineIntro:  "No agent is available right now. Leave a message and we'll reply by email.",
	PhraseOfflineName:   "Your name",
	PhraseOfflineEmail:  "Email",
	PhraseOfflineText:   "Message",
	PhraseOfflineSend:   "Send message",
	PhraseOfflineThanks: "Thanks! We'll reply to {name}.",
	PhraseOfflineFailed: "Your message could not be sent. Please try again later.",
	PhraseOfflineRate:   "Too many messages were sent from your network. Please try again in an hour.",
	PhraseOfflineLeft:   "Thanks! Your message reached us.",
	PhraseLooking:       "Looking for an available agent…",
	PhraseRateQuestion:  "How was this chat?",
	PhraseRateGood:      "Good",
	PhraseRateBad:       "Not good",
	PhraseRateComment:   "Anything to add? (optional)",
	PhraseRateSend:      "Send feedback",
	PhraseRateChoose:    "Choose Good or Not good first.",
	PhraseRateThanks:    "Thanks for your feedback.",
	PhraseRateFailed:    "Your feedback could not be sent. Please try again later.",
	PhraseDownload:      "Download the transcript",
	PhraseTranscript:    "Chat transcript",

	PhraseMessageLabel: "Type your message",
	PhraseSend:         "Send",
	PhraseSending:      "Sending…",
	PhraseNotDelivered: "Not delivered",
	PhraseTooLong:      "The message is {n} characters too long: the limit is {max}.",
	PhraseNotSent:      "The message could not be sent.",
	PhraseQueue:        "You're number {n} in the queue. An agent will be with you shortly.",
	PhraseQueueWait:    "You're number {n} in the queue. The expected wait is about {time}.",
	PhraseJoined:       "{name} joined the chat.",
	PhraseJoinedAnon:   "An agent joined the chat.",
	PhraseOffline:      "Can't reach the chat service. Reconnecting…",
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

	PhraseAttach:        "Attach a file",
	PhraseFileSending:   "Sending {name}",
	PhraseFileTooBig:    "{name} is too big: files can be up to {max}.",
	PhraseFileType:      "{name} can't be sent: you can send {types} files.",
	PhraseFilesFull:     "This chat can't take more files.",
	PhraseFileFailed:    "{name} could not be sent. Please try again.",
	PhraseFileCancel:    "Cancel sending {name}",
	PhraseFileCancelled: "{name} was not sent: you cancelled it.",
	PhraseFileDownload:  "Download {name}",
}
