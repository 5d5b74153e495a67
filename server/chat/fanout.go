package chat

import (
	"context"
	"time"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// The hub's side of the [Broker]: what it publishes for the other
// instances, and what it does with theirs. Each instance delivers to its
// own connections directly; an event tells the others to read the store
// and deliver to theirs. A visitor counts as online while a connection
// of theirs is open on any instance: every instance publishes the
// conversations of its visitors every SweepEvery (EventHere), and an
// instance that stops doing so (killed) stops counting after remoteTTL.

// remoteTTL is how long another instance's word that a visitor is there
// holds without a heartbeat.
func (h *Hub) remoteTTL() time.Duration { return 3 * h.o.SweepEvery }

// publishTimeout bounds one publish.
const publishTimeout = 5 * time.Second

// publish sends e to the other instances before it returns (nothing
// without a broker), so that what a client is told next (an ack) comes
// after it: a message stored here and acknowledged has been announced,
// and one stored but not acknowledged (this instance died between) is
// sent again by its client, stored as a duplicate, and announced then.
// Never called under h.mu.
func (h *Hub) publish(e Event) {
	if h.o.Broker == nil {
		return
	}
	e.Origin = h.origin
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	if err := h.o.Broker.Publish(ctx, e); err != nil {
		h.o.Logger.Error("chat: publishing an event to the other instances", "kind", e.Kind, "err", err)
	}
}

// PublishWidget tells the other instances that widget appID's
// configuration changed (a console published it here), so that they read
// it again (Options.WidgetChanged). Nothing without a broker.
func (h *Hub) PublishWidget(appID string) { h.publish(Event{Kind: EventWidget, App: appID}) }

// runBroker listens until ctx is done; Run calls it and waits for it.
func (h *Hub) runBroker(ctx context.Context) {
	h.o.Broker.Listen(ctx, func(e Event) { h.remoteEvent(ctx, e) })
}

// remoteEvent handles another instance's event.
func (h *Hub) remoteEvent(ctx context.Context, e Event) {
	if e.Origin == h.origin {
		return
	}
	switch e.Kind {
	case EventMessage:
		h.catchUp(ctx, e.Conversation)
		if e.Agent != "" && (h.hasAgent(e.Agent) || h.watched(e.Conversation)) {
			msgs, err := h.o.Store.Messages(ctx, e.Conversation, e.Seq-1)
			if err == nil && len(msgs) > 0 && msgs[0].Seq == e.Seq {
				h.toAgentAndWatchers(e.Agent, e.Conversation, messageFrame(msgs[0], true), nil)
			}
		}
	case EventTyping:
		if e.By == wire.FromAgent {
			h.toVisitors(e.Conversation, map[string]string{"type": wire.Typing}, nil)
		} else if e.Agent != "" {
			h.toAgent(e.Agent, map[string]string{"type": wire.Typing, "conversation": e.Conversation}, nil)
		}
	case EventEnded:
		h.toVisitors(e.Conversation, endedFrame{Type: wire.Ended, By: e.By}, nil)
		if e.Agent != "" {
			h.toAgent(e.Agent, endedFrame{Type: wire.Ended, Conversation: e.Conversation, By: e.By}, nil)
		}
		h.queueChanged()
	case EventJoined:
		h.toVisitors(e.Conversation, agentJoinedFrame{Type: wire.AgentJoined, Name: e.Name}, nil)
		h.queueChanged()
	case EventStarted:
		h.toAvailable(map[string]string{"type": wire.Notify, "conversation": e.Conversation})
		h.queueChanged()
	case EventQueue:
		h.queueChanged()
	case EventPresence:
		h.remoteHere(e.Origin, []string{e.Conversation}, e.Online)
	case EventHere:
		h.remoteHere(e.Origin, e.Here, true)
	case EventAgents:
		h.remoteAgentsSaid(e.Origin, e.Agents)
	case EventTransfer:
		h.transferArrived(ctx, e)
	case EventWidget:
		if h.o.WidgetChanged != nil {
			h.o.WidgetChanged(ctx, e.App)
		}
	case EventSurvey:
		h.sendSurvey(ctx, e.Conversation)
	case EventOffline:
		h.offlineChanged()
	case EventResync:
		h.publishAgents(true) // listening (again): the others answer with theirs
		h.queueChanged()
		h.offlineChanged()
		h.mu.Lock()
		convs := make([]string, 0, len(h.visitors))
		for id := range h.visitors {
			convs = append(convs, id)
		}
		h.mu.Unlock()
		for _, id := range convs {
			h.catchUp(ctx, id)
		}
	}
}

// catchUp sends the visitor connections of conv on this instance the
// messages they have not had.
func (h *Hub) catchUp(ctx context.Context, conv string) {
	h.mu.Lock()
	seen, any := int64(-1), false
	for c := range h.visitors[conv] {
		if !any || c.seen < seen {
			seen, any = c.seen, true
		}
	}
	h.mu.Unlock()
	if !any {
		return
	}
	msgs, err := h.o.Store.Messages(ctx, conv, seen)
	if err != nil {
		return
	}
	for _, m := range msgs {
		h.toVisitorsMessage(m, nil)
	}
}

// watched reports whether a supervisor's console here watches conv.
func (h *Hub) watched(conv string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.agents {
		if c.watching == conv {
			return true
		}
	}
	return false
}

// hasAgent reports whether user has a console open here.
func (h *Hub) hasAgent(user string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, u := range h.agents {
		if u == user {
			return true
		}
	}
	return false
}

// remoteHere records that the visitors of convs are (or, !online, no
// longer are) connected to instance origin, and tells this instance's
// agents when that changes whether they are online anywhere.
func (h *Hub) remoteHere(origin string, convs []string, online bool) {
	now := h.o.Now()
	h.mu.Lock()
	for _, id := range convs {
		was := h.onlineLocked(id, now)
		at := h.remote[id]
		if online {
			if at == nil {
				at = map[string]time.Time{}
				h.remote[id] = at
			}
			at[origin] = now
		} else {
			delete(at, origin)
			if len(at) == 0 {
				delete(h.remote, id)
			}
			if len(h.visitors[id]) == 0 {
				h.left[id] = now
			}
		}
		if h.onlineLocked(id, now) != was {
			h.presence[id] = !was
		}
	}
	h.mu.Unlock()
	h.signal()
}

// onlineLocked reports whether the visitor of conv has a connection on
// this instance or, as last heard, on another.
func (h *Hub) onlineLocked(conv string, now time.Time) bool {
	if len(h.visitors[conv]) > 0 {
		return true
	}
	for _, t := range h.remote[conv] {
		if now.Sub(t) < h.remoteTTL() {
			return true
		}
	}
	return false
}

// heartbeat publishes the conversations whose visitor is connected here
// (EventHere, in chunks), and forgets other instances' words gone stale:
// their visitor counts as gone from then (h.left), as a closed
// connection here would. Run calls it every SweepEvery.
func (h *Hub) heartbeat() {
	if h.o.Broker == nil {
		return
	}
	now := h.o.Now()
	h.mu.Lock()
	here := make([]string, 0, len(h.visitors))
	for id := range h.visitors {
		here = append(here, id)
	}
	for id, at := range h.remote {
		for origin, t := range at {
			if now.Sub(t) >= h.remoteTTL() {
				delete(at, origin)
				if len(h.visitors[id]) == 0 {
					h.left[id] = t
					h.presence[id] = false
				}
			}
		}
		if len(at) == 0 {
			delete(h.remote, id)
		}
	}
	agentsGone := h.forgetStaleAgentsLocked(now)
	h.mu.Unlock()
	if agentsGone {
		h.rosterChanged()
	}
	h.publishAgents(true)
	for len(here) > 0 {
		n := min(hereChunk, len(here))
		h.publish(Event{Kind: EventHere, Here: here[:n]})
		here = here[n:]
	}
}

// publishStored tells the other instances of a message stored here (also
// of a duplicate: its first store may not have been announced).
func (h *Hub) publishStored(m store.Message, agent string) {
	h.publish(Event{Kind: EventMessage, Conversation: m.Conversation, Seq: m.Seq, Agent: agent})
}
