package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// Close codes beyond the standard ones (package wire).
const (
	StatusAuthFailed         websocket.StatusCode = wire.CloseAuthFailed
	StatusOriginNotAllowed   websocket.StatusCode = wire.CloseOriginNotAllowed
	StatusServiceRestart     websocket.StatusCode = wire.CloseServiceRestart
	StatusTooManyStarts      websocket.StatusCode = wire.CloseTooManyStarts
	StatusTooManyConnections websocket.StatusCode = wire.CloseTooManyConnections
	StatusOutdated           websocket.StatusCode = wire.CloseOutdated
)

// Limits of a connection.
const (
	MaxFrameBytes = wire.MaxFrameBytes // larger frames close the connection with 1009
	MaxTextRunes  = wire.MaxTextLength // longer message texts are refused
	maxIDLen      = wire.MaxIDLength   // client ids, visitor ids, conversation ids
	rateBurst     = wire.RateBurst     // frames a visitor may send at once…
	ratePerSecond = wire.RatePerSecond // …and per second after that; more closes with 1008
	sendQueue     = 64                 // frames waiting for a slow client before it is dropped
	readAhead     = 64                 // frames read, counted and waiting for the handler
	writeTimeout  = 10 * time.Second
)

// conn is one WebSocket with a writer goroutine, so the hub never blocks
// on a slow client: when its queue is full the connection is closed.
type conn struct {
	ws     *websocket.Conn
	out    chan []byte
	in     chan in // frames read ahead; closed when reading ends
	done   chan struct{}
	once   sync.Once
	code   websocket.StatusCode // set by close, read by the writer after done
	reason string
	seen   int64      // visitor connections: the last message seq sent (guarded by Hub.mu)
	told   queueFrame // visitor connections: the last queue broadcast sent (guarded by Hub.mu)
	// watching is the conversation a supervisor's console has open
	// read-only ("" none; guarded by Hub.mu).
	watching string
	tokens   float64
	last     time.Time
	limit    rateLimit
	agent    bool // the console's channel (else a visitor's)
}

// rateLimit is a connection's frame budget: burst frames at once, then
// perSecond.
type rateLimit struct{ burst, perSecond float64 }

// Frame limits of the two channels.
var (
	visitorLimit = rateLimit{rateBurst, ratePerSecond}
	agentLimit   = rateLimit{wire.AgentRateBurst, wire.AgentRatePerSecond}
)

// newConn starts the connection's reader, writer and heartbeat, owned by
// the hub: Shutdown closes the connection and waits for the three. Writes
// do not use the request's context: it ends with the handler, and a frame
// queued just before a close (an error before 4401) must still go out.
// The caller holds a hub.enter.
func (h *Hub) newConn(ws *websocket.Conn, limit rateLimit) *conn {
	ws.SetReadLimit(MaxFrameBytes)
	c := &conn{ws: ws, out: make(chan []byte, sendQueue), in: make(chan in, readAhead),
		done: make(chan struct{}), tokens: limit.burst, last: time.Now(), limit: limit, agent: limit == agentLimit}
	h.mu.Lock()
	h.conns[c] = struct{}{}
	h.mu.Unlock()
	h.spawn(c.readLoop)
	h.spawn(c.writeLoop)
	h.spawn(func() { c.heartbeat(h.o.PingInterval) })
	h.spawn(func() {
		<-c.done
		h.mu.Lock()
		delete(h.conns, c)
		h.mu.Unlock()
	})
	return c
}

// heartbeat pings the peer; one that does not answer within the interval
// (a sleeping laptop, a dropped network) is closed, so an agent's presence
// and a visitor's tabs do not outlive their connection.
func (c *conn) heartbeat(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), every)
			err := c.ws.Ping(ctx)
			cancel()
			if err != nil {
				c.close(websocket.StatusGoingAway, "no answer to ping")
				c.ws.CloseNow()
				return
			}
		}
	}
}

func (c *conn) writeLoop() {
	for {
		select {
		case b := <-c.out:
			if !c.write(b) {
				c.close(websocket.StatusGoingAway, "write failed")
				c.ws.CloseNow()
				return
			}
		case <-c.done:
			// Frames queued before the close still go out, in order,
			// then the close frame.
			for {
				select {
				case b := <-c.out:
					if c.write(b) {
						continue
					}
				default:
				}
				break
			}
			c.ws.Close(c.code, c.reason)
			return
		}
	}
}

func (c *conn) write(b []byte) bool {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, b) == nil
}

// encode is a frame as sent: callers encode once, before taking Hub.mu,
// and hand the same bytes to every recipient.
func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // frames are plain structs
	}
	return b
}

// send encodes and queues a frame for this connection alone; it never
// blocks.
func (c *conn) send(v any) { c.sendBytes(encode(v)) }

// sendBytes queues an encoded frame; it never blocks.
func (c *conn) sendBytes(b []byte) {
	select {
	case <-c.done:
	case c.out <- b:
	default:
		c.close(websocket.StatusPolicyViolation, "too slow")
	}
}

// close makes the writer send what is queued, then close with code. Only
// the first call counts.
func (c *conn) close(code websocket.StatusCode, reason string) {
	c.once.Do(func() {
		c.code, c.reason = code, reason
		close(c.done)
	})
}

// cost is what a frame takes from the bucket: typing notices, which a
// widget may send per keystroke, a fifth of a token.
func cost(b []byte) float64 {
	if len(b) < 40 && bytes.Contains(b, []byte(`"typing"`)) {
		return 0.2
	}
	return 1
}

// allow takes n tokens from the connection's bucket.
func (c *conn) allow(now time.Time, n float64) bool {
	c.tokens += now.Sub(c.last).Seconds() * c.limit.perSecond
	c.last = now
	if c.tokens > c.limit.burst {
		c.tokens = c.limit.burst
	}
	if c.tokens < n {
		return false
	}
	c.tokens -= n
	return true
}

// read returns the next frame, or false when the connection is over (or
// closing: frames read ahead are not handled after a close) or ctx is
// done first.
func (c *conn) read(ctx context.Context) (in, bool) {
	select {
	case <-c.done:
		return in{}, false
	default:
	}
	select {
	case f, ok := <-c.in:
		return f, ok
	case <-c.done:
		return in{}, false
	case <-ctx.Done():
		return in{}, false
	}
}

// readLoop reads frames as they arrive, so the rate limit counts what the
// client sent when it sent it, not when a handler busy with the store
// got to it. A frame that is not a JSON object of text type closes the
// connection (1003 / 1007); too many frames close it with 1008.
func (c *conn) readLoop() {
	defer close(c.in)
	for {
		f, ok := c.next()
		if !ok {
			return
		}
		select {
		case c.in <- f:
		case <-c.done:
			return
		}
	}
}

func (c *conn) next() (in, bool) {
	typ, b, err := c.ws.Read(context.Background())
	if err != nil {
		// A closing peer, a frame over the read limit (the library has
		// already sent 1009), our own close or a dead network.
		c.close(websocket.StatusNormalClosure, "")
		return in{}, false
	}
	if !c.allow(time.Now(), cost(b)) {
		c.close(websocket.StatusPolicyViolation, "rate limit")
		return in{}, false
	}
	if typ != websocket.MessageText {
		c.close(websocket.StatusUnsupportedData, "text frames only")
		return in{}, false
	}
	var f in
	if err := json.Unmarshal(b, &f); err != nil || f.Type == "" {
		c.close(websocket.StatusInvalidFramePayloadData, "want a JSON object with a type")
		return in{}, false
	}
	f.arrived = time.Now()
	return f, true
}
