package chat

import (
	"context"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// liveItem is one live conversation as a supervisor sees it.
type liveItem struct {
	Conversation string `json:"conversation"`
	AppID        string `json:"appId"`
	State        string `json:"state"` // queued or active
	VisitorName  string `json:"visitorName"`
	Agent        string `json:"agent"` // "" while queued
	AgentName    string `json:"agentName"`
	StartedAt    int64  `json:"startedAt"`
	AcceptedAt   int64  `json:"acceptedAt"` // 0 while queued
}

type liveFrame struct {
	Type          string     `json:"type"`
	Conversations []liveItem `json:"conversations"`
}

// hasSupervisors reports whether a supervisor has a console open.
func (h *Hub) hasSupervisors() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.supers) > 0
}

// sendLive sends the supervisors' consoles every live conversation, when
// one is open. Run calls it with each roster and queue broadcast.
func (h *Hub) sendLive(ctx context.Context) {
	if !h.hasSupervisors() {
		return
	}
	f := liveFrame{Type: wire.Live, Conversations: []liveItem{}}
	for _, state := range []string{store.Active, store.Queued} {
		list, err := h.o.Store.ByState(ctx, state)
		if err != nil {
			h.o.Logger.Error("chat: live conversations", "err", err)
			return
		}
		for _, c := range list {
			it := liveItem{Conversation: c.ID, AppID: c.AppID, State: c.State, VisitorName: parseContext(c.Context).visitorName(),
				Agent: c.Agent, StartedAt: c.Created.UnixMilli()}
			if c.Agent != "" {
				it.AgentName = h.o.AgentName(c.Agent)
			}
			if !c.Accepted.IsZero() {
				it.AcceptedAt = c.Accepted.UnixMilli()
			}
			f.Conversations = append(f.Conversations, it)
		}
	}
	b := encode(f)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.supers {
		c.sendBytes(b)
	}
}

// watch opens any live or ended conversation read-only on a supervisor's
// console: the conversation frame (readOnly), then its messages, notes
// and end as they come, until another is watched. Others get forbidden.
func (a *agentConn) watch(ctx context.Context, f in) {
	if !a.h.o.Supervisor(a.user) {
		a.fail(wire.ErrForbidden, f)
		return
	}
	conv, err := a.h.o.Store.Get(ctx, f.Conversation)
	if err != nil {
		a.fail(a.h.storeError(err), f)
		return
	}
	a.h.mu.Lock()
	a.c.watching = conv.ID
	a.h.mu.Unlock()
	a.sendConversationAs(ctx, conv, a.c, "", true)
}
