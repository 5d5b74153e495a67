package chat

import (
	"context"
	"errors"
	"github.com/lcwasm/lcwasm/internal/wire"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"github.com/lcwasm/lcwasm/server/store"
)

// ServeVisitor serves the visitor channel of the widget named by the
// request's {appId} path value.
func (h *Hub) ServeVisitor(w http.ResponseWriter, r *http.Request) {
	appID := r.PathValue("appId")
	widget, ok := h.o.Widget(appID)
	if !ok {
		http.Error(w, "server: unknown widget", http.StatusNotFound)
		return
	}
	if !h.enter() {
		http.Error(w, "server: shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.wg.Done()
	if !h.admit(w, r) {
		return
	}
	defer h.release(r)
	// The origin is checked after the upgrade so the browser sees close
	// code 4403 instead of an opaque failed handshake.
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		Subprotocols: []string{Subprotocol}, InsecureSkipVerify: true,
	})
	if err != nil {
		return // Accept has answered
	}
	ctx := r.Context()
	c := h.newConn(ws, visitorLimit)
	if !originAllowed(r, widget.AllowedOrigins) {
		c.close(StatusOriginNotAllowed, "origin not allowed")
		return
	}
	if ws.Subprotocol() != Subprotocol {
		c.close(websocket.StatusProtocolError, "subprotocol "+Subprotocol+" required")
		return
	}
	v := &visitorConn{h: h, c: c, appID: appID, widget: widget, addr: clientAddr(r)}
	defer v.leave()
	for {
		f, ok := c.read(ctx)
		if !ok {
			return
		}
		if !v.handle(ctx, f) {
			return
		}
	}
}

// visitorConn is one visitor connection, bound to at most one
// conversation.
type visitorConn struct {
	h      *Hub
	c      *conn
	appID  string
	widget Widget
	addr   string // the client's address, by which starts are counted
	conv   string // bound conversation, "" before start or resume
	// name is the visitor's name in conv (from its context, which does
	// not change once started): read with the conversation when bound,
	// not again for each message.
	name string
}

func (v *visitorConn) leave() {
	if v.conv != "" {
		v.h.leaveVisitor(v.conv, v.c)
	}
	v.c.close(websocket.StatusNormalClosure, "")
}

// handle processes one frame; false ends the connection.
func (v *visitorConn) handle(ctx context.Context, f in) bool {
	switch f.Type {
	case wire.Start:
		return v.start(ctx, f)
	case wire.Resume:
		return v.resume(ctx, f)
	case wire.Send:
		v.sendText(ctx, f)
	case wire.Typing:
		if v.conv != "" {
			if conv, err := v.h.o.Store.Get(ctx, v.conv); err == nil && conv.Agent != "" {
				v.h.toAgent(conv.Agent, map[string]string{"type": wire.Typing, "conversation": v.conv}, nil)
				v.h.publish(Event{Kind: EventTyping, Conversation: v.conv, By: wire.FromVisitor, Agent: conv.Agent})
			}
		}
	case wire.End:
		v.end(ctx)
	default:
		v.c.send(errFrame(wire.ErrBadRequest, "unknown frame type "+f.Type))
	}
	return true
}

func (v *visitorConn) tooMany() {
	v.c.send(errFrame(wire.ErrTooManyConnections, "this conversation has as many connections as it may"))
	v.c.close(StatusTooManyConnections, "too many connections to this conversation")
}

// StartRetryWindow is how long after a conversation began a start that
// repeats its visitor id and start cid without its token still gets it
// (with a new token, the old one revoked): the first reply was lost, and
// the client, which never had the token, starts again. Only while the
// conversation is queued and holds no message; after that, or with a
// wrong token, the start is refused (error "forbidden", close 4401). A
// repeat that carries the conversation's token ("token") gets it with
// that token, whatever its state.
const StartRetryWindow = time.Minute

