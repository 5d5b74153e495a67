package chat

import (
	"context"
	"errors"
	"fmt"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// noteFrame is an internal note as agents receive it; no visitor ever
// does.
type noteFrame struct {
	Type         string `json:"type"`
	Conversation string `json:"conversation"`
	Seq          int64  `json:"seq"`
	Author       string `json:"author"`
	Name         string `json:"name"`
	Text         string `json:"text"`
	At           int64  `json:"at"`
	CID          string `json:"cid,omitempty"`
}

func toNoteFrame(n store.Note, cid string) noteFrame {
	return noteFrame{Type: wire.Note, Conversation: n.Conversation, Seq: n.Seq, Author: n.Author, Name: n.Name,
		Text: n.Text, At: n.At.UnixMilli(), CID: cid}
}

func noteFrames(ns []store.Note) []noteFrame {
	out := make([]noteFrame, 0, len(ns))
	for _, n := range ns {
		out = append(out, toNoteFrame(n, ""))
	}
	return out
}

// transferredFrame tells the consoles of the agent who gave a chat away
// that it is not theirs any more (To "" : back in the queue).
type transferredFrame struct {
	Type         string `json:"type"`
	Conversation string `json:"conversation"`
	To           string `json:"to"`
	ToName       string `json:"toName"`
}

// note stores an internal note of one of the agent's conversations and
// sends it to the agent's consoles (and those watching it).
func (a *agentConn) note(ctx context.Context, f in) {
	if _, ok := a.mine(ctx, f); !ok {
		return
	}
	if msg := checkText(f); msg != "" {
		a.c.send(errorFrame{Type: wire.Error, Code: wire.ErrBadRequest, Message: msg, CID: f.CID, Conversation: f.Conversation})
		return
	}
	n, err := a.h.o.Store.AddNote(ctx, store.Note{Conversation: f.Conversation, Author: a.user, Name: a.name,
		Text: f.Text, At: a.h.o.Now()})
	if err != nil {
		a.fail(a.h.storeError(err), f)
		return
	}
	a.h.toAgentAndWatchers(a.user, f.Conversation, toNoteFrame(n, f.CID), nil)
}

// available reports whether user has a console open (on any instance)
// with the status available.
func (h *Hub) available(user string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.remoteStatusLocked(user, h.o.Now()) == wire.StatusAvailable {
		return true
	}
	if h.status[user] != wire.StatusAvailable {
		return false
	}
	for _, u := range h.agents {
		if u == user {
			return true
		}
	}
	return false
}

// transfer gives one of the agent's active conversations to another
// available agent (f.To), or back to the queue (f.To ""), with an
// optional note (f.Text) kept as an internal note. The visitor is told
// who they are chatting with now.
func (a *agentConn) transfer(ctx context.Context, f in) {
	conv, ok := a.mine(ctx, f)
	if !ok {
		return
	}
	if conv.State != store.Active {
		a.fail(wire.ErrConflict, f)
		return
	}
	if f.To == a.user {
		a.c.send(errorFrame{Type: wire.Error, Code: wire.ErrBadRequest, Message: "transfer to another agent", Conversation: f.Conversation})
		return
	}
	if f.To != "" && !a.h.available(f.To) {
		a.c.send(errorFrame{Type: wire.Error, Code: wire.ErrAgentUnavailable, Conversation: f.Conversation,
			Message: "that agent is not available"})
		return
	}
	if f.Text != "" {
		if msg := checkText(in{CID: "transfer", Text: f.Text}); msg != "" {
			a.c.send(errorFrame{Type: wire.Error, Code: wire.ErrBadRequest, Message: msg, Conversation: f.Conversation})
			return
		}
	}
	var err error
	if f.To == "" {
		conv, err = a.h.o.Store.Requeue(ctx, f.Conversation, a.user)
	} else {
		conv, err = a.h.o.Store.Transfer(ctx, f.Conversation, a.user, f.To, a.h.o.MaxChatsPerAgent)
	}
	if errors.Is(err, store.ErrAtLimit) {
		a.c.send(errorFrame{Type: wire.Error, Code: wire.ErrAtLimit, Conversation: f.Conversation,
			Message: "that agent holds as many chats as they may"})
		return
	}
	if err != nil {
		a.fail(a.h.storeError(err), f)
		return
	}
	if f.Text != "" {
		if _, err := a.h.o.Store.AddNote(ctx, store.Note{Conversation: conv.ID, Author: a.user, Name: a.name,
			Text: f.Text, At: a.h.o.Now()}); err != nil {
			a.h.o.Logger.Error("chat: transfer note", "err", err)
		}
	}
	toName := ""
	if f.To != "" {
		toName = a.h.o.AgentName(f.To)
	}
	a.h.toAgent(a.user, transferredFrame{Type: wire.Transferred, Conversation: conv.ID, To: f.To, ToName: toName}, nil)
	text := "Your chat is back in the queue: the next available agent will answer."
	if f.To != "" {
		text = fmt.Sprintf("You're now chatting with %s.", toName)
	}
	if m, _, err := a.h.o.Store.AddMessage(ctx, store.Message{Conversation: conv.ID, From: wire.FromSystem,
		Text: text, At: a.h.o.Now()}); err == nil {
		a.h.toVisitorsMessage(m, nil)
		a.h.publishStored(m, "") // the visitor may be on another instance
	}
	if f.To != "" {
		a.h.toVisitors(conv.ID, agentJoinedFrame{Type: wire.AgentJoined, Name: toName}, nil)
		to := &agentConn{h: a.h, user: f.To, name: toName}
		to.sendConversationFrom(ctx, conv, nil, a.name)
		a.h.publish(Event{Kind: EventJoined, Conversation: conv.ID, Name: toName})
		a.h.publish(Event{Kind: EventTransfer, Conversation: conv.ID, Agent: f.To, By: a.name})
	} else {
		a.h.toAvailable(map[string]string{"type": wire.Notify, "conversation": conv.ID})
		a.h.queueChanged()
		a.h.publish(Event{Kind: EventStarted, Conversation: conv.ID}) // waiting again
	}
	a.h.rosterChanged()
}
