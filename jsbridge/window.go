//go:build js && wasm

package jsbridge

import (
	"errors"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/popout"
	"github.com/lcwasm/lcwasm/widget"
)

// Opener is widget.Opener over window.open: the chat continues in
// popout.html next to lcw.js. The pop-out's URL carries nothing but a flag:
// its loader asks this page for the widget's attributes (and the source of
// the invitation it answers). What is answered, to whom and for how long is
// package popout's state machine; Opener opens the window, posts, listens
// and keeps its timer.
type Opener struct {
	Base   string            // the folder lcw.js came from
	Attrs  map[string]string // the data-* attributes to carry over
	Closed func()            // called when the pop-out window is gone
	// Page is what the pop-out's chat starts with in this page's name
	// (the "page" of the answer, see OpenerPage), given startChat's
	// customContext for it (nil for none); nil sends none.
	Page func(custom map[string]any) map[string]any
	// Token calls this page's auth token provider for the pop-out's chat:
	// reply gets what the provider called back with, or the error of a
	// provider that threw. Nil: the pop-out's requests go unanswered.
	Token func(reply func(token any, err error))
	// ChatClosed is called when the visitor closed the chat in the
	// pop-out (its lcw:closeChat).
	ChatClosed func()
	m          *popout.Opener
	win        safejs.Value
	off        func()
	timer      *Timer
}

// OpenChat opens the pop-out; false (with a console warning saying why)
// when the pop-out would refuse this page or the browser blocked it.
func (o *Opener) OpenChat(inv widget.Invitation, custom map[string]any) bool {
	here := origin(o.Base)
	org := here
	if u := o.Attrs["data-org-url"]; u != "" {
		org = origin(u)
	}
	if why := popout.Refused(here, str(get(global, "location", "origin")), org); why != "" {
		Console{}.Warn("lcwasm: the chat opens in this page, not in a new window: " + why +
			" (serve lcw.js from this site or from the chat server to chat in a new window)")
		return false
	}
	url := o.Base + "popout.html?data-lcw-popout=true"
	name := "lcw-chat-" + o.Attrs["data-app-id"]
	win, err := global.Call("open", url, name, "popup,width=420,height=640")
	if err != nil || win.IsNull() || win.IsUndefined() {
		Console{}.Warn("lcwasm: the browser blocked the chat window")
		return false
	}
	if o.m == nil {
		o.m = &popout.Opener{Attrs: o.Attrs, Page: o.Page, Token: o.Token, Closed: o.Closed, ChatClosed: o.ChatClosed}
		o.off = Listen(global, "message", o.message)
		o.timer = NewTimer(func() { o.m.Tick(Clock{}.Now()); o.arm() })
	}
	o.win = win
	o.m.Open(popupWindow{win: win, origin: here}, popout.Source{Kind: inv.Source.Kind, RuleID: inv.Source.RuleID, Variant: inv.Source.Variant, Message: inv.Message}, custom, Clock{}.Now())
	o.arm()
	return true
}

func (o *Opener) arm() { o.timer.WakeAt(o.m.Deadline()) }

// message hands the machine the messages of the window we opened.
func (o *Opener) message(ev safejs.Value) {
	if o.win.IsUndefined() || !get(ev, "source").Equal(o.win) {
		return
	}
	o.m.Message(str(get(ev, "data", "lcwasm")), Clock{}.Now())
	o.arm()
}

// popupWindow is popout.Window over the pop-out's window object.
type popupWindow struct {
	win    safejs.Value
	origin string // the pop-out's own origin, the only one it is posted to
}

func (p popupWindow) Closed() bool {
	closed, _ := get(p.win, "closed").Bool()
	return closed
}

func (p popupWindow) Post(msg map[string]any) {
	_, _ = p.win.Call("postMessage", object(msg), p.origin)
}

// origin is the origin of the absolute URL u, or "" when u is not one.
func origin(u string) string {
	v, err := newObject("URL", u)
	if err != nil {
		return ""
	}
	return str(get(v, "origin"))
}

// AskOpenerToken is the pop-out's auth token provider: it asks the page
// that opened it, on origin (where it answered the hello), for the page's
// token and calls done with the token (a string, or what else the page's
// provider gave, for the chat client to judge), or with the error of the
// page's provider. Only the opener's answer from that origin counts (an
// opener gone elsewhere is neither asked nor heard); a later request
// replaces an unanswered one. The error: this window has no opener, or the
// request could not be posted (then done is never called).
func AskOpenerToken(origin string, done func(token any, err error)) error {
	opener := get(global, "opener")
	if opener.IsNull() || opener.IsUndefined() {
		return errors.New("jsbridge: the page that opened this chat window is gone")
	}
	if tokenOff != nil {
		tokenOff()
	}
	var off func()
	off = Listen(global, "message", func(ev safejs.Value) {
		if !get(ev, "source").Equal(opener) || str(get(ev, "origin")) != origin {
			return
		}
		m, _ := ToGo(get(ev, "data")).(map[string]any)
		token, ok, err := popout.ReadToken(m)
		if !ok {
			return
		}
		off()
		done(token, err)
	})
	tokenOff = off
	if _, err := opener.Call("postMessage", map[string]any{"lcwasm": popout.Auth}, origin); err != nil {
		off()
		return errors.New("jsbridge: cannot ask the page that opened this chat window for its token: " + err.Error())
	}
	return nil
}

// TellOpenerChatClosed tells the page that opened this pop-out, if it is
// still on origin, that the visitor closed the chat here.
func TellOpenerChatClosed(origin string) {
	opener := get(global, "opener")
	if opener.IsNull() || opener.IsUndefined() {
		return
	}
	_, _ = opener.Call("postMessage", map[string]any{"lcwasm": popout.ChatClosed}, origin)
}

// tokenOff stops waiting for the opener's answer to the last token request.
var tokenOff func()

// NotifyOpenerOnClose makes this pop-out tell the page that opened it when
// it goes away.
func NotifyOpenerOnClose() {
	Listen(global, "pagehide", func(safejs.Value) {
		opener := get(global, "opener")
		if opener.IsNull() || opener.IsUndefined() {
			return
		}
		_, _ = opener.Call("postMessage", map[string]any{"lcwasm": popout.ClosedNote}, "*")
	})
}

// CloseWindow closes this window (a pop-out the widget opened).
func CloseWindow() { _, _ = global.Call("close") }