func (v *visitorConn) start(ctx context.Context, f in) bool {
	if v.conv != "" {
		v.c.send(errFrame(wire.ErrBadRequest, "this connection already has a conversation"))
		return true
	}
	if msg := checkStart(f); msg != "" {
		v.c.send(errorFrame{Type: wire.Error, Code: wire.ErrBadRequest, Message: msg, CID: f.CID})
		return true
	}
	claims, code, msg := v.authenticate(f)
	if code != "" {
		v.c.send(errorFrame{Type: wire.Error, Code: code, Message: msg, CID: f.CID})
		v.c.close(StatusAuthFailed, msg)
		return false
	}
	context, msg := buildContext(f.Context, claims)
	if msg != "" {
		v.c.send(errorFrame{Type: wire.Error, Code: wire.ErrBadRequest, Message: msg, CID: f.CID})
		return true
	}
	now := v.h.o.Now()
	if prev, err := v.h.o.Store.Started(ctx, v.appID, f.Visitor.ID, f.CID); err == nil {
		return v.restart(ctx, f, prev, now)
	}
	if !v.h.starts.allow(v.addr, time.Now()) || !v.h.sharedStartAllowed(ctx, v.addr, now) {
		v.h.o.Observer.Refused(LimitStarts)
		v.c.send(errorFrame{Type: wire.Error, Code: wire.ErrRateLimited, Message: "too many chats started from this address; try again in a minute", CID: f.CID})
		v.c.close(StatusTooManyStarts, "too many chats started")
		return false
	}
	conv, token, existed, err := v.h.o.Store.Start(ctx, v.appID, f.Visitor.ID, f.CID, context, now)
	if err != nil {
		v.h.o.Logger.Error("chat: start", "err", err)
		v.c.send(errorFrame{Type: wire.Error, Code: v.h.storeError(err), CID: f.CID})
		return true
	}
	return v.started(ctx, f, conv, token, !existed)
}

// restart answers a start whose visitor id and cid began prev.
func (v *visitorConn) restart(ctx context.Context, f in, prev store.Conversation, now time.Time) bool {
	if f.Token != "" {
		if _, err := v.h.o.Store.Authorize(ctx, prev.ID, f.Token); err == nil {
			return v.started(ctx, f, prev, f.Token, false)
		}
	} else if prev.State == store.Queued && now.Sub(prev.Created) < StartRetryWindow {
		if n, err := v.h.o.Store.MessageCount(ctx, prev.ID); err == nil && n == 0 {
			conv, token, _, err := v.h.o.Store.Start(ctx, v.appID, f.Visitor.ID, f.CID, nil, now)
			if err != nil {
				v.h.o.Logger.Error("chat: start", "err", err)
				v.c.send(errorFrame{Type: wire.Error, Code: v.h.storeError(err), CID: f.CID})
				return true
			}
			return v.started(ctx, f, conv, token, false)
		}
	}
	v.c.send(errorFrame{Type: wire.Error, Code: wire.ErrForbidden, Message: "this start id began a conversation: resume it with its token",
		CID: f.CID, Conversation: ""})
	v.c.close(StatusAuthFailed, "start repeated without the conversation's token")
	return false
}

// started binds the connection to conv and sends the started frame in
// one step, so no queue frame comes before it.
func (v *visitorConn) started(ctx context.Context, f in, conv store.Conversation, token string, fresh bool) bool {
	sf := startedFrame{Type: wire.Started, CID: f.CID, Conversation: conv.ID, Token: token,
		State: visitorState(conv.State), Position: v.h.position(ctx, conv.ID)}
	if !v.h.attachVisitor(conv.ID, v.c, sf, 0) {
		v.tooMany()
		return false
	}
	v.conv, v.name = conv.ID, parseContext(conv.Context).visitorName()
	if fresh {
		v.h.toAvailable(map[string]string{"type": wire.Notify, "conversation": conv.ID})
		v.h.queueChanged()
		v.h.publish(Event{Kind: EventStarted, Conversation: conv.ID})
	}
	return true
}

// visitorState is a conversation's state as the visitor channel spells
// it: an abandoned conversation is ended.
func visitorState(s string) string {
	if s == store.Abandoned {
		return store.Ended
	}
	return s
}

// authenticate verifies the start's JWT when the widget requires one:
// the claims to store as the context's "authenticated", which only the
// server sets; nil without a key (authToken is ignored).
func (v *visitorConn) authenticate(f in) (claims *Claims, code, msg string) {
	if v.widget.Auth == nil {
		return nil, "", ""
	}
	if f.AuthToken == "" {
		return nil, wire.ErrAuthRequired, "this widget requires an authToken"
	}
	c, err := v.widget.Auth.Verify(f.AuthToken, v.h.o.Now())
	if err != nil {
		return nil, wire.ErrAuthInvalid, err.Error()
	}
	return &c, "", ""
}

