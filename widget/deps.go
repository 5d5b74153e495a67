package widget

import (
	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// Clock tells the time. The browser bridge uses the wall clock; tests use
// one they move by hand.
type Clock interface{ Now() instant.Time }

// Timer arms the widget's one wake-up. WakeAt replaces any earlier request;
// the zero time cancels it. When the moment comes the owner calls Tick. A
// throttled background timer only delays the wake-up: Tick compares
// deadlines with the clock, so nothing lives longer than it should.
type Timer interface{ WakeAt(t instant.Time) }

// Events dispatches the page's lcw:* events: the chat client's, which the
// widget shares with it.
type Events = chat.Events

// Logger writes to the page's console: the chat client's. Debug lines are
// for data-lcw-version="test" and may be dropped.
type Logger = chat.Logger

// Opener opens the chat in a pop-out window: the chat there answers inv
// (the zero Invitation for a chat the visitor started) and carries custom,
// startChat's customContext (nil for none: the page's context provider
// then gives the variables). It reports false when it did not open one
// (the browser blocked it, or the pop-out would not chat for this page),
// having said why on the console.
type Opener interface {
	OpenChat(inv Invitation, custom map[string]any) bool
}

// LeaveGuard has the browser ask the visitor before they leave the page
// (its "Leave site?" question, from a beforeunload listener). The widget
// turns it on when a file starts uploading and off when the last one has
// ended, however it ended: a page that asks is not kept in the
// back/forward cache, so it asks only while something would be lost.
type LeaveGuard interface{ AskBeforeLeaving(on bool) }

// View is what the visitor sees. DOMView is the real one.
type View interface {
	Launcher(visible bool)
	ShowInvitation(inv Invitation, t Texts)
	HideInvitation()
	Announce(text string)
	ShowPrechat(fields []Field)
	PrechatProblems(problems map[string]string)
	ShowChat(pane ChatPane)
	ShowOutOfHours(message string)
	// ShowOffline shows the leave-a-message form: no agent is there.
	ShowOffline(fields []Field)
	// OfflineSent says the left message went (thanks) or why not
	// (problem); the form goes once it went.
	OfflineSent(thanks, problem string)
	// Rated says the post-chat rating went (thanks: the form goes) or why
	// not (problem: it stays).
	Rated(thanks, problem string)
	// Looking says, in the chat pane, that the widget is asking whether
	// an agent is there.
	Looking()
	ClosePane()
	// FocusLauncher moves focus to the chat button.
	FocusLauncher()
	// ReturnFocus gives focus back to the page element that had it when
	// the visitor opened the pane, or, when there is none, to the chat
	// button.
	ReturnFocus()
	// Minimized folds the open chat pane away (the launcher stands for it)
	// or brings it back.
	Minimized(on bool)
	// MinimizedQuietly folds the pane away as a page loads: no focus moves.
	MinimizedQuietly()
	// ConfirmClose asks whether to end the running chat, or (false) takes
	// the question down with focus back on the close button.
	ConfirmClose(on bool)
}

// ChatPane describes the chat pane to show.
type ChatPane struct {
	Proactive bool // the chat came from an accepted invitation
	// Invitation is the accepted invitation's message, shown as the
	// first line of the conversation ("" for none).
	Invitation string
	Live       bool   // connected to a chat service: transcript and send box
	Notice     string // a plain statement shown above the transcript
	CloseText  string // data-custom-close-button-text, or ""
	Minimize   bool   // offer a minimize button
	Bare       bool   // data-render-mobile: no header buttons
	Resumed    bool   // a chat a previous page left running: focus stays with the page
	// Attachments is what the visitor may attach (the composer's attach
	// button, when they may attach anything).
	Attachments Attachments
}

// Conversation is the connection to the chat service (package chat's
// Client, adapted by the runtime). It is nil when the widget has none.
type Conversation interface {
	// Start starts a conversation; the error says why it could not.
	Start(s ChatStart) error
	// Send sends the visitor's text; the error says why it was not sent.
	Send(text string) error
	// Close ends the conversation (lcw:closeChat comes from it).
	Close()
	// SetMinimized tells it whether the pane is folded away, for the
	// unread count; it remembers it for the next page.
	SetMinimized(on bool)
	// Running reports whether the conversation is going on (not ended).
	Running() bool
	// Typing says the visitor is typing (the conversation throttles it).
	Typing()
	// Attach uploads f to the conversation, reporting the bytes sent to
	// progress and the outcome to done ("" the file is a message of the
	// conversation now, else the service's refusal code, AttachFailed or,
	// once cancel was called, AttachCancelled). cancel stops the upload;
	// after done it does nothing.
	Attach(f File, progress func(sent, total int64), done func(code string)) (cancel func())
	// Fetch fetches attachment a with the conversation's token and gives
	// then a URL the page can show it by ("" on failure).
	Fetch(a chat.Attachment, then func(url string))
	// Save fetches attachment a and hands it to the visitor as a download.
	Save(a chat.Attachment)
}

// ChatStart is what the widget knows when a chat starts.
type ChatStart struct {
	Proactive  bool
	Invitation string // the accepted invitation's message, "" for none
	Source     string // "startProactiveChat", "rule", "launcher" or "startChat"
	RuleID     string
	Variant    string // the rule's invitation variant, for the funnel's server-side counts
	Prechat    map[string]string
	Custom     map[string]any // startChat's customContext, nil for none
}

// Deps are the widget's connections to the outside.
type Deps struct {
	Clock  Clock
	Timer  Timer
	View   View
	Events Events
	Log    Logger
	Opener Opener
	Zones  Zones
	Chat   Conversation // nil: no chat service
	// Invitations hears the outcomes first; nil: nobody.
	Invitations Invitations
	// Leave asks before the page goes while files upload; nil: never.
	Leave LeaveGuard
}
