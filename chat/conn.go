package chat

import (
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// Reconnection delays: the n-th retry in a row waits between half and all
// of min(BackoffBase·2ⁿ, BackoffCap), the jitter spreading reconnecting
// visitors after a server restart.
const (
	BackoffBase = instant.Second
	BackoffCap  = 30 * instant.Second
)

// ConnectTimeout is how long a first connection may take to open and
// catch up (started or resumed) before the client gives up on it and
// retries: a service that accepts connections but never answers is a
// drop, not an endless "connecting". The second attempt in a row gets
// twice as long, later ones four times, so a merely slow service gets in.
const ConnectTimeout = 15 * instant.Second

// AckTimeout is how long a message sent on a connection in sync may wait
// for its acknowledgement (counted from the last acknowledgement while
// several wait) before the client takes the connection for dead (a
// half-open TCP connection says nothing) and reconnects; the message is
// sent again, and the service ignores a repeat.
const AckTimeout = 20 * instant.Second

// conn is the state of the connection.
type conn struct {
	sock    bool // a connection is open or opening
	ready   bool // started or resumed on this connection: messages may flow
	state   Link
	attempt int // failed connections in a row
	retryAt instant.Time
	syncBy  instant.Time // the connection must be in sync by then
	ackBy   instant.Time // a sent message must be acknowledged by then
}

// connectTimeout is the wait for sync on the connection after attempt
// failures in a row.
func connectTimeout(attempt int) instant.Duration {
	return ConnectTimeout << min(attempt, 2)
}

// Backoff is the delay before retry number attempt (0 is the first), given
// a jitter fraction in [0, 1).
func Backoff(attempt int, fraction float64) instant.Duration {
	d := BackoffCap
	if attempt < 16 && BackoffBase<<attempt < BackoffCap {
		d = BackoffBase << attempt
	}
	return d/2 + instant.Duration(fraction*float64(d/2))
}

// Link is the state of the connection.
func (c *Client) Link() Link { return c.conn.state }

// connect opens the connection.
func (c *Client) connect() {
	c.sock, c.ready, c.retryAt = true, false, 0
	c.syncBy = c.d.Clock.Now().Add(connectTimeout(c.attempt))
	c.show(Connecting)
	c.arm()
	c.d.Socket.Open(c.cfg.URL)
}

// show records the link and shows it, unless the chat is over: an ended
// pane does not mention the end frame still on its way.
func (c *Client) show(l Link) {
	c.conn.state = l
	if c.phase != Ended {
		c.d.View.Connection(l, c.retryAt)
	}
}

// Opened is the owner reporting the connection open: the client starts or
// resumes the conversation on it.
func (c *Client) Opened() {
	if !c.sock {
		return
	}
	switch {
	case c.conv != "":
		c.send(map[string]any{"type": wire.Resume, "conversation": c.conv, "token": c.token, "after": float64(c.lastSeq)})
	case c.start != nil:
		c.send(c.start)
	}
}

// Closed is the owner reporting the connection closed with the WebSocket
// close code and reason. 4401 (the auth token is invalid: lcw:error code
// 4), 4403 (origin not allowed: lcw:error code 10) and 1009 (a frame too big, which the limits
// of the start frame and of a message keep from happening) end the chat;
// 4429 (too many chats started from this address) ends a start as "busy";
// 4430 (too many connections to the conversation) makes this tab stand
// aside without retrying ("crowded"); anything else, 1012 (service
// restart) among them, is a drop, retried after [Backoff].
func (c *Client) Closed(code int, reason string) {
	if !c.sock {
		return
	}
	wasReady := c.ready
	c.sock, c.ready = false, false
	switch {
	case code == CloseAuthFailed && c.conv != "":
		c.ending = false // the conversation's own token: it is gone
		c.d.Log.Warn("lcwasm: chat: the chat service refused the stored conversation: " + reason)
		c.finish("expired")
	case code == CloseAuthFailed:
		c.ending = false
		c.turnedAway(CodeInvalidToken, "chat: the chat service refused the auth token: "+reason)
	case code == CloseForbidden:
		c.ending = false
		c.turnedAway(CodeOriginRefused, c.originRefused(reason))
	case code == CloseTooBig:
		c.ending = false
		c.d.Log.Error("lcwasm: chat: the chat service refused a frame as too big (1009 " + reason +
			"); sending it again would fail again, so the chat ends")
		c.finish("refused")
	case code == wire.CloseTooManyStarts:
		c.ending = false
		c.d.Log.Warn("lcwasm: chat: the chat service refused another chat from this address for now (4429 " + reason + ")")
		c.finish("busy")
	case code == wire.CloseTooManyConnections:
		c.d.Log.Warn("lcwasm: chat: the conversation is open in as many tabs as the chat service allows (4430 " + reason + "); this one stands aside")
		c.standAside()
	default:
		c.d.Log.Debug("lcwasm: chat: connection closed (" + itoa(code) + " " + reason + ")")
		why := "code " + itoa(code)
		if reason != "" {
			why += ": " + reason
		}
		c.unreachable(wasReady, why)
		c.dropped()
	}
}

// originRefused says which widget the service refused on which origin,
// and the setting that lets it in.
func (c *Client) originRefused(reason string) string {
	page := c.cfg.PageOrigin
	if page == "" {
		page = "this page's origin"
	}
	return "chat: the chat service at " + c.cfg.URL + " refused widget \"" + c.cfg.AppID + "\" on " + page +
		" (" + reason + "): add \"" + page + "\" to the widget's \"allowedOrigins\" in its configuration" +
		" (lcwserver: -allow-origin " + page + ")"
}

// unreachable says on the console, once an outage, that the chat service
// cannot be reached and that nothing typed is lost.
func (c *Client) unreachable(wasReady bool, why string) {
	if c.attempt > 0 || c.phase == Ended && !c.ending {
		return
	}
	what := "cannot reach the chat service at " + c.cfg.URL
	if wasReady {
		what = "lost the connection to the chat service"
	}
	c.d.Log.Warn("lcwasm: chat: " + what + " (" + why + "); retrying, and messages typed meanwhile are kept and sent once it answers")
}

// dropped schedules a reconnection, when there is still work for one.
func (c *Client) dropped() {
	c.sock, c.ready, c.syncBy, c.ackBy = false, false, 0, 0
	if c.phase == Ended && !c.ending || c.phase == Idle || c.phase == Authorizing {
		return
	}
	c.retryAt = c.d.Clock.Now().Add(Backoff(c.attempt, c.d.Random.Fraction()))
	c.attempt++
	c.show(Offline)
	c.arm()
}

// Retry reconnects now if the client is waiting to: call it when the
// browser says it is online again.
func (c *Client) Retry() {
	if !c.retryAt.IsZero() {
		c.connect()
	}
}

// synced is the conversation caught up on this connection: messages flow.
func (c *Client) synced() {
	c.ready, c.attempt, c.syncBy = true, 0, 0
	c.show(Online)
	if c.flush() && c.ending {
		c.send(map[string]any{"type": wire.End})
	}
	c.awaitAcks()
}

// send writes frame; a socket that refuses it is closed and retried.
func (c *Client) send(frame map[string]any) bool {
	if err := c.d.Socket.Send(frame); err != nil {
		c.d.Log.Debug("lcwasm: chat: send failed: " + err.Error())
		c.d.Socket.Close()
		c.dropped()
		return false
	}
	return true
}

// hangUp closes the connection for good.
func (c *Client) hangUp() {
	if c.sock {
		c.d.Socket.Close()
	}
	c.sock, c.ready, c.retryAt, c.syncBy, c.ackBy = false, false, 0, 0, 0
}

// awaitAcks sets the time by which the next acknowledgement must come:
// from now while messages sent on this connection wait, none otherwise.
func (c *Client) awaitAcks() {
	c.ackBy = 0
	if c.ready && len(c.outbox) > 0 {
		c.ackBy = c.d.Clock.Now().Add(AckTimeout)
	}
	c.arm()
}

// Deadline is the next moment Tick has work: a reconnection, or the end
// of the wait for the auth token, for a connection to get in sync or for
// an acknowledgement.
func (c *Client) Deadline() (instant.Time, bool) {
	var t instant.Time
	for _, d := range []instant.Time{c.retryAt, c.authBy, c.syncBy, c.ackBy, c.typingUntil} {
		if !d.IsZero() && (t.IsZero() || d.Before(t)) {
			t = d
		}
	}
	return t, !t.IsZero()
}

func (c *Client) arm() {
	t, _ := c.Deadline()
	c.d.Timer.WakeAt(t)
}

// Tick lets time pass: a due reconnection starts; an auth token provider
// that did not call back in time is lcw:error code 2, and the chat ends.
func (c *Client) Tick() {
	now := c.d.Clock.Now()
	if !c.authBy.IsZero() && !now.Before(c.authBy) && c.phase == Authorizing {
		c.refuse(CodeAuthProvider, "chat: the auth token provider did not call back within "+c.authTimeout().String()+"; no chat")
		return
	}
	if c.sock && !c.ready && !c.syncBy.IsZero() && !now.Before(c.syncBy) {
		c.unreachable(false, "no answer within "+connectTimeout(c.attempt).String())
		c.d.Socket.Close()
		c.dropped()
	}
	if c.sock && c.ready && !c.ackBy.IsZero() && !now.Before(c.ackBy) {
		c.unreachable(true, "no acknowledgement within "+AckTimeout.String())
		c.d.Socket.Close()
		c.dropped()
	}
	if !c.retryAt.IsZero() && !now.Before(c.retryAt) {
		c.connect()
	}
	if !c.typingUntil.IsZero() && !now.Before(c.typingUntil) {
		c.stopTyping()
	}
	c.arm()
}
