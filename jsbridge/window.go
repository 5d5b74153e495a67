//go:build js && wasm

package jsbridge

import (
	"errors"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/widget"
)

// The messages between the pop-out and the page that opened it, as the
// value of their "lcwasm" key: the pop-out's loader says hello (asking for
// the widget's attributes), the opener answers with them and the page's
// context, the pop-out's chat asks for the page's auth token and the
// opener sends it, and the pop-out says it closed as it goes.
const (
	popoutHello  = "popout-hello"
	popoutAttrs  = "popout-attrs"
	popoutAuth   = "popout-auth"
	popoutToken  = "popout-token"
	popoutClosed = "lcwasm:popout-closed"
)

// Opener is widget.Opener over window.open: the chat continues in
// popout.html next to lcw.js. The pop-out's URL carries nothing but a flag:
// its loader asks this page for the widget's attributes (and the source of
// the invitation it answers), and Opener answers only the window it opened,
// so a crafted link to popout.html cannot point it at another chat server.
type Opener struct {
	Base   string            // the folder lcw.js came from
	Attrs  map[string]string // the data-* attributes to carry over
	Closed func()            // called when the pop-out window is gone
	// Page is what the pop-out's chat starts with in this page's name
	// (the "page" of the answer, see OpenerPage), given startChat's
	// customContext for it (nil for none); nil sends none.
	Page func(custom map[string]any) map[string]any
	// Token calls this page's auth token provider for the pop-out's chat:
	// reply gets what the provider called back with, or failure when it
	// threw. Nil: the pop-out's requests go unanswered.
	Token  func(reply func(token any, failure string))
	win    safejs.Value
	inv    widget.Source  // the invitation the pop-out answers, if any
	custom map[string]any // startChat's customContext for the pop-out's chat
	off    func()
	check  *Timer    // looks at the pop-out while the chat is there
	gone   time.Time // zero, or when a pop-out that said it closed counts as gone
}

// While a pop-out chats, the page looks every popoutCheck whether its
// window was closed (the closing note a window posts as it goes may never
// arrive). A pop-out that said it closed but is still open was reloaded or
// went elsewhere: unless it says hello again within popoutGone, the page
// takes the chat back.
const (
	popoutCheck = 500 * time.Millisecond
	popoutGone  = 10 * time.Second
)

// OpenChat opens the pop-out; false (with a console warning saying why)
// when the pop-out would refuse this page or the browser blocked it.
func (o *Opener) OpenChat(inv widget.Invitation, custom map[string]any) bool {
	if why := o.refused(); why != "" {
		Console{}.Warn(why)
		return false
	}
	url := o.Base + "popout.html?data-lcw-popout=true"
	name := "lcw-chat-" + o.Attrs["data-app-id"]
	win, err := global.Call("open", url, name, "popup,width=420,height=640")
	if err != nil || win.IsNull() || win.IsUndefined() {
		Console{}.Warn("lcwasm: the browser blocked the chat window")
		return false
	}
	o.win, o.inv, o.custom = win, inv.Source, custom
	if o.off == nil {
		o.off = Listen(global, "message", o.message)
	}
	if o.check == nil {
		o.check = NewTimer(o.look)
	}
	o.gone = time.Time{}
	o.check.WakeAt(time.Now().Add(popoutCheck))
	return true
}

// refused says why popout.html would not chat for this page, or "": the
// pop-out, which shows its own origin's address, chats only for a page of
// that origin or with a chat server of that origin (so that another site
// opening it cannot put its own chat server behind that address). The
// loader applies the same rule on its side.
func (o *Opener) refused() string {
	here := origin(o.Base)
	page := str(get(global, "location", "origin"))
	org := here
	if u := o.Attrs["data-org-url"]; u != "" {
		org = origin(u)
	}
	if page == here || org == here {
		return ""
	}
	return "lcwasm: the chat opens in this page, not in a new window: popout.html on " + here +
		" chats only for pages of its own origin or with a chat server there, and this page is on " + page +
		" with its chat server on " + org + " (serve lcw.js from this site or from the chat server to chat in a new window)"
}

// origin is the origin of the absolute URL u, or "" when u is not one.
func origin(u string) string {
	v, err := newObject("URL", u)
	if err != nil {
		return ""
	}
	return str(get(v, "origin"))
}

