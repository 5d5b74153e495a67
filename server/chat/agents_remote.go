package chat

import (
	"context"
	"time"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// The agents of every instance. An agent counts as on duty (for the
// roster, transfers and the visitors' availability) when a console of
// theirs is open on any instance: each instance tells the others which
// agents it holds and their statuses (EventAgents) when that changes and
// every SweepEvery, and an instance that stops doing so (killed) stops
// counting after remoteTTL, as for visitors (fanout.go).

// agentsChunk is how many agents one EventAgents carries: a user name is
// at most a few dozen bytes, so 50 of them with their statuses stay far
// below PostgreSQL's 8,000-byte payload.
const agentsChunk = 50

// remoteAgent is an agent with a console on another instance.
type remoteAgent struct {
	status string
	at     time.Time // when that instance last said so
}

// localAgentsLocked is user → status of the agents with a console open
// on this instance.
func (h *Hub) localAgentsLocked() map[string]string {
	out := make(map[string]string, len(h.agents))
	for _, u := range h.agents {
		st := h.status[u]
		if !validStatus(st) {
			st = wire.StatusAvailable
		}
		out[u] = st
	}
	return out
}

// publishAgents tells the other instances the agents with a console here:
// every one of them when all is set (the heartbeat), else only those
// whose status changed since the last call, with the ones who left as
// offline. Nothing without a broker. Run calls it; never under h.mu.
func (h *Hub) publishAgents(all bool) {
	if h.o.Broker == nil {
		return
	}
	h.mu.Lock()
	now := h.localAgentsLocked()
	send := map[string]string{}
	for u, st := range now {
		if all || h.toldAgents[u] != st {
			send[u] = st
		}
	}
	for u := range h.toldAgents {
		if _, ok := now[u]; !ok {
			send[u] = wire.StatusOffline
		}
	}
	h.toldAgents = now
	h.mu.Unlock()
	chunk := map[string]string{}
	for u, st := range send {
		chunk[u] = st
		if len(chunk) == agentsChunk {
			h.publish(Event{Kind: EventAgents, Agents: chunk})
			chunk = map[string]string{}
		}
	}
	if len(chunk) > 0 || all {
		// With all, also when there are none: an instance that has not
		// heard of this one yet answers with its own (remoteAgentsSaid).
		h.publish(Event{Kind: EventAgents, Agents: chunk})
	}
}

// remoteAgentsSaid records another instance's word on its agents and,
// when it changes what this instance knows, has the roster sent again.
//
// The first word from an instance (one that just started) is answered
// with every agent here, so that it need not wait for the next
// heartbeat to know them.
func (h *Hub) remoteAgentsSaid(origin string, agents map[string]string) {
	now := h.o.Now()
	changed := false
	h.mu.Lock()
	newcomer := !h.agentOrigins[origin]
	h.agentOrigins[origin] = true
	at := h.remoteAgents[origin]
	if at == nil {
		at = map[string]remoteAgent{}
		h.remoteAgents[origin] = at
	}
	for u, st := range agents {
		if st != wire.StatusAvailable && st != wire.StatusAway {
			if _, ok := at[u]; ok {
				delete(at, u)
				changed = true
			}
			continue
		}
		if at[u].status != st {
			changed = true
		}
		at[u] = remoteAgent{status: st, at: now}
	}
	if len(at) == 0 {
		delete(h.remoteAgents, origin)
	}
	h.mu.Unlock()
	if changed {
		h.rosterChanged()
	}
	if newcomer {
		h.publishAgents(true)
	}
}

// forgetStaleAgentsLocked drops the other instances' agents not heard of
// in remoteTTL, reporting whether any went.
func (h *Hub) forgetStaleAgentsLocked(now time.Time) bool {
	gone := false
	for origin, at := range h.remoteAgents {
		for u, a := range at {
			if now.Sub(a.at) >= h.remoteTTL() {
				delete(at, u)
				gone = true
			}
		}
		if len(at) == 0 {
			delete(h.remoteAgents, origin)
		}
	}
	return gone
}

// remoteStatusLocked is the status of user on the other instances: ""
// when no other instance holds a console of theirs, available when one
// of them says so.
func (h *Hub) remoteStatusLocked(user string, now time.Time) string {
	st := ""
	for _, at := range h.remoteAgents {
		a, ok := at[user]
		if !ok || now.Sub(a.at) >= h.remoteTTL() {
			continue
		}
		if a.status == wire.StatusAvailable {
			return a.status
		}
		st = a.status
	}
	return st
}

// remoteUsersLocked is user → status of the agents on other instances
// only (remoteStatusLocked of each).
func (h *Hub) remoteUsersLocked(now time.Time) map[string]string {
	out := map[string]string{}
	for _, at := range h.remoteAgents {
		for u := range at {
			if _, done := out[u]; !done {
				if st := h.remoteStatusLocked(u, now); st != "" {
					out[u] = st
				}
			}
		}
	}
	return out
}

// transferArrived opens, on this instance's consoles of the agent a chat
// was transferred to on another instance, that conversation.
func (h *Hub) transferArrived(ctx context.Context, e Event) {
	if e.Agent == "" || !h.hasAgent(e.Agent) {
		return
	}
	conv, err := h.o.Store.Get(ctx, e.Conversation)
	if err != nil || conv.Agent != e.Agent {
		return
	}
	to := &agentConn{h: h, user: e.Agent, name: h.o.AgentName(e.Agent)}
	to.sendConversationFrom(ctx, conv, nil, e.By)
}
