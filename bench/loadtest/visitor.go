package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/lcwasm/lcwasm/chat"
)

// message is one visitor or agent message of the run.
type message struct {
	conv, cid, text string
	from            string // "visitor" or "agent"
	sentAt          time.Time
	gen             int // the connection it was last sent on
	sends           int
	acked           bool
	seq             int64
}

// visitor is one visitor's chat, delivered as the browser's chat client
// does (package chat): every message has a cid and stays pending until
// acknowledged; after a drop the client waits chat.Backoff, resumes with
// the last seq it saw, takes its own messages in the resumed transcript
// as delivered and sends the rest again.
type visitor struct {
	r           *run
	idx         int
	id          string
	conv, token string
	lastSeq     int64
	seen        map[int64]bool // agent messages received, by seq
	pending     *message
	last        *message // the last acknowledged message
	dup         *message // a stale resend of last, awaiting its ack
	created     int
	attempt     int
	l           *link
	gen         int
	reconnected bool // resumed after the kill
}

func newVisitor(r *run, i int) *visitor {
	return &visitor{r: r, idx: i, id: strconv.Itoa(i), seen: map[int64]bool{}}
}

// chat sends the visitor's messages, one at a time, Interval apart from
// the moment every visitor has started, and returns when all are
// acknowledged; the connection stays open.
func (v *visitor) chat(ctx context.Context) {
	cfg := v.r.cfg
	if !v.hold(ctx, v.r.allStarted) {
		return
	}
	next := time.Now().Add(rand.N(cfg.Interval))
	for v.created < cfg.Messages || v.pending != nil || v.dup != nil {
		if v.l == nil && !v.reconnect(ctx) {
			return
		}
		if v.pending == nil && v.created < cfg.Messages && !time.Now().Before(next) {
			v.created++
			cid := "v" + v.id + "-m" + strconv.Itoa(v.created)
			v.pending = &message{conv: v.conv, cid: cid, from: "visitor", text: "load " + cid}
			v.send(ctx, v.pending)
			// Visitors type at their own pace: jitter keeps a restart's
			// reconnections from sending in step ever after.
			next = time.Now().Add(cfg.Interval/2 + rand.N(cfg.Interval))
		}
		var wake <-chan time.Time
		if v.pending == nil && v.created < cfg.Messages {
			wake = time.After(time.Until(next))
		}
		if !v.step(ctx, wake) {
			return
		}
	}
}

// step handles one event; false when ctx is done.
func (v *visitor) step(ctx context.Context, wake <-chan time.Time) bool {
	select {
	case f := <-v.l.frames:
		v.handle(f)
	case <-v.l.done:
		v.l = nil
	case <-wake:
	case <-ctx.Done():
		return false
	}
	return true
}

// reconnect connects, after chat.Backoff when this is a retry, until it
// succeeds or ctx is done.
func (v *visitor) reconnect(ctx context.Context) bool {
	for try := 0; ; try++ {
		if v.gen > 0 || try > 0 {
			d := chat.Backoff(v.attempt, rand.Float64())
			v.attempt++
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return false
			}
		}
		if v.connect(ctx) {
			v.attempt = 0
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		v.r.count(func(s *stats) { s.failedConnects++ })
	}
}

