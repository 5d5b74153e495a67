package chat

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/lcwasm/lcwasm/internal/runes"
	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/store"
)

// queueEvery is the shortest time between two queue broadcasts. A change
// is broadcast at once when none went out within it, else at its end,
// together with every change meanwhile: a burst of starts (a server
// restart brings every visitor back at once) costs a few broadcasts, not
// one per start to every agent and every waiting visitor.
const queueEvery = 200 * time.Millisecond

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
	// Preview is the visitor's latest message while waiting, cut to
	// maxPreview characters ("" before they write).
	Preview string `json:"preview"`
}

// maxPreview is how much of a waiting visitor's latest message the queue
// carries, in characters.
const maxPreview = 200

// agentQueueFrame is the whole queue, sent to a console when it connects.
type agentQueueFrame struct {
	Type  string      `json:"type"`
	Items []queueItem `json:"items"`
}

// queueDeltaFrame is what changed in the queue since the last frame: the
// conversations added (in queue order), those whose item changed, and
// the ids of those that left it (accepted, ended, abandoned).
type queueDeltaFrame struct {
	Type    string      `json:"type"`
	Added   []queueItem `json:"added"`
	Updated []queueItem `json:"updated"`
	Removed []string    `json:"removed"`
}

// queueSnapshot is the queue as last broadcast; version counts the
// broadcasts, and frame caches the encoded whole-queue frame.
type queueSnapshot struct {
	items   []queueItem
	version int
	frame   []byte
}

// queueChanged asks Run for a broadcast: at once, or within queueEvery
// of the last one at its end.
func (h *Hub) queueChanged() {
	h.mu.Lock()
	h.dirty = true
	h.mu.Unlock()
	h.signal()
}

// joinAgent registers an agent connection and sends it the queue as last
// broadcast, in one step with the registration, so the deltas that
// follow apply to exactly what it got.
func (h *Hub) joinAgent(user string, c *conn) {
	for {
		h.mu.Lock()
		snap := h.queue
		h.mu.Unlock()
		b := snap.frame
		if b == nil {
			items := snap.items
			if items == nil {
				items = []queueItem{}
			}
			b = encode(agentQueueFrame{Type: wire.Queue, Items: items})
		}
		h.mu.Lock()
		if h.queue.version == snap.version {
			h.queue.frame = b
			h.agents[c] = user
			c.sendBytes(b)
			h.mu.Unlock()
			h.rosterChanged()
			return
		}
		h.mu.Unlock() // a broadcast came between: encode its queue
	}
}

// sendQueue tells every agent what changed in the queue, and each
// waiting visitor its place when its place or expected wait changed. Run
// calls it.
func (h *Hub) sendQueue(ctx context.Context) {
	queued, err := h.o.Store.ByState(ctx, store.Queued)
	if err != nil {
		h.o.Logger.Error("chat: queue", "err", err)
		h.o.Observer.StoreFailed()
		return
	}
	wait := h.averageWait(ctx)
	previews, err := h.o.Store.QueuedPreviews(ctx)
	if err != nil {
		h.o.Logger.Error("chat: queue previews", "err", err)
	}
	h.mu.Lock()
	online := make([]bool, len(queued))
	now := h.o.Now()
	for i, c := range queued {
		online[i] = h.onlineLocked(c.ID, now)
	}
	prev := h.queue.items
	h.mu.Unlock()

	items := make([]queueItem, len(queued))
	for i, c := range queued {
		vc := parseContext(c.Context)
		items[i] = queueItem{Conversation: c.ID, AppID: c.AppID, VisitorName: vc.visitorName(),
			WaitingSinceMs: c.Created.UnixMilli(), Proactive: vc.Proactive, Source: vc.Source,
			RuleID: vc.RuleID, PageURL: vc.PageURL, VisitorOnline: online[i], Preview: runes.Prefix(previews[c.ID], maxPreview)}
	}
	delta := diffQueue(prev, items)
	var deltaBytes []byte
	if len(delta.Added)+len(delta.Updated)+len(delta.Removed) > 0 {
		deltaBytes = encode(delta)
	}

	// Each waiting visitor's place: chosen under the lock (c.told), sent
	// after it, each frame encoded once.
	type told struct {
		f  queueFrame
		to []*conn
	}
	var tell []told
	h.mu.Lock()
	h.queue = queueSnapshot{items: items, version: h.queue.version + 1}
	if deltaBytes != nil {
		for c := range h.agents {
			c.sendBytes(deltaBytes)
		}
	}
	for i, conv := range queued {
		qf := queueFrame{Type: wire.Queue, Position: i + 1, AverageWaitMs: wait}
		var to []*conn
		for c := range h.visitors[conv.ID] {
			if c.told != qf {
				c.told = qf
				to = append(to, c)
			}
		}
		if to != nil {
			tell = append(tell, told{qf, to})
		}
	}
	h.mu.Unlock()
	for _, t := range tell {
		b := encode(t.f)
		for _, c := range t.to {
			c.sendBytes(b)
		}
	}
	h.sendLive(ctx)
}

