package chat

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/lcwasm/lcwasm/internal/wire"

	"github.com/coder/websocket"

	"github.com/lcwasm/lcwasm/server/store"
)

// ServeAgent serves the agent console's WebSocket. The request needs the
// agent's session cookie and must come from the server's own origin; the
// first frame must be {"type":"auth","csrf":"<the session's CSRF token>",
// "protocol":<wire.AgentProtocol>}.
func (h *Hub) ServeAgent(w http.ResponseWriter, r *http.Request) {
	user, csrf, ok := h.o.Session(r)
	if !ok {
		http.Error(w, "server: sign in first", http.StatusUnauthorized)
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
	ws, err := websocket.Accept(w, r, nil) // same origin only
	if err != nil {
		return
	}
	ctx := r.Context()
	c := h.newConn(ws, agentLimit)
	defer c.close(websocket.StatusNormalClosure, "")
	actx, cancel := context.WithTimeout(ctx, h.o.AuthTimeout)
	f, ok := c.read(actx)
	cancel()
	if !ok {
		// No frame within AuthTimeout (a closed or refused connection
		// has its code already: the first close counts).
		c.close(StatusAuthFailed, "no auth frame")
		return
	}
	if f.Type != wire.Auth || subtle.ConstantTimeCompare([]byte(f.CSRF), []byte(csrf)) != 1 {
		c.close(StatusAuthFailed, "csrf token required")
		return
	}
	switch {
	case f.Protocol == 0:
		// A console from before protocol versions: it reloads itself on
		// 4401, and so gets the new one.
		c.close(StatusAuthFailed, "console updated: reload")
		return
	case f.Protocol < wire.AgentProtocol:
		c.send(errFrame(wire.ErrOutdated, "This console was updated. Reload to continue."))
		c.close(StatusOutdated, "console outdated: reload")
		return
	}
	h.spawn(func() { h.watchSession(r, c) })
	a := &agentConn{h: h, c: c, user: user, name: h.o.AgentName(user)}
	defer h.leaveAgent(c)
	a.hello(ctx)
	for {
		f, ok := c.read(ctx)
		if !ok {
			return
		}
		a.handle(ctx, f)
	}
}

// watchSession checks the console's session every ping interval, which
// also counts as its use: signed out, expired or idle, the connection
// closes with 4401 and the console asks to sign in again.
func (h *Hub) watchSession(r *http.Request, c *conn) {
	t := time.NewTicker(h.o.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			if _, _, ok := h.o.Session(r); !ok {
				c.close(StatusAuthFailed, "session ended: sign in again")
				return
			}
		}
	}
}

type helloFrame struct {
	Type     string `json:"type"`
	User     string `json:"user"`
	Name     string `json:"name"`
	Status   string `json:"status"`   // the status the agent chose: available or away
	MaxChats int    `json:"maxChats"` // active chats an agent may hold; -1: no limit
	// Supervisor: the console shows every live conversation (live frames)
	// and may watch any.
	Supervisor bool `json:"supervisor"`
	Protocol   int  `json:"protocol"` // the server's wire.AgentProtocol
}

// agentConn is one console connection of a signed-in agent.
type agentConn struct {
	h          *Hub
	c          *conn
	user, name string
}

// hello sends the agent who they are, the queue (then deltas of it) and
// every conversation they have open.
func (a *agentConn) hello(ctx context.Context) {
	super := a.h.o.Supervisor(a.user)
	a.c.send(helloFrame{Type: wire.Hello, User: a.user, Name: a.name, Status: a.h.statusOf(ctx, a.user),
		MaxChats: a.h.o.MaxChatsPerAgent, Supervisor: super, Protocol: wire.AgentProtocol})
	a.h.joinAgent(a.user, a.c)
	if super {
		a.h.mu.Lock()
		a.h.supers[a.c] = true
		a.h.mu.Unlock()
		a.h.rosterChanged() // and with it the live conversations
	}
	a.sendCanned(ctx, a.c)
	a.h.offlineChanged() // Run sends the count to every console, this one included
	active, err := a.h.o.Store.ByState(ctx, store.Active)
	if err != nil {
		return
	}
	for _, conv := range active {
		if conv.Agent == a.user {
			a.sendConversation(ctx, conv, a.c)
		}
	}
}