func (v *visitorConn) resume(ctx context.Context, f in) bool {
	if v.conv != "" && v.conv != f.Conversation {
		v.c.send(errFrame(wire.ErrBadRequest, "this connection already has a conversation"))
		return true
	}
	conv, err := v.h.o.Store.Authorize(ctx, f.Conversation, f.Token)
	if err == nil && conv.AppID != v.appID {
		err = store.ErrNotFound
	}
	if err != nil {
		v.c.send(errorFrame{Type: wire.Error, Code: v.h.storeError(err), Conversation: f.Conversation})
		v.c.close(StatusAuthFailed, "conversation or token not valid")
		return false
	}
	msgs, err := v.h.o.Store.Messages(ctx, conv.ID, f.After)
	if err != nil {
		v.c.send(errFrame(wire.ErrInternal, ""))
		return true
	}
	rf := resumedFrame{Type: wire.Resumed, Conversation: conv.ID, State: visitorState(conv.State), EndedBy: conv.EndedBy,
		Messages: messageFrames(msgs, false)}
	if conv.Agent != "" {
		rf.AgentName = v.h.o.AgentName(conv.Agent)
	}
	seen := f.After
	if len(msgs) > 0 {
		seen = msgs[len(msgs)-1].Seq
	}
	if conv.State == store.Abandoned {
		rf.EndedBy = "server"
	}
	if v.conv != "" {
		v.h.leaveVisitor(v.conv, v.c)
		v.conv = ""
	}
	if !v.h.attachVisitor(conv.ID, v.c, rf, seen) {
		v.tooMany()
		return false
	}
	v.conv, v.name = conv.ID, parseContext(conv.Context).visitorName()
	// Messages stored between the query and the attach, to this
	// connection only: the others had them when they were stored (a
	// broadcast here sent a sender its own message before its ack).
	if later, err := v.h.o.Store.Messages(ctx, conv.ID, seen); err == nil {
		for _, m := range later {
			v.h.toVisitorMessage(v.c, m)
		}
	}
	if conv.State == store.Queued {
		// The next queue broadcast tells this connection its place (it
		// has been told nothing yet): after a restart, thousands resume
		// at once, and a query each for place and wait was a sixth of the
		// server's time.
		v.h.queueChanged()
	}
	return true
}

func (v *visitorConn) sendText(ctx context.Context, f in) {
	if v.conv == "" {
		v.c.send(errorFrame{Type: wire.Error, Code: wire.ErrBadRequest, Message: "start or resume first", CID: f.CID})
		return
	}
	if msg := checkText(f); msg != "" {
		v.c.send(errorFrame{Type: wire.Error, Code: wire.ErrBadRequest, Message: msg, CID: f.CID})
		return
	}
	// The store returns the conversation's agent, if accepted (the other
	// instances want it too), and state as it added the message.
	a, err := v.h.o.Store.AddMessageTo(ctx, store.Message{Conversation: v.conv, CID: f.CID,
		From: wire.FromVisitor, Name: v.name, Text: f.Text, At: v.h.o.Now()}, v.h.o.MessagesPerChat)
	if errors.Is(err, store.ErrMessageLimit) {
		v.h.full(v.c, f)
		return
	}
	if err != nil {
		v.c.send(errorFrame{Type: wire.Error, Code: v.h.storeError(err), CID: f.CID})
		return
	}
	m := a.Message
	if !a.Dup {
		v.h.o.Observer.MessageStored(wire.FromVisitor)
		v.h.toVisitorsMessage(m, v.c)
		v.h.toAgentAndWatchers(a.Agent, v.conv, messageFrame(m, true), nil)
		if a.State == store.Queued {
			v.h.queueChanged() // the waiting list shows what they wrote
		}
	}
	v.h.publishStored(m, a.Agent)
	v.c.send(ackFrame{Type: wire.Ack, CID: f.CID, Seq: m.Seq, At: m.At.UnixMilli()})
	v.h.o.Observer.Acked(wire.FromVisitor, time.Since(f.arrived))
}

func (v *visitorConn) end(ctx context.Context) {
	if v.conv == "" {
		v.c.send(errFrame(wire.ErrBadRequest, "start or resume first"))
		return
	}
	conv, err := v.h.o.Store.End(ctx, v.conv, "visitor", v.h.o.Now())
	if err != nil {
		if conv, err := v.h.o.Store.Get(ctx, v.conv); err == nil && conv.State == store.Ended {
			v.c.send(endedFrame{Type: wire.Ended, By: conv.EndedBy})
			return
		}
		v.c.send(errFrame(v.h.storeError(err), ""))
		return
	}
	v.h.toVisitors(conv.ID, endedFrame{Type: wire.Ended, By: wire.FromVisitor}, nil)
	v.h.toAgentAndWatchers(conv.Agent, conv.ID, endedFrame{Type: wire.Ended, Conversation: conv.ID, By: wire.FromVisitor}, nil)
	if conv.Agent != "" {
		v.h.rosterChanged()
	}
	if conv.Accepted.IsZero() {
		v.h.queueChanged()
	}
	v.h.publish(Event{Kind: EventEnded, Conversation: conv.ID, By: wire.FromVisitor, Agent: conv.Agent})
}

// full answers send frame f to a conversation that holds MessagesPerChat
// messages (the store refused it; a resend of a stored one is still
// acknowledged): error "limit" with its cid.
func (h *Hub) full(c *conn, f in) {
	c.send(errorFrame{Type: wire.Error, Code: wire.ErrLimit, Message: "this conversation holds as many messages as it may",
		CID: f.CID, Conversation: f.Conversation})
}
