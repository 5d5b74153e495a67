package loadtest

import (
	"context"
	"encoding/json"

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
	queue  chan []byte   // agent links: the latest queue frame, undecoded
	err    error         // why the connection ended, once done is closed
}

func newLink(ctx context.Context, ws *websocket.Conn, keepQueue bool) *link {
	l := &link{ws: ws, frames: make(chan frame, 1024), done: make(chan struct{})}
	if keepQueue {
		l.queue = make(chan []byte, 1)
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
			if l.queue != nil {
				select { // keep only the newest
				case <-l.queue:
				default:
				}
				l.queue <- b
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
