package popout

import (
	"errors"

	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/jstree"
)

// The messages' kinds, the value of their "lcwasm" key.
const (
	Hello      = "popout-hello"
	Attrs      = "popout-attrs"
	Auth       = "popout-auth"
	Token      = "popout-token"
	ChatClosed = "popout-chat-closed" // the visitor closed the chat in the pop-out
	ClosedNote = "lcwasm:popout-closed"
)

// While a pop-out chats, the opener looks every Check whether its window
// was closed (the closing note a window posts as it goes may never arrive).
// A pop-out that said it closed but is still open was reloaded or went
// elsewhere: unless it says hello again within Gone, the opener takes the
// chat back.
const (
	Check = 500 * instant.Millisecond
	Gone  = 10 * instant.Second
)

// Window is the pop-out window as the page that opened it sees it.
type Window interface {
	// Closed reports whether the window is closed.
	Closed() bool
	// Post posts msg to the window, for its own origin only (a window
	// that has since gone elsewhere gets nothing).
	Post(msg map[string]any)
}

// Source is the invitation a pop-out answers; Kind "" for none. Message
// is its text as the visitor saw it: the pop-out's chat shows it as its
// first line.
type Source struct{ Kind, RuleID, Variant, Message string }

// Opener is the opening page's side of the hand-shake, for one pop-out at
// a time. Its zero value with the fields set is ready; Open starts it.
type Opener struct {
	// Attrs are the widget's data-* attributes to carry over.
	Attrs map[string]string
	// Page is what the pop-out's chat starts with in this page's name,
	// given startChat's customContext for it (nil for none); nil sends none.
	Page func(custom map[string]any) map[string]any
	// Token calls this page's auth token provider for the pop-out's chat:
	// reply gets the token, or the error of a provider that failed.
	// Nil: the pop-out's requests go unanswered.
	Token func(reply func(token any, err error))
	// Closed is called when the pop-out window is gone.
	Closed func()
	// ChatClosed is called when the visitor closed the chat in the
	// pop-out, so that this page hears lcw:closeChat too.
	ChatClosed func()

	win    Window
	src    Source
	custom map[string]any
	look   instant.Time // the next look at the window; zero when none
	gone   instant.Time // zero, or when a pop-out that said it closed counts as gone
}

// Open starts serving win, just opened for a chat answering src with
// startChat's customContext custom (nil for none). It replaces the pop-out
// served before, if any.
func (o *Opener) Open(win Window, src Source, custom map[string]any, now instant.Time) {
	o.win, o.src, o.custom = win, src, custom
	o.gone = 0
	o.look = now.Add(Check)
}

// Serving reports whether a pop-out is being served.
func (o *Opener) Serving() bool { return o.win != nil }

// Message is a message from the pop-out window being served: kind is the
// value of its "lcwasm" key. The bridge passes only messages whose source
// is that window. A hello gets the attributes, a request for the token the
// page's token (later, when the provider calls back), a chat closed there
// calls ChatClosed, a closing note starts the Gone wait; anything else is
// ignored.
func (o *Opener) Message(kind string, now instant.Time) {
	if o.win == nil {
		return
	}
	switch kind {
	case Hello:
		o.gone = 0
		o.win.Post(o.answer())
	case Auth:
		if o.Token != nil {
			win := o.win
			o.Token(func(token any, err error) { win.Post(TokenAnswer(token, err)) })
		}
	case ChatClosed:
		if o.ChatClosed != nil {
			o.ChatClosed()
		}
	case ClosedNote:
		o.gone = now.Add(Gone)
		o.Tick(now)
	}
}

// answer is the reply to a hello: the attributes, the invitation's source
// if any, and the page's context if any.
func (o *Opener) answer() map[string]any {
	attrs := map[string]any{}
	for k, v := range o.Attrs {
		attrs[k] = v
	}
	msg := map[string]any{"lcwasm": Attrs, "attrs": attrs}
	if o.src.Kind != "" {
		src := map[string]any{"kind": o.src.Kind, "ruleId": o.src.RuleID}
		if o.src.Variant != "" {
			src["variant"] = o.src.Variant
		}
		if o.src.Message != "" {
			src["message"] = o.src.Message
		}
		msg["source"] = src
	}
	if o.Page != nil {
		msg["page"] = o.Page(o.custom)
	}
	return msg
}

// Deadline is when Tick must run next; zero when nothing is pending.
func (o *Opener) Deadline() instant.Time { return o.look }

// Tick looks at the window: once it is closed, or once it said it closed
// and has not said hello again within Gone, the pop-out is gone (Closed is
// called and nothing more is served); until then it looks again Check
// later.
func (o *Opener) Tick(now instant.Time) {
	if o.win == nil || o.look.IsZero() {
		return
	}
	if !o.win.Closed() && (o.gone.IsZero() || now.Before(o.gone)) {
		o.look = now.Add(Check)
		return
	}
	o.win, o.look, o.gone, o.custom = nil, 0, 0, nil
	if o.Closed != nil {
		o.Closed()
	}
}

// Refused says why popout.html, served from popoutOrigin, must not chat
// for a page on pageOrigin with its chat server on chatOrigin, or "". The
// pop-out shows its own origin's address, so it chats only for a page of
// that origin or with a chat server of that origin: another site opening
// it cannot put its own chat server behind that address. An empty origin
// (not a URL) matches nothing.
func Refused(popoutOrigin, pageOrigin, chatOrigin string) string {
	if popoutOrigin != "" && (pageOrigin == popoutOrigin || chatOrigin == popoutOrigin) {
		return ""
	}
	return "popout.html on " + popoutOrigin + " chats only for pages of its own origin or with a chat server there, and this page is on " +
		pageOrigin + " with its chat server on " + chatOrigin
}

// TokenAnswer is the opener's answer to a request for the token: a string,
// number, boolean or null as it is (the pop-out's chat judges it as the
// page's own would), nothing for undefined, the type's name for anything
// else (which cannot be posted), or the provider's failure.
func TokenAnswer(token any, err error) map[string]any {
	msg := map[string]any{"lcwasm": Token}
	if err != nil {
		msg["failure"] = err.Error()
		return msg
	}
	switch t := token.(type) {
	case string, float64, bool, nil:
		msg["token"] = t
	case jstree.Undefined:
	default:
		msg["invalid"] = jstree.TypeName(t)
	}
	return msg
}

// ReadToken reads an answer to a request for the token, as TokenAnswer
// made it: ok is false for any other message (then err is nil). The token is what the
// page's provider gave (jstree.Undefined for nothing, jstree.Opaque for
// what could not be posted); err is the provider's failure.
func ReadToken(m map[string]any) (token any, ok bool, err error) {
	if m["lcwasm"] != Token {
		return nil, false, nil
	}
	if f, isString := m["failure"].(string); isString {
		return nil, true, errors.New(f)
	}
	if name, isString := m["invalid"].(string); isString {
		return jstree.Opaque{Type: name}, true, nil
	}
	token, given := m["token"]
	if !given {
		return jstree.Undefined{}, true, nil
	}
	return token, true, nil
}
