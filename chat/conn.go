package chat

import "time"

// Reconnection delays: the n-th retry in a row waits between half and all
// of min(BackoffBase·2ⁿ, BackoffCap), the jitter spreading reconnecting
// visitors after a server restart.
const (
	BackoffBase = time.Second
	BackoffCap  = 30 * time.Second
)

// conn is the state of the connection.
type conn struct {
	sock    bool // a connection is open or opening
	ready   bool // started or resumed on this connection: messages may flow
	state   Link
	attempt int // failed connections in a row
	retryAt time.Time
}

// Backoff is the delay before retry number attempt (0 is the first), given
// a jitter fraction in [0, 1).
func Backoff(attempt int, fraction float64) time.Duration {
	d := BackoffCap
	if attempt < 16 && BackoffBase<<attempt < BackoffCap {
		d = BackoffBase << attempt
	}
	return d/2 + time.Duration(fraction*float64(d/2))
}

// Link is the state of the connection.
func (c *Client) Link() Link { return c.conn.state }

// connect opens the connection.
func (c *Client) connect() {
	c.sock, c.ready, c.retryAt = true, false, time.Time{}
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
		c.send(map[string]any{"type": "resume", "conversation": c.conv, "token": c.token, "after": float64(c.lastSeq)})
	case c.start != nil:
		c.send(c.start)
	}
}

// Closed is the owner reporting the connection closed with the WebSocket
// close code and reason. 4401 (the auth token is invalid: lcw:error code
// 4) and 4403 (origin not allowed) end the chat; anything else is a drop,
// retried after [Backoff].
func (c *Client) Closed(code int, reason string) {
	if !c.sock {
		return
	}
	c.sock, c.ready = false, false
	switch {
	case code == CloseAuthFailed && c.conv != "":
		c.ending = false // the conversation's own token: it is gone
		c.d.Log.Warn("lcwasm: chat: the chat service refused the stored conversation: " + reason)
		c.finish("expired")
	case code == CloseAuthFailed:
		c.ending = false
		c.refuse(CodeInvalidToken, "chat: the chat service refused the auth token: "+reason)
	case code == CloseForbidden:
		c.ending = false
		c.d.Log.Error("lcwasm: chat: the chat service does not allow this page's origin: " + reason)
		c.finish("refused")
	default:
		c.d.Log.Debug("lcwasm: chat: connection closed (" + itoa(code) + " " + reason + ")")
		c.dropped()
	}
}

// dropped schedules a reconnection, when there is still work for one.
func (c *Client) dropped() {
	c.sock, c.ready = false, false
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
	c.ready, c.attempt = true, 0
	c.show(Online)
	if c.flush() && c.ending {
		c.send(map[string]any{"type": "end"})
	}
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
	c.sock, c.ready, c.retryAt = false, false, time.Time{}
}

// Deadline is the next moment Tick has work: a reconnection or the end
// of the wait for the auth token.
func (c *Client) Deadline() (time.Time, bool) {
	t := c.retryAt
	if t.IsZero() || !c.authBy.IsZero() && c.authBy.Before(t) {
		t = c.authBy
	}
	return t, !t.IsZero()
}

func (c *Client) arm() {
	t, _ := c.Deadline()
	c.d.Timer.WakeAt(t)
}

// Tick lets time pass: a due reconnection starts, an auth token that did
// not come in time is lcw:error code 3.
func (c *Client) Tick() {
	now := c.d.Clock.Now()
	if !c.authBy.IsZero() && !now.Before(c.authBy) && c.phase == Authorizing {
		c.refuse(CodeNoToken, "chat: the auth token provider gave no token within "+AuthTimeout.String())
		return
	}
	if !c.retryAt.IsZero() && !now.Before(c.retryAt) {
		c.connect()
	}
	c.arm()
}
