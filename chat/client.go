package chat

import (
	"errors"

	"github.com/lcwasm/lcwasm/internal/events"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/strconvlite"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// Phase is where the conversation stands.
type Phase int

const (
	Idle        Phase = iota // no chat
	Authorizing              // waiting for the page's auth token
	Starting                 // asking the service to start or resume the chat
	Queued                   // waiting for an agent
	Active                   // an agent has joined
	Ended                    // over; the pane still shows the transcript
)

var phaseNames = [...]string{"idle", "authorizing", "starting", "queued", "active", "ended"}

func (p Phase) String() string { return phaseNames[p] }

// The lcw:error codes the client raises (Microsoft's numbering).
const (
	CodeContextProvider = 1 // the context provider threw; the chat starts anyway
	CodeAuthProvider    = 2 // the auth token provider threw, or did not call back in time
	CodeNoToken         = 3 // no token (callback with nothing, null or "")
	CodeInvalidToken    = 4 // not a token (not a string), or the service refused it
	CodeAuthNotFound    = 8 // the auth function a data attribute names is missing
	// CodeOriginRefused (lcwasm's) is the chat service refusing the page's
	// origin (close code 4403): the widget's allowedOrigins lacks it.
	CodeOriginRefused = 10
	// CodeNoRandomness (lcwasm's): the browser gives no good randomness for
	// the visitor's and the chat's ids (crypto.getRandomValues throws or
	// leaves its buffer as it was), so no chat starts: ids anyone could
	// guess would merge visitors into one conversation.
	CodeNoRandomness = 11
)

// Close codes from the chat service that end a chat instead of retrying.
const (
	CloseAuthFailed = wire.CloseAuthFailed
	CloseForbidden  = wire.CloseOriginNotAllowed
	CloseTooBig     = wire.CloseTooBig // a frame over FrameLimit: resending it would be refused again
)

// AuthTimeout is how long the page has to hand over its auth token unless
// Config.AuthTimeout says otherwise.
const AuthTimeout = 10 * instant.Second

// ErrBusy is returned by Start while a chat runs.
var ErrBusy = errors.New("chat: a chat is already running")

// Client is the visitor's side of one conversation at a time. Call its
// methods from one goroutine (the browser's event loop).
type Client struct {
	cfg   Config
	d     Deps
	phase Phase
	gen   int // counts Starts, so a late auth callback of an older one is ignored

	start   map[string]any // the start frame, resent until "started"
	conv    string
	token   string
	lastSeq int
	authBy  instant.Time
	ending  bool // the visitor closed; the end frame is not delivered yet
	// closeTold: this chat's lcw:closeChat fired in this tab, or the chat
	// was ended by the visitor in another tab (which fired it there).
	closeTold bool
	retrieve  bool // resuming a stored chat: fire lcw:chatRetrieved
	position  int  // the queue position last told as a system message

	seenBefore int       // a restored chat's last seq seen by the page before
	restored   []Message // a restored chat's unacknowledged messages

	transcript
	conn
	minimized bool
	unread    int

	typedAt     instant.Time // the visitor's last typing frame
	typingUntil instant.Time // the agent shows as typing until then
}

// New returns an idle client.
func New(cfg Config, d Deps) *Client {
	c := &Client{cfg: cfg, d: d}
	c.transcript.init()
	return c
}

// Phase is where the conversation stands.
func (c *Client) Phase() Phase { return c.phase }

// Conversation is the running conversation's id, or "".
func (c *Client) Conversation() string { return c.conv }

// Credentials are the conversation's id and token, kept once it has
// ended (for its rating) until the next Start; "" before the service
// answered.
func (c *Client) Credentials() (conversation, token string) { return c.conv, c.token }

// Unread is the number of agent messages received while minimized.
func (c *Client) Unread() int { return c.unread }

// Start starts a chat: lcw:startChat fires, the context is assembled, the
// auth token (if any) is fetched, and the service is asked for a
// conversation. It fails, with the lcw:error code, when the page's
// authentication cannot work; a failing context provider does not stop it.
func (c *Client) Start(o Start) error {
	if c.phase != Idle && c.phase != Ended {
		return ErrBusy
	}
	c.reset()
	if o.AuthMissing != "" {
		c.closeTold = true // no lcw:startChat: no chat to close
		where := "this page"
		if o.ForOpener {
			where = "the page that opened this chat window"
		}
		return c.refuse(CodeAuthNotFound, "chat: the auth token provider \""+o.AuthMissing+"\" is not a function on "+where)
	}
	cid, err := c.d.Random.ID()
	visitor := ""
	if err == nil {
		visitor, err = c.visitor()
	}
	if err != nil {
		return c.refuse(CodeNoRandomness, "chat: no chat: this browser gives no good randomness for its ids ("+
			err.Error()+"), and ids anyone could guess would let another visitor into the conversation")
	}
	c.d.Events.Emit(events.StartChat, map[string]any{"proactive": o.Proactive, "source": o.Source, "ruleId": o.RuleID})
	c.start = map[string]any{
		"type": wire.Start, "cid": cid, "visitor": map[string]any{"id": visitor},
		"context": c.context(o), "authToken": "",
	}
	if o.Auth == nil {
		c.phase = Starting
		c.save()
		c.connect()
		return nil
	}
	return c.authorize(o.Auth)
}

// authorize asks the page for its token and starts once it comes.
func (c *Client) authorize(auth func(done func(token any, err error)) error) error {
	c.phase = Authorizing
	c.authBy = c.d.Clock.Now().Add(c.authTimeout())
	c.arm()
	gen := c.gen
	err := auth(func(token any, failed error) {
		if gen != c.gen {
			return // for a chat that is gone
		}
		if c.phase != Authorizing {
			c.d.Log.Warn("lcwasm: chat: the auth token provider called back again, or too late; this token is ignored")
			return
		}
		c.authBy = 0
		if failed != nil { // a provider out of reach failed (a pop-out's opener)
			c.refuse(CodeAuthProvider, "chat: the auth token provider failed: "+failed.Error())
			return
		}
		s, isString := token.(string)
		switch {
		case !isString && !missing(token):
			c.refuse(CodeInvalidToken, "chat: the auth token provider gave "+typeName(token)+", not a token string")
			return
		case s == "":
			c.refuse(CodeNoToken, "chat: the auth token provider gave no token (got "+quoteEmpty(token)+")")
			return
		case jsonLength(s) > MaxTokenBytes:
			c.refuse(CodeInvalidToken, "chat: the auth token is "+itoa(jsonLength(s))+" bytes long as JSON; the limit is "+itoa(MaxTokenBytes))
			return
		}
		c.start["authToken"] = s
		c.phase = Starting
		c.save()
		c.arm()
		c.connect()
	})
	if err != nil && c.phase == Authorizing {
		return c.refuse(CodeAuthProvider, "chat: the auth token provider failed: "+err.Error())
	}
	if c.phase == Ended {
		return errors.New("chat: no chat: the auth token provider gave no token")
	}
	return nil
}

// authTimeout is how long the page has to call back with its token.
func (c *Client) authTimeout() instant.Duration {
	if c.cfg.AuthTimeout > 0 {
		return c.cfg.AuthTimeout
	}
	return AuthTimeout
}

// quoteEmpty names a missing token: "" for the empty string, else its type.
func quoteEmpty(token any) string {
	if token == "" {
		return `""`
	}
	return typeName(token)
}

// reset forgets the previous chat.
func (c *Client) reset() {
	if c.sock {
		c.d.Socket.Close()
	}
	*c = Client{cfg: c.cfg, d: c.d, gen: c.gen + 1, minimized: c.minimized}
	c.transcript.init()
	c.arm()
}

// visitor is the visitor's id, made once and kept in the Store; an error
// when there is none and no good randomness to make one.
func (c *Client) visitor() (string, error) {
	key := c.cfg.Key + ":visitor"
	if id, ok := c.d.Store.Get(key); ok && id != "" {
		return id, nil
	}
	id, err := c.d.Random.ID()
	if err != nil {
		return "", err
	}
	c.d.Store.Set(key, id)
	return id, nil
}

// Close is the visitor ending the chat (closeChat, or the pane's X): the
// stored state is cleared at once and lcw:closeChat fires. The service
// gets the pending messages, then the end, after a reconnect if need be,
// unless the page goes away first; messages still pending when it
// confirms the end show as failed.
//
// lcw:closeChat fires once per chat, in the tab that closes it: also when
// the chat had already ended (the agent ended it, the service refused or
// expired it) and the visitor closes what is left; not again for a chat
// closed before, nor for one the visitor closed in another tab.
func (c *Client) Close() {
	if c.phase == Idle {
		return
	}
	if c.phase == Ended {
		c.tellClosed()
		return
	}
	if c.phase == Authorizing || (c.conv == "" && !c.sock) {
		c.start = nil
	} else {
		c.ending = true
	}
	c.finish("visitor")
	c.tellClosed()
	if c.ready {
		c.send(map[string]any{"type": wire.End})
	}
}

// tellClosed fires lcw:closeChat unless this chat's close was told.
func (c *Client) tellClosed() {
	if c.closeTold {
		return
	}
	c.closeTold = true
	c.d.Events.Emit(events.CloseChat, map[string]any{"by": "visitor"})
}

// finish ends the conversation locally: by is what View.Ended says.
func (c *Client) finish(by string) {
	c.phase = Ended
	c.authBy, c.typingUntil = 0, 0
	c.forget()
	if !c.ending {
		c.failPending()
		c.hangUp()
	}
	c.d.View.Ended(by)
	c.arm()
}

// refuse ends the chat because the page's authentication failed (the
// pane says the chat could not start), with lcw:error code.
func (c *Client) refuse(code int, description string) error {
	c.fail(code, description)
	c.finish("failed")
	return errors.New(description)
}

// turnedAway ends the chat because the service refused it, with
// lcw:error code.
func (c *Client) turnedAway(code int, description string) {
	c.fail(code, description)
	c.finish("refused")
}

// fail logs description and dispatches lcw:error.
func (c *Client) fail(code int, description string) {
	c.d.Log.Error("lcwasm: " + description)
	c.d.Events.Emit(events.Error, map[string]any{"errorCode": code, "errorDescription": description})
}

// SetMinimized records whether the pane is minimized; maximizing clears
// the unread count. It is kept in the Store (Config.Key+":minimized",
// with the unread count) while a conversation runs, so the next page
// shows it minimized too: see Minimized.
func (c *Client) SetMinimized(minimized bool) {
	c.minimized = minimized
	if !minimized && c.unread > 0 {
		c.unread = 0
		c.d.View.Unread(0)
	}
	c.saveMinimized()
}

// Minimized reports whether the pane is minimized: in this page, or, for
// the stored conversation Restore would resume, on the page that left it.
func (c *Client) Minimized() bool {
	if c.minimized {
		return true
	}
	_, ok := c.d.Store.Get(c.minimizedKey())
	return ok && c.phase == Idle
}

func (c *Client) minimizedKey() string { return c.cfg.Key + ":minimized" }

// saveMinimized stores the minimized state and the unread count. Before
// Restore (Idle) the stored state is the previous page's, and stays.
func (c *Client) saveMinimized() {
	if c.phase == Idle {
		return
	}
	if c.minimized && c.phase != Ended {
		c.d.Store.Set(c.minimizedKey(), itoa(c.unread))
		return
	}
	c.d.Store.Remove(c.minimizedKey())
}

// restoreMinimized takes up the minimized state and unread count a
// previous page stored.
func (c *Client) restoreMinimized() {
	raw, ok := c.d.Store.Get(c.minimizedKey())
	if !ok {
		return
	}
	c.minimized = true
	if n, ok := strconvlite.Atoi(raw); ok && n > 0 {
		c.unread = n
		c.d.View.Unread(n)
	}
}
