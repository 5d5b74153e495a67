package chat

import (
	"context"
	"encoding/json"
	"net/http"

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
	// The origin is checked after the upgrade so the browser sees close
	// code 4403 instead of an opaque failed handshake.
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		Subprotocols: []string{Subprotocol}, InsecureSkipVerify: true,
	})
	if err != nil {
		return // Accept has answered
	}
	ctx := r.Context()
	c := newConn(ws, h.o.PingInterval)
	if !originAllowed(r, widget.AllowedOrigins) {
		c.close(StatusOriginNotAllowed, "origin not allowed")
		return
	}
	if ws.Subprotocol() != Subprotocol {
		c.close(websocket.StatusProtocolError, "subprotocol "+Subprotocol+" required")
		return
	}
	v := &visitorConn{h: h, c: c, appID: appID, widget: widget}
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
	conv   string // bound conversation, "" before start or resume
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
	case "start":
		return v.start(ctx, f)
	case "resume":
		return v.resume(ctx, f)
	case "send":
		v.sendText(ctx, f)
	case "typing":
		if v.conv != "" {
			if conv, err := v.h.o.Store.Get(ctx, v.conv); err == nil && conv.Agent != "" {
				v.h.toAgent(conv.Agent, map[string]string{"type": "typing", "conversation": v.conv}, nil)
			}
		}
	case "end":
		v.end(ctx)
	default:
		v.c.send(errFrame("bad_request", "unknown frame type "+f.Type))
	}
	return true
}

func (v *visitorConn) bind(conv string) {
	v.conv = conv
	v.h.joinVisitor(conv, v.c)
}

func (v *visitorConn) start(ctx context.Context, f in) bool {
	if v.conv != "" {
		v.c.send(errFrame("bad_request", "this connection already has a conversation"))
		return true
	}
	if msg := checkStart(f); msg != "" {
		v.c.send(errorFrame{Type: "error", Code: "bad_request", Message: msg, CID: f.CID})
		return true
	}
	context, code, msg := v.authenticate(f)
	if code != "" {
		v.c.send(errorFrame{Type: "error", Code: code, Message: msg, CID: f.CID})
		v.c.close(StatusAuthFailed, msg)
		return false
	}
	conv, token, existed, err := v.h.o.Store.Start(ctx, v.appID, f.Visitor.ID, f.CID, context, v.h.o.Now())
	if err != nil {
		v.h.o.Logger.Error("chat: start", "err", err)
		v.c.send(errorFrame{Type: "error", Code: "internal", CID: f.CID})
		return true
	}
	v.bind(conv.ID)
	v.c.send(startedFrame{Type: "started", CID: f.CID, Conversation: conv.ID, Token: token,
		State: conv.State, Position: v.h.position(ctx, conv.ID)})
	if !existed {
		v.h.toAgent("", map[string]string{"type": "notify", "conversation": conv.ID}, nil)
		v.h.queueChanged(ctx)
	}
	return true
}

// authenticate verifies the start's JWT when the widget requires one and
// returns the context to store: the client's, with "authenticated" set
// by the server only ({"sub", "name"} of a verified token).
func (v *visitorConn) authenticate(f in) (ctx json.RawMessage, code, msg string) {
	fields := map[string]json.RawMessage{}
	if len(f.Context) > 0 {
		json.Unmarshal(f.Context, &fields) // checked by checkStart; null leaves it empty
	}
	delete(fields, "authenticated")
	if v.widget.Auth != nil {
		if f.AuthToken == "" {
			return nil, "auth_required", "this widget requires an authToken"
		}
		claims, err := v.widget.Auth.Verify(f.AuthToken, v.h.o.Now())
		if err != nil {
			return nil, "auth_invalid", err.Error()
		}
		fields["authenticated"], _ = json.Marshal(claims)
	}
	out, _ := json.Marshal(fields)
	return out, "", ""
}

