package chat

import (
	"context"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// The consoles' count of offline messages waiting for an agent: the
// server tells the hub when a visitor leaves one or an agent marks one
// (OfflineChanged), and Run sends every console here the count read
// from the store, once however many changes came since the last frame.
// The other instances hear of it through the broker (EventOffline) and
// count for their own consoles.

// offlineWaitingFrame is wire.OfflineWaiting.
type offlineWaitingFrame struct {
	Type    string `json:"type"`
	Waiting int    `json:"waiting"`
}

// OfflineChanged tells the consoles on every instance that an offline
// message was left or marked handled (or waiting again): they are sent
// the new count of the waiting ones. Never called under h.mu.
func (h *Hub) OfflineChanged() {
	h.offlineChanged()
	h.publish(Event{Kind: EventOffline})
}

// offlineChanged has Run send the count to this instance's consoles.
func (h *Hub) offlineChanged() {
	h.mu.Lock()
	h.offlineDirty = true
	h.mu.Unlock()
	h.signal()
}

// sendOfflineWaiting sends every console here the count of offline
// messages waiting, when it may have changed. Run calls it, so the
// frames go out in the order they were counted.
func (h *Hub) sendOfflineWaiting(ctx context.Context) {
	h.mu.Lock()
	due := h.offlineDirty && len(h.agents) > 0
	if due {
		h.offlineDirty = false
	}
	h.mu.Unlock()
	if !due {
		return
	}
	n, err := h.o.Store.WaitingOfflineMessages(ctx)
	if err != nil {
		h.o.Logger.Warn("chat: counting the offline messages waiting", "err", err)
		return
	}
	b := encode(offlineWaitingFrame{Type: wire.OfflineWaiting, Waiting: n})
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.agents {
		c.sendBytes(b)
	}
}