// diffQueue is the delta from prev to next.
func diffQueue(prev, next []queueItem) queueDeltaFrame {
	d := queueDeltaFrame{Type: wire.QueueDelta, Added: []queueItem{}, Updated: []queueItem{}, Removed: []string{}}
	old := make(map[string]queueItem, len(prev))
	for _, it := range prev {
		old[it.Conversation] = it
	}
	for _, it := range next {
		was, ok := old[it.Conversation]
		switch {
		case !ok:
			d.Added = append(d.Added, it)
		case was != it:
			d.Updated = append(d.Updated, it)
		}
		delete(old, it.Conversation)
	}
	for _, it := range prev {
		if _, gone := old[it.Conversation]; gone {
			d.Removed = append(d.Removed, it.Conversation)
		}
	}
	return d
}

// abandonGone abandons the queued conversations whose visitor has had no
// connection for AbandonAfter: since the last one closed, or since the
// hub started (a restart) or the conversation began, whichever is later.
func (h *Hub) abandonGone(ctx context.Context, started time.Time) {
	now := h.o.Now()
	var gone []string
	h.mu.Lock()
	queued := make(map[string]bool, len(h.queue.items))
	for _, it := range h.queue.items {
		queued[it.Conversation] = true
		if h.onlineLocked(it.Conversation, now) {
			continue
		}
		since := started
		if t, ok := h.left[it.Conversation]; ok {
			since = t
		}
		if created := time.UnixMilli(it.WaitingSinceMs); created.After(since) {
			since = created
		}
		if now.Sub(since) >= h.o.AbandonAfter {
			gone = append(gone, it.Conversation)
		}
	}
	for id, t := range h.left {
		if !queued[id] && now.Sub(t) >= h.o.AbandonAfter {
			delete(h.left, id) // accepted or ended meanwhile
		}
	}
	h.mu.Unlock()
	h.starts.prune(time.Now())
	if h.o.Broker != nil {
		if err := h.o.Store.PruneStarts(ctx, now); err != nil {
			h.o.Logger.Warn("chat: pruning the shared start counts", "err", err)
		}
		if err := h.o.Store.PruneOfflineCounts(ctx, now); err != nil { // the server's offline messages per address
			h.o.Logger.Warn("chat: pruning the shared offline counts", "err", err)
		}
	}
	n := 0
	for _, id := range gone {
		if _, err := h.o.Store.Abandon(ctx, id, now); err == nil {
			n++
		}
	}
	if n > 0 {
		h.o.Logger.Info("chat: abandoned queued conversations whose visitor left", "count", n)
		h.queueChanged()
		h.publish(Event{Kind: EventQueue})
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

// startLimiter counts conversation starts per client address: a bucket
// of perMinute starts, refilled at perMinute a minute.
type startLimiter struct {
	perMinute int
	mu        sync.Mutex
	m         map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes a start from addr's bucket.
func (l *startLimiter) allow(addr string, now time.Time) bool {
	if l.perMinute < 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.m[addr]
	if b == nil {
		b = &bucket{tokens: float64(l.perMinute), last: now}
		l.m[addr] = b
	}
	b.tokens = min(float64(l.perMinute), b.tokens+now.Sub(b.last).Minutes()*float64(l.perMinute))
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sharedStartAllowed counts a start from addr in the store when several
// instances share it (a Broker), so that -starts-per-minute holds across
// them: a sliding window over this UTC minute and the one before,
// weighted by how much of it is still within the last minute. Each
// instance's own bucket (allow) is asked first. A store that fails lets
// the start through: the start itself then meets the store.
func (h *Hub) sharedStartAllowed(ctx context.Context, addr string, now time.Time) bool {
	if h.o.Broker == nil || h.starts.perMinute < 0 {
		return true
	}
	this, prev, err := h.o.Store.CountStart(ctx, addr, now)
	if err != nil {
		h.o.Logger.Warn("chat: counting a start in the store", "err", err)
		return true
	}
	into := float64(now.UnixMilli()%time.Minute.Milliseconds()) / float64(time.Minute.Milliseconds())
	return float64(prev)*(1-into)+float64(this) <= float64(h.starts.perMinute)
}

// prune forgets the buckets full again.
func (l *startLimiter) prune(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for a, b := range l.m {
		if now.Sub(b.last) > startLimiterIdle {
			delete(l.m, a)
		}
	}
}

// clientAddr is the address starts are counted by: the connection's
// remote IP (a proxy in front makes every visitor one address; raise
// StartsPerMinute or turn it off there).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
