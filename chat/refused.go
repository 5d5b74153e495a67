package chat

import "github.com/lcwasm/lcwasm/internal/wire"

// refused handles an error frame. A start the service turns away for its
// authentication is lcw:error code 4 (auth_invalid: the token is bad) or
// 3 (auth_required: no token); the close code 4401 that follows finds the
// chat already over. A conversation the service does not
// know, or whose token does not match, ends as "expired"; one that ended
// meanwhile ("conflict") ends as if the agent ended it. A start or a
// message the service rejects as malformed fails instead of being resent
// forever; an internal error is a drop: reconnect, resend. A service
// that cannot store ("unavailable") ends a start as "unavailable" and
// fails a message with UnavailableNotice beside it; too many starts from
// the visitor's address ("rate_limited") ends the start as "busy"; too
// many connections to the conversation ("too_many_connections") makes
// this tab stand aside (see [Client.Closed]).
func (c *Client) refused(f Frame) {
	msg := "lcwasm: chat: the chat service answered " + f.Code
	if f.Detail != "" {
		msg += ": " + f.Detail
	}
	switch {
	case f.Code == wire.ErrAuthInvalid:
		c.ending = false
		c.turnedAway(CodeInvalidToken, "chat: the chat service refused the auth token: "+f.Detail)
	case f.Code == wire.ErrAuthRequired:
		c.ending = false
		c.turnedAway(CodeNoToken, "chat: the chat service requires an auth token and the page gave none (setAuthTokenProvider or auth.function)")
	case f.Code == wire.ErrNotFound || f.Code == wire.ErrForbidden:
		c.d.Log.Warn(msg + "; the stored conversation is gone")
		c.ending = false
		c.finish("expired")
	case f.Code == wire.ErrConflict:
		c.ended("agent")
	case f.Code == wire.ErrUnavailable && (c.conv == "" || f.CID != "" && c.start != nil && f.CID == c.start["cid"]):
		c.d.Log.Warn(msg + "; no chat")
		c.ending = false
		c.finish("unavailable")
	case f.Code == wire.ErrUnavailable && f.CID != "":
		c.d.Log.Warn(msg + "; the message is not stored")
		c.failed(f.CID)
		c.d.View.Message(Message{CID: "unavailable-" + f.CID, From: wire.FromSystem, Text: UnavailableNotice,
			At: c.d.Clock.Now().UnixMilli(), State: Received}, "")
	case f.Code == wire.ErrRateLimited:
		c.d.Log.Warn(msg)
		c.ending = false
		c.finish("busy")
	case f.Code == wire.ErrTooManyConnections:
		c.d.Log.Warn(msg)
		c.standAside()
	case f.Code == wire.ErrInternal:
		c.d.Log.Warn(msg + "; retrying")
		c.d.Socket.Close()
		c.dropped()
	case f.CID != "" && c.start != nil && f.CID == c.start["cid"]:
		c.d.Log.Error(msg + "; no chat")
		c.ending = false
		c.finish("refused")
	case f.CID != "":
		c.d.Log.Error(msg)
		c.failed(f.CID)
	default:
		c.d.Log.Warn(msg)
	}
}

// failed marks the pending message cid as failed: it is not resent.
func (c *Client) failed(cid string) {
	i, ok := c.byKey[cid]
	if !ok || c.msgs[i].State != Pending {
		return
	}
	m := c.msgs[i]
	m.State = Failed
	c.put(m)
	c.outbox = without(c.outbox, cid)
	c.awaitAcks()
	c.save()
}

// without returns list without s (the first one).
func without(list []string, s string) []string {
	for i, x := range list {
		if x == s {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

// UnavailableNotice is the system line beside a message the chat service
// could not store (error "unavailable": its disk is full or its store
// refuses writes).
const UnavailableNotice = "The chat service can't store messages right now. Try again later."

// standAside stops this tab's connection to a conversation that has as
// many connections as the service allows (close 4430): the pane says so
// and the tab does not retry; the stored conversation stays, for a reload
// once other tabs are closed.
func (c *Client) standAside() {
	c.hangUp()
	c.phase = Ended
	c.d.View.Ended("crowded")
	c.arm()
}