// connect opens a connection and starts or resumes the conversation on it.
func (v *visitor) connect(ctx context.Context) bool {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ws, err := DialVisitor(dctx, v.r.visitorURL)
	if err != nil {
		return false
	}
	l := newLink(ctx, ws, false)
	if v.conv == "" {
		l.send(dctx, startFrame("v"+v.id, "s"+v.id))
		f, ok := l.await(dctx, "started")
		if !ok {
			v.r.fail(l, f, "visitor "+v.id+": start")
			return false
		}
		v.conv, v.token = f.Conversation, f.Token
		v.l, v.gen = l, v.gen+1
		v.r.started(v)
		return true
	}
	l.send(dctx, map[string]any{"type": "resume", "conversation": v.conv, "token": v.token, "after": v.lastSeq})
	f, ok := l.await(dctx, "resumed")
	if !ok {
		v.r.fail(l, f, "visitor "+v.id+": resume")
		return false
	}
	v.l, v.gen = l, v.gen+1
	for _, m := range f.Messages {
		v.handle(m)
	}
	if v.r.killed() && !v.reconnected {
		v.reconnected = true
		v.r.resumed()
		if n := v.r.cfg.DupEvery; n > 0 && v.last != nil && v.idx%n == 0 {
			// A stale outbox (a tab restored from old storage) sends an
			// acknowledged message again: the server must not store it twice.
			v.dup = &message{cid: v.last.cid, text: v.last.text, seq: v.last.seq}
			v.r.count(func(s *stats) { s.dupSent++ })
			l.send(ctx, map[string]any{"type": "send", "cid": v.dup.cid, "text": v.dup.text})
		}
	}
	if v.pending != nil {
		v.r.count(func(s *stats) { s.resent++ })
		v.send(ctx, v.pending)
	}
	return true
}

func (v *visitor) send(ctx context.Context, m *message) {
	if v.l == nil {
		return // sent after the next resume
	}
	m.sentAt, m.gen = time.Now(), v.gen
	m.sends++
	v.l.send(ctx, map[string]any{"type": "send", "cid": m.cid, "text": m.text})
}

// handle applies a frame from the server.
func (v *visitor) handle(f frame) {
	switch f.Type {
	case "ack":
		v.acked(f.CID, f.Seq, "ack")
	case "message":
		if f.Seq > v.lastSeq {
			v.lastSeq = f.Seq
		}
		if f.From == "agent" {
			v.seen[f.Seq] = true
		}
		if v.pending != nil && f.CID == v.pending.cid {
			v.acked(f.CID, f.Seq, "resume")
		}
	case "error":
		v.r.errorf("visitor %s: error frame %s (cid %s)", v.id, f.Code, f.CID)
	}
}

// acked records the delivery of the pending message (or of the stale
// resend).
func (v *visitor) acked(cid string, seq int64, how string) {
	if d := v.dup; d != nil && cid == d.cid && how == "ack" {
		v.dup = nil
		v.r.count(func(s *stats) {
			if seq == d.seq {
				s.dupRejected++
			} else {
				s.errors = append(s.errors, fmt.Sprintf("visitor %s: resent %s stored again as seq %d (was %d)", v.id, cid, seq, d.seq))
			}
		})
		return
	}
	m := v.pending
	if m == nil || cid != m.cid {
		return
	}
	m.acked, m.seq, m.conv = true, seq, v.conv
	v.pending, v.last = nil, m
	now := time.Now()
	v.r.count(func(s *stats) {
		s.messages = append(s.messages, m)
		switch {
		case how == "resume":
			s.confirmed++
		case m.sends == 1 && m.gen == v.gen:
			ms := float64(now.Sub(m.sentAt).Microseconds()) / 1000
			if s.killAt.IsZero() || m.sentAt.Before(s.killAt) {
				s.before = append(s.before, ms)
			} else {
				s.after = append(s.after, ms)
			}
		}
	})
}

// hold keeps the connection, reconnecting when it drops, until release
// is closed.
func (v *visitor) hold(ctx context.Context, release <-chan struct{}) bool {
	for {
		select {
		case <-release:
			return true
		default:
		}
		if v.l == nil && !v.reconnect(ctx) {
			return false
		}
		select {
		case f := <-v.l.frames:
			v.handle(f)
		case <-v.l.done:
			v.l = nil
		case <-release:
			return true
		case <-ctx.Done():
			return false
		}
	}
}

// drain waits until the visitor has received every agent message in
// want, reconnecting when needed; false when ctx ends first.
func (v *visitor) drain(ctx context.Context, want []int64) bool {
	for {
		missing := false
		for _, seq := range want {
			missing = missing || !v.seen[seq]
		}
		if !missing {
			return true
		}
		if v.l == nil && !v.reconnect(ctx) {
			return false
		}
		if !v.step(ctx, nil) {
			return false
		}
	}
}