func (v *visitorConn) resume(ctx context.Context, f in) bool {
	if v.conv != "" && v.conv != f.Conversation {
		v.c.send(errFrame("bad_request", "this connection already has a conversation"))
		return true
	}
	conv, err := v.h.o.Store.Authorize(ctx, f.Conversation, f.Token)
	if err == nil && conv.AppID != v.appID {
		err = store.ErrNotFound
	}
	if err != nil {
		v.c.send(errorFrame{Type: "error", Code: storeError(err), Conversation: f.Conversation})
		v.c.close(StatusAuthFailed, "conversation or token not valid")
		return false
	}
	msgs, err := v.h.o.Store.Messages(ctx, conv.ID, f.After)
	if err != nil {
		v.c.send(errFrame("internal", ""))
		return true
	}
	rf := resumedFrame{Type: "resumed", Conversation: conv.ID, State: conv.State, EndedBy: conv.EndedBy,
		Messages: messageFrames(msgs, false)}
	if conv.Agent != "" {
		rf.AgentName = v.h.o.AgentName(conv.Agent)
	}
	seen := f.After
	if len(msgs) > 0 {
		seen = msgs[len(msgs)-1].Seq
	}
	if v.conv != "" {
		v.h.leaveVisitor(v.conv, v.c)
	}
	v.conv = conv.ID
	v.h.attachVisitor(conv.ID, v.c, rf, seen)
	// Messages stored between the query and the attach.
	if later, err := v.h.o.Store.Messages(ctx, conv.ID, seen); err == nil {
		for _, m := range later {
			v.h.toVisitorsMessage(m, nil)
		}
	}
	if conv.State == store.Queued {
		// The next queue broadcast tells this connection its place (it
		// has been told nothing yet): after a restart, thousands resume
		// at once, and a query each for place and wait was a sixth of the
		// server's time.
		v.h.queueChanged(ctx)
	}
	return true
}

func (v *visitorConn) sendText(ctx context.Context, f in) {
	if v.conv == "" {
		v.c.send(errorFrame{Type: "error", Code: "bad_request", Message: "start or resume first", CID: f.CID})
		return
	}
	if msg := checkText(f); msg != "" {
		v.c.send(errorFrame{Type: "error", Code: "bad_request", Message: msg, CID: f.CID})
		return
	}
	m, dup, err := v.h.o.Store.AddMessage(ctx, store.Message{Conversation: v.conv, CID: f.CID,
		From: "visitor", Name: v.visitorName(ctx), Text: f.Text, At: v.h.o.Now()})
	if err != nil {
		v.c.send(errorFrame{Type: "error", Code: storeError(err), CID: f.CID})
		return
	}
	if !dup {
		v.h.toVisitorsMessage(m, v.c)
		if conv, err := v.h.o.Store.Get(ctx, v.conv); err == nil && conv.Agent != "" {
			v.h.toAgent(conv.Agent, messageFrame(m, true), nil)
		}
	}
	v.c.send(ackFrame{Type: "ack", CID: f.CID, Seq: m.Seq, At: m.At.UnixMilli()})
}

func (v *visitorConn) visitorName(ctx context.Context) string {
	conv, err := v.h.o.Store.Get(ctx, v.conv)
	if err != nil {
		return "Visitor"
	}
	return parseContext(conv.Context).visitorName()
}

func (v *visitorConn) end(ctx context.Context) {
	if v.conv == "" {
		v.c.send(errFrame("bad_request", "start or resume first"))
		return
	}
	conv, err := v.h.o.Store.End(ctx, v.conv, "visitor", v.h.o.Now())
	if err != nil {
		if conv, err := v.h.o.Store.Get(ctx, v.conv); err == nil && conv.State == store.Ended {
			v.c.send(endedFrame{Type: "ended", By: conv.EndedBy})
			return
		}
		v.c.send(errFrame(storeError(err), ""))
		return
	}
	v.h.toVisitors(conv.ID, endedFrame{Type: "ended", By: "visitor"}, nil)
	if conv.Agent != "" {
		v.h.toAgent(conv.Agent, endedFrame{Type: "ended", Conversation: conv.ID, By: "visitor"}, nil)
	}
	if conv.Accepted.IsZero() {
		v.h.queueChanged(ctx)
	}
}