func (a *agentConn) handle(ctx context.Context, f in) {
	if len(f.Conversation) > maxIDLen {
		a.c.send(errFrame(wire.ErrBadRequest, "conversation id too long"))
		return
	}
	switch f.Type {
	case wire.Accept:
		a.accept(ctx, f)
	case wire.Send:
		a.sendText(ctx, f)
	case wire.End:
		a.end(ctx, f)
	case wire.Note:
		a.note(ctx, f)
	case wire.Watch:
		a.watch(ctx, f)
	case wire.CannedSave:
		a.saveCanned(ctx, f)
	case wire.CannedDelete:
		a.deleteCanned(ctx, f)
	case wire.Transfer:
		a.transfer(ctx, f)
	case wire.Status:
		if !validStatus(f.Status) {
			a.c.send(errFrame(wire.ErrBadRequest, "status must be available or away"))
			return
		}
		if err := a.h.setStatus(ctx, a.user, f.Status); err != nil {
			a.c.send(errFrame(a.h.storeError(err), ""))
		}
	case wire.Typing:
		if conv, err := a.h.o.Store.Get(ctx, f.Conversation); err == nil && conv.Agent == a.user {
			a.h.toVisitors(f.Conversation, map[string]string{"type": wire.Typing}, nil)
			a.h.publish(Event{Kind: EventTyping, Conversation: f.Conversation, By: wire.FromAgent})
		}
	default:
		a.c.send(errFrame(wire.ErrBadRequest, "unknown frame type "+f.Type))
	}
}

func (a *agentConn) fail(code string, f in) {
	a.c.send(errorFrame{Type: wire.Error, Code: code, CID: f.CID, Conversation: f.Conversation})
}

func (a *agentConn) accept(ctx context.Context, f in) {
	conv, err := a.h.o.Store.AcceptWithin(ctx, f.Conversation, a.user, a.h.o.MaxChatsPerAgent, a.h.o.Now())
	if errors.Is(err, store.ErrAtLimit) {
		a.c.send(errorFrame{Type: wire.Error, Code: wire.ErrAtLimit, Conversation: f.Conversation,
			Message: fmt.Sprintf("you hold %d chats, as many as you may", a.h.o.MaxChatsPerAgent)})
		return
	}
	if err != nil {
		code := a.h.storeError(err)
		if now, gerr := a.h.o.Store.Get(ctx, f.Conversation); code == wire.ErrConflict && gerr == nil && now.State == store.Active {
			code = wire.ErrTaken // another agent was first
		}
		a.fail(code, f)
		return
	}
	a.sendConversation(ctx, conv, nil)
	a.h.toVisitors(conv.ID, agentJoinedFrame{Type: wire.AgentJoined, Name: a.name}, nil)
	a.h.queueChanged()
	a.h.publish(Event{Kind: EventJoined, Conversation: conv.ID, Name: a.name})
	a.h.rosterChanged()
}

// mine returns the conversation when this agent accepted it.
func (a *agentConn) mine(ctx context.Context, f in) (store.Conversation, bool) {
	conv, err := a.h.o.Store.Get(ctx, f.Conversation)
	if err != nil {
		a.fail(a.h.storeError(err), f)
		return conv, false
	}
	if conv.Agent != a.user {
		a.fail(wire.ErrForbidden, f)
		return conv, false
	}
	return conv, true
}

func (a *agentConn) sendText(ctx context.Context, f in) {
	if _, ok := a.mine(ctx, f); !ok {
		return
	}
	if msg := checkText(f); msg != "" {
		a.c.send(errorFrame{Type: wire.Error, Code: wire.ErrBadRequest, Message: msg, CID: f.CID, Conversation: f.Conversation})
		return
	}
	added, err := a.h.o.Store.AddMessageTo(ctx, store.Message{Conversation: f.Conversation, CID: f.CID,
		From: wire.FromAgent, Name: a.name, Text: f.Text, At: a.h.o.Now()}, a.h.o.MessagesPerChat)
	if errors.Is(err, store.ErrMessageLimit) {
		a.h.full(a.c, f)
		return
	}
	m, dup := added.Message, added.Dup
	if err != nil {
		a.fail(a.h.storeError(err), f)
		return
	}
	if !dup {
		a.h.o.Observer.MessageStored(wire.FromAgent)
		a.h.toVisitorsMessage(m, nil)
		a.h.toAgentAndWatchers(a.user, m.Conversation, messageFrame(m, true), a.c)
	}
	a.h.publishStored(m, a.user)
	a.c.send(ackFrame{Type: wire.Ack, Conversation: m.Conversation, CID: f.CID, Seq: m.Seq, At: m.At.UnixMilli()})
	a.h.o.Observer.Acked(wire.FromAgent, time.Since(f.arrived))
}