// message serves only the window we opened: its hello gets the widget's
// attributes and the page's context, its request the page's auth token,
// both sent to the pop-out's own origin (so a window that has since gone
// elsewhere gets nothing), and its closing note tells the widget.
func (o *Opener) message(ev safejs.Value) {
	source := get(ev, "source")
	if o.win.IsUndefined() || !source.Equal(o.win) {
		return
	}
	switch str(get(ev, "data", "lcwasm")) {
	case popoutHello:
		o.gone = time.Time{}
		o.answer(source)
	case popoutAuth:
		if o.Token != nil {
			o.Token(func(token any, failure string) { o.sendToken(source, token, failure) })
		}
	case popoutClosed:
		// A reload says it too, then hello again: the chat goes on there.
		o.gone = time.Now().Add(popoutGone)
		o.look()
	}
}

// look tells the widget the pop-out is gone once its window is closed, or
// once it said it closed and has not said hello again within popoutGone;
// until then it looks again every popoutCheck.
func (o *Opener) look() {
	closed, _ := get(o.win, "closed").Bool()
	if !closed && (o.gone.IsZero() || time.Now().Before(o.gone)) {
		o.check.WakeAt(time.Now().Add(popoutCheck))
		return
	}
	o.check.WakeAt(time.Time{})
	o.gone = time.Time{}
	if o.Closed != nil {
		o.Closed()
	}
}

// answer posts the attributes and the page's context to the pop-out.
func (o *Opener) answer(win safejs.Value) {
	attrs := map[string]any{}
	for k, v := range o.Attrs {
		attrs[k] = v
	}
	msg := map[string]any{"lcwasm": popoutAttrs, "attrs": attrs}
	if o.inv.Kind != "" {
		msg["source"] = map[string]any{"kind": o.inv.Kind, "ruleId": o.inv.RuleID}
	}
	if o.Page != nil {
		msg["page"] = o.Page(o.custom)
	}
	_, _ = win.Call("postMessage", object(msg), origin(o.Base))
}

// sendToken posts what the page's auth token provider gave to the
// pop-out: a string, number, boolean or null as it is (the pop-out's chat
// judges it as the page's own would), nothing for undefined, the type's
// name for anything else (which cannot be posted), or the failure.
func (o *Opener) sendToken(win safejs.Value, token any, failure string) {
	msg := map[string]any{"lcwasm": popoutToken}
	if failure != "" {
		msg["failure"] = failure
	} else {
		switch t := token.(type) {
		case string, float64, bool, nil:
			msg["token"] = t
		case widget.Undefined:
		default:
			msg["invalid"] = widget.TypeName(t)
		}
	}
	_, _ = win.Call("postMessage", object(msg), origin(o.Base))
}

// AskOpenerToken is the pop-out's auth token provider: it asks the page
// that opened it, on origin (where it answered the hello), for the page's
// token and calls done with the token (a string, or what else the page's
// provider gave, for the chat client to judge), or with an error when the
// page's provider failed. Only the opener's answer from that origin
// counts (an opener gone elsewhere is neither asked nor heard); a later
// request replaces an unanswered one. The error: this window has no
// opener, or the request could not be posted (then done is never called).
func AskOpenerToken(origin string, done func(token any)) error {
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
		m, ok := ToGo(get(ev, "data")).(map[string]any)
		if !ok || m["lcwasm"] != popoutToken {
			return
		}
		off()
		if f, ok := m["failure"].(string); ok {
			done(errors.New(f))
			return
		}
		if name, ok := m["invalid"].(string); ok {
			done(widget.Opaque{Type: name})
			return
		}
		token, ok := m["token"]
		if !ok {
			token = widget.Undefined{}
		}
		done(token)
	})
	tokenOff = off
	if _, err := opener.Call("postMessage", map[string]any{"lcwasm": popoutAuth}, origin); err != nil {
		off()
		return errors.New("jsbridge: cannot ask the page that opened this chat window for its token: " + err.Error())
	}
	return nil
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
		_, _ = opener.Call("postMessage", map[string]any{"lcwasm": popoutClosed}, "*")
	})
}

// CloseWindow closes this window (a pop-out the widget opened).
func CloseWindow() { _, _ = global.Call("close") }
