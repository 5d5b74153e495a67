package chat

import (
	"context"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/server/store"
)

// queueEvery is the shortest time between two queue broadcasts. A change
// is broadcast at once when none went out within it, else at its end,
// together with every change meanwhile: a burst of starts (a server
// restart brings every visitor back at once) costs a few broadcasts, not
// one per start to every agent and every waiting visitor.
const queueEvery = 200 * time.Millisecond

// queueBroadcast coalesces queue changes.
type queueBroadcast struct {
	mu          sync.Mutex
	busy, again bool
}

// queueItem is one waiting conversation in an agent's queue.
type queueItem struct {
	Conversation   string `json:"conversation"`
	AppID          string `json:"appId"`
	VisitorName    string `json:"visitorName"`
	WaitingSinceMs int64  `json:"waitingSinceMs"`
	Proactive      bool   `json:"proactive"`
	Source         string `json:"source"`
	RuleID         string `json:"ruleId"`
	PageURL        string `json:"pageUrl"`
	VisitorOnline  bool   `json:"visitorOnline"`
}

type agentQueueFrame struct {
	Type  string      `json:"type"`
	Items []queueItem `json:"items"`
}

// queue is the agents' queue frame.
func (h *Hub) queue(ctx context.Context) (agentQueueFrame, []store.Conversation, error) {
	queued, err := h.o.Store.ByState(ctx, store.Queued)
	if err != nil {
		return agentQueueFrame{}, nil, err
	}
	f := agentQueueFrame{Type: "queue", Items: make([]queueItem, 0, len(queued))}
	for _, c := range queued {
		vc := parseContext(c.Context)
		f.Items = append(f.Items, queueItem{Conversation: c.ID, AppID: c.AppID, VisitorName: vc.visitorName(),
			WaitingSinceMs: c.Created.UnixMilli(), Proactive: vc.Proactive, Source: vc.Source,
			RuleID: vc.RuleID, PageURL: vc.PageURL, VisitorOnline: h.visitorOnline(c.ID)})
	}
	return f, queued, nil
}

// queueChanged has every agent told the new queue and every waiting
// visitor their position, now or, within queueEvery of the last
// broadcast, at its end.
func (h *Hub) queueChanged(context.Context) {
	q := &h.broadcast
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.busy {
		q.again = true
		return
	}
	q.busy = true
	go h.broadcastQueue()
}

func (h *Hub) broadcastQueue() {
	q := &h.broadcast
	for {
		h.sendQueue(context.Background())
		time.Sleep(queueEvery) // the broadcasts' pace
		q.mu.Lock()
		if !q.again {
			q.busy = false
			q.mu.Unlock()
			return
		}
		q.again = false
		q.mu.Unlock()
	}
}

// sendQueue sends the queue to every agent, and its place to each
// waiting visitor whose place or expected wait changed.
func (h *Hub) sendQueue(ctx context.Context) {
	f, queued, err := h.queue(ctx)
	if err != nil {
		h.o.Logger.Error("chat: queue", "err", err)
		return
	}
	h.toAgent("", f, nil)
	wait := h.averageWait(ctx)
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, conv := range queued {
		qf := queueFrame{Type: "queue", Position: i + 1, AverageWaitMs: wait}
		for c := range h.visitors[conv.ID] {
			if c.told != qf {
				c.send(qf)
				c.told = qf
			}
		}
	}
}

func (h *Hub) averageWait(ctx context.Context) int64 {
	d, err := h.o.Store.AverageWait(ctx, 20)
	if err != nil {
		return 0
	}
	return d.Milliseconds()
}

// position is a queued conversation's place in the queue (1 = next), 0
// when it is not queued.
func (h *Hub) position(ctx context.Context, id string) int {
	n, err := h.o.Store.Position(ctx, id)
	if err != nil {
		return 0
	}
	return n
}
