package chat

import (
	"context"
	"sort"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// DefaultMaxChatsPerAgent is how many active conversations one agent may
// hold at once unless Options.MaxChatsPerAgent says otherwise.
const DefaultMaxChatsPerAgent = 3

// validStatus reports whether an agent may choose s.
func validStatus(s string) bool { return s == wire.StatusAvailable || s == wire.StatusAway }

// rosterEntry is one agent as the other agents see them.
type rosterEntry struct {
	User   string `json:"user"`
	Name   string `json:"name"`
	Status string `json:"status"` // available, away, or offline (no console open)
	Chats  int    `json:"chats"`  // active conversations
}

type rosterFrame struct {
	Type     string        `json:"type"`
	Agents   []rosterEntry `json:"agents"`
	MaxChats int           `json:"maxChats"`
}

// statusOf is the status an agent chose, from the hub's memory or the
// store (available when never chosen). It remembers the agent, so the
// roster lists them as offline once their last console closes.
func (h *Hub) statusOf(ctx context.Context, user string) string {
	h.mu.Lock()
	st, ok := h.status[user]
	h.mu.Unlock()
	if ok {
		return st
	}
	st, err := h.o.Store.AgentStatus(ctx, user)
	if err != nil || !validStatus(st) {
		st = wire.StatusAvailable
	}
	h.mu.Lock()
	if _, ok := h.status[user]; !ok {
		h.status[user] = st
	}
	st = h.status[user]
	h.mu.Unlock()
	return st
}

// setStatus keeps an agent's chosen status (in the store, so it survives
// a reload and a restart) and tells every console.
func (h *Hub) setStatus(ctx context.Context, user, status string) error {
	if err := h.o.Store.SetAgentStatus(ctx, user, status, h.o.Now()); err != nil {
		return err
	}
	h.mu.Lock()
	h.status[user] = status
	h.mu.Unlock()
	h.rosterChanged()
	return nil
}

// AgentsAvailable is the number of distinct agents with a console open
// (on any instance) whose status is available: the ones who take chats.
func (h *Hub) AgentsAvailable() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	users := map[string]bool{}
	for _, u := range h.agents {
		if h.status[u] == wire.StatusAvailable {
			users[u] = true
		}
	}
	for u, st := range h.remoteUsersLocked(h.o.Now()) {
		if st == wire.StatusAvailable {
			users[u] = true
		}
	}
	return len(users)
}

// rosterChanged asks Run to send every console the agents' roster.
func (h *Hub) rosterChanged() {
	h.mu.Lock()
	h.rosterDirty = true
	h.mu.Unlock()
	h.signal()
}

// sendRoster sends every console each known agent's status and load. Run
// calls it.
func (h *Hub) sendRoster(ctx context.Context) {
	h.mu.Lock()
	due := h.rosterDirty
	h.rosterDirty = false
	h.mu.Unlock()
	if !due {
		return
	}
	h.publishAgents(false)
	loads, err := h.o.Store.ActiveByAgent(ctx)
	if err != nil {
		h.o.Logger.Error("chat: roster", "err", err)
		loads = map[string]int{}
	}
	b := encode(h.roster(loads))
	h.mu.Lock()
	for c := range h.agents {
		c.sendBytes(b)
	}
	h.mu.Unlock()
	h.sendLive(ctx)
}

// roster is the roster frame for the given loads.
func (h *Hub) roster(loads map[string]int) rosterFrame {
	h.mu.Lock()
	online := map[string]bool{}
	for _, u := range h.agents {
		online[u] = true
	}
	known := map[string]string{}
	for u, st := range h.status {
		known[u] = st
	}
	for u, st := range h.remoteUsersLocked(h.o.Now()) {
		if !online[u] || st == wire.StatusAvailable {
			known[u] = st // on another instance (available wins)
		}
		online[u] = true
	}
	h.mu.Unlock()
	for u := range loads {
		if _, ok := known[u]; !ok && u != "" {
			known[u] = wire.StatusOffline
		}
	}
	f := rosterFrame{Type: wire.Agents, Agents: []rosterEntry{}, MaxChats: h.o.MaxChatsPerAgent}
	for u, st := range known {
		if !online[u] {
			st = wire.StatusOffline
		}
		f.Agents = append(f.Agents, rosterEntry{User: u, Name: h.o.AgentName(u), Status: st, Chats: loads[u]})
	}
	sort.Slice(f.Agents, func(i, j int) bool { return f.Agents[i].Name < f.Agents[j].Name })
	return f
}

// toAvailable sends v to the consoles of the available agents (a new
// chat's alert: an away agent still sees the queue, unannounced).
func (h *Hub) toAvailable(v any) {
	b := encode(v)
	h.mu.Lock()
	defer h.mu.Unlock()
	for c, u := range h.agents {
		if h.status[u] == wire.StatusAvailable {
			c.sendBytes(b)
		}
	}
}