func (a *agentConn) end(ctx context.Context, f in) {
	if _, ok := a.mine(ctx, f); !ok {
		return
	}
	conv, err := a.h.o.Store.End(ctx, f.Conversation, "agent", a.h.o.Now())
	if err != nil {
		a.fail(a.h.storeError(err), f)
		return
	}
	a.h.toVisitors(conv.ID, endedFrame{Type: wire.Ended, By: wire.FromAgent}, nil)
	a.h.toAgentAndWatchers(a.user, conv.ID, endedFrame{Type: wire.Ended, Conversation: conv.ID, By: wire.FromAgent}, nil)
	a.h.publish(Event{Kind: EventEnded, Conversation: conv.ID, By: wire.FromAgent, Agent: a.user})
	a.h.rosterChanged()
}

// details is the Additional details panel of a conversation.
type details struct {
	pageContext
	Displayable map[string]json.RawMessage `json:"displayable"`
}

type conversationFrame struct {
	Type          string      `json:"type"`
	Conversation  string      `json:"conversation"`
	State         string      `json:"state"`
	VisitorName   string      `json:"visitorName"`
	VisitorOnline bool        `json:"visitorOnline"`
	StartedAt     int64       `json:"startedAt"`
	Details       details     `json:"details"`
	Messages      []msgFrame  `json:"messages"`
	Notes         []noteFrame `json:"notes"`
	// Canned are the widget's shared canned responses.
	Canned []Canned `json:"canned"`
	// ReadOnly marks a conversation a supervisor watches; AgentName is
	// then its agent's name ("" while queued).
	ReadOnly  bool   `json:"readOnly,omitempty"`
	AgentName string `json:"agentName,omitempty"`
	// TransferredBy is the name of the agent who just gave this chat to
	// the receiver ("" otherwise).
	TransferredBy string `json:"transferredBy,omitempty"`
}

// sendConversation sends a conversation with its details and transcript
// to one connection, or to every connection of the agent when to is nil.
func (a *agentConn) sendConversation(ctx context.Context, conv store.Conversation, to *conn) {
	a.sendConversationFrom(ctx, conv, to, "")
}

// sendConversationFrom is sendConversation of a chat another agent
// (named from) transferred to this one.
func (a *agentConn) sendConversationFrom(ctx context.Context, conv store.Conversation, to *conn, from string) {
	a.sendConversationAs(ctx, conv, to, from, false)
}

// sendConversationAs is sendConversationFrom, marked readOnly for a
// supervisor watching another agent's chat.
func (a *agentConn) sendConversationAs(ctx context.Context, conv store.Conversation, to *conn, from string, readOnly bool) {
	msgs, err := a.h.o.Store.Messages(ctx, conv.ID, 0)
	if err != nil {
		a.h.o.Logger.Error("chat: transcript", "err", err)
		a.h.o.Observer.StoreFailed()
	}
	notes, err := a.h.o.Store.Notes(ctx, conv.ID)
	if err != nil {
		a.h.o.Logger.Error("chat: notes", "err", err)
	}
	vc := parseContext(conv.Context)
	d := details{pageContext: vc.pageContext, Displayable: vc.displayable()}
	if d.Prechat == nil {
		d.Prechat = map[string]json.RawMessage{}
	}
	f := conversationFrame{Type: wire.Conversation, Conversation: conv.ID, State: conv.State,
		VisitorName: vc.visitorName(), VisitorOnline: a.h.visitorOnline(conv.ID), StartedAt: conv.Created.UnixMilli(), Details: d,
		Messages: messageFrames(msgs, true), Notes: noteFrames(notes), TransferredBy: from,
		Canned: a.h.sharedCanned(conv), ReadOnly: readOnly}
	if readOnly {
		f.AgentName = a.h.o.AgentName(conv.Agent)
	}
	if to != nil {
		to.send(f)
		return
	}
	a.h.toAgent(a.user, f, nil)
}
