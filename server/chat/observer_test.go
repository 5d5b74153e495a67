package chat_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
)

// recorder is a chat.Observer that counts what it is told.
type recorder struct {
	mu      sync.Mutex
	stored  map[string]int
	acked   map[string]int
	failed  int
	refused map[string]int
}

func newRecorder() *recorder {
	return &recorder{stored: map[string]int{}, acked: map[string]int{}, refused: map[string]int{}}
}

func (r *recorder) MessageStored(from string) { r.mu.Lock(); r.stored[from]++; r.mu.Unlock() }
func (r *recorder) Acked(from string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if d >= 0 && d < time.Minute {
		r.acked[from]++
	}
}
func (r *recorder) StoreFailed()         { r.mu.Lock(); r.failed++; r.mu.Unlock() }
func (r *recorder) Refused(limit string) { r.mu.Lock(); r.refused[limit]++; r.mu.Unlock() }

func (r *recorder) snapshot() (stored, acked, refused map[string]int, failed int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cp := func(m map[string]int) map[string]int {
		out := map[string]int{}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	return cp(r.stored), cp(r.acked), cp(r.refused), r.failed
}

// The hub tells its Observer of each stored message and ack, of the
// per-address refusals and of store failures, and Stats counts its
// sockets and queue.
func TestObserverAndStats(t *testing.T) {
	rec := newRecorder()
	e := newEnv(t, "", nil)
	e.opts = func(o *chat.Options) {
		o.Observer = rec
		o.StartsPerMinute = 1
		o.SocketsPerAddress = 3
	}
	e.restart()
	v := e.visitor()
	conv, _ := v.start("v1", nil)
	require.Eventually(t, func() bool { s := e.hub.Stats(); return s.Queued == 1 }, 5*time.Second, 10*time.Millisecond)
	s := e.hub.Stats()
	assert.Equal(t, 1, s.VisitorSockets)
	assert.False(t, s.OldestWaitingSince.IsZero())
	v.send(frame{"type": "send", "cid": "m1", "text": "hello"})
	v.expect("ack")
	v.send(frame{"type": "send", "cid": "m1", "text": "hello"}) // a resend: acked, not stored
	v.expect("ack")

	a := e.agent("alice")
	a.send(frame{"type": "accept", "conversation": conv})
	a.expect("conversation")
	a.send(frame{"type": "send", "conversation": conv, "cid": "a1", "text": "hi"})
	a.expect("ack", "message")
	s = e.hub.Stats()
	assert.Equal(t, chat.Stats{VisitorSockets: 1, AgentSockets: 1, AgentsOnline: 1, Queued: s.Queued,
		OldestWaitingSince: s.OldestWaitingSince}, s)

	v2 := e.visitor() // the third socket of 127.0.0.1
	v2.send(frame{"type": "start", "cid": "s2", "visitor": frame{"id": "v2"}})
	v2.expect("error")
	assert.Equal(t, chat.StatusTooManyStarts, v2.closed(), "one start a minute")
	_, _, err := e.dial("/api/v1/widgets/w1/chat", dialOpts()) // the third again
	require.NoError(t, err)
	_, resp, err := e.dial("/api/v1/widgets/w1/chat", dialOpts())
	require.Error(t, err, "the fourth")
	require.NotNil(t, resp)

	e.store.Close() // every store call fails from now on
	v.send(frame{"type": "send", "cid": "m2", "text": "anyone?"})
	v.expect("error", "agentJoined", "message")

	stored, acked, refused, failed := rec.snapshot()
	assert.Equal(t, map[string]int{"visitor": 1, "agent": 1}, stored)
	assert.Equal(t, map[string]int{"visitor": 2, "agent": 1}, acked)
	assert.Equal(t, 1, refused[chat.LimitStarts])
	assert.GreaterOrEqual(t, refused[chat.LimitSockets], 1)
	assert.GreaterOrEqual(t, failed, 1)
}
