package loadtest

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/coder/websocket"
)

// link is one open WebSocket with a reader goroutine, so the owner can
// wait for a frame, a timer and the connection's end at once (a Read
// with a deadline would close the connection when the deadline passes).
// The reader never stops reading: a client that does not read is one
// the server drops as too slow.
type link struct {
	ws     *websocket.Conn
	frames chan frame
	done   chan struct{} // closed when the connection is gone
	err    error         // why the connection ended, once done is closed

	// Agent links: the waiting conversations, in queue order, as the
	// whole queue and the deltas after it tell them.
	mu      sync.Mutex
	waiting []string
	queued  map[string]bool
}

func newLink(ctx context.Context, ws *websocket.Conn, keepQueue bool) *link {
	l := &link{ws: ws, frames: make(chan frame, 1024), done: make(chan struct{})}
	if keepQueue {
		l.queued = map[string]bool{}
	}
	go l.read(ctx)
	return l
}

func (l *link) read(ctx context.Context) {
	defer close(l.done)
	for {
		_, b, err := l.ws.Read(ctx)
		if err != nil {
			l.err = err
			return
		}
		if isQueue(b) {
			if l.queued != nil {
				l.applyQueue(b)
			}
			continue
		}
		var f frame
		if json.Unmarshal(b, &f) != nil {
			continue
		}
		select {
		case l.frames <- f:
		case <-ctx.Done():
			return
		}
	}
}

// send writes v; a failed write closes the link, so its done follows.
func (l *link) send(ctx context.Context, v any) bool {
	if err := WriteFrame(ctx, l.ws, v); err != nil {
		l.ws.CloseNow()
		return false
	}
	return true
}

// close drops the connection and waits for the reader to end.
func (l *link) close() {
	l.ws.CloseNow()
	<-l.done
}

// await waits for a frame of type typ (or an error frame), skipping
// others, until the link ends or ctx is done.
func (l *link) await(ctx context.Context, typ string) (frame, bool) {
	for {
		select {
		case f := <-l.frames:
			if f.Type == typ || f.Type == "error" {
				return f, f.Type == typ
			}
		case <-l.done:
			return frame{}, false
		case <-ctx.Done():
			return frame{}, false
		}
	}
}

// applyQueue applies a queue frame (the whole queue) or a queueDelta to
// the link's waiting list.
func (l *link) applyQueue(b []byte) {
	var q struct {
		Items   []struct{ Conversation string }
		Added   []struct{ Conversation string }
		Removed []string
	}
	if json.Unmarshal(b, &q) != nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if q.Items != nil {
		l.waiting, l.queued = nil, map[string]bool{}
		q.Added = q.Items
	}
	for _, it := range q.Added {
		if !l.queued[it.Conversation] {
			l.queued[it.Conversation] = true
			l.waiting = append(l.waiting, it.Conversation)
		}
	}
	if len(q.Removed) > 0 {
		gone := map[string]bool{}
		for _, id := range q.Removed {
			gone[id] = true
			delete(l.queued, id)
		}
		kept := l.waiting[:0]
		for _, id := range l.waiting {
			if !gone[id] {
				kept = append(kept, id)
			}
		}
		l.waiting = kept
	}
}
