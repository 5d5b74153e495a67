package chat

import "github.com/lcwasm/lcwasm/internal/wire"

// refused handles an error frame. A start the service turns away for its
// authentication is lcw:error code 4 (auth_invalid: the token is bad) or
// 3 (auth_required: no token); the close code 4401 that follows finds the
// chat already over. A conversation the service does not
// know, or whose token does not match, ends as "expired"; one that ended
// meanwhile ("conflict") ends as if the agent ended it. A start or a
// message the service rejects as malformed fails instead of being resent
// forever; an internal error is a drop: reconnect, resend.
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
