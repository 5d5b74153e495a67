package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/chat/chatws"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
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

// visitor is one visitor: a real chat.Client, the browser's, run by
// chatws over a native WebSocket. The client delivers (pending until
// acknowledged, chat.Backoff after a drop, resume after the last seq,
// resend with the same cid); the visitor only types, one message at a
// time, and watches the connection through a chatws.Tap to count resends,
// reconnections and latencies.
//
// Its fields belong to the runner's loop goroutine: the Tap and View
// methods run there, and the visitor's own goroutine reaches them
// through Runner.Do. After Runner.Stop they may be read from anywhere.
type visitor struct {
	r           *run
	idx         int
	id          string
	cr          *chatws.Runner
	wake        chan struct{} // something the visitor's goroutine waits for changed
	conv        string
	seen        map[int64]bool      // agent messages received, by seq
	msgs        map[string]*message // the visitor's messages, by cid
	pending     *message
	last        *message // the last acknowledged message
	dup         *message // a stale resend of last, awaiting its ack
	created     int
	gen         int    // connections opened
	lastIn      string // the type of the frame the client is handling
	reconnected bool   // resumed after the kill
	failed      bool   // the client gave up (the chat ended)
}

func newVisitor(r *run, i int, dials chan struct{}) *visitor {
	v := &visitor{r: r, idx: i, id: strconv.Itoa(i), wake: make(chan struct{}, 1),
		seen: map[int64]bool{}, msgs: map[string]*message{}}
	v.cr = chatws.New(chatws.Options{URL: r.visitorURLs[i%len(r.visitorURLs)], Key: "lcwasm:load", View: v, Tap: v, Log: visitorLog{v},
		Random: &visitorRandom{id: v.id},
		Dial: func(ctx context.Context, url string, o *websocket.DialOptions) (*websocket.Conn, error) {
			select { // at most Config.Dial handshakes at once
			case dials <- struct{}{}:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			defer func() { <-dials }()
			c, _, err := websocket.Dial(ctx, url, o)
			return c, err
		}})
	return v
}

// signal wakes the visitor's goroutine.
func (v *visitor) signal() {
	select {
	case v.wake <- struct{}{}:
	default:
	}
}

// await waits until cond (run on the loop) holds; false when ctx ends.
func (v *visitor) await(ctx context.Context, cond func() bool) bool {
	for {
		var ok bool
		if !v.cr.Do(func(*chat.Client) { ok = cond() }) {
			return false
		}
		if ok {
			return true
		}
		select {
		case <-v.wake:
		case <-ctx.Done():
			return false
		}
	}
}

// start starts the chat and waits for the conversation.
func (v *visitor) start(ctx context.Context) bool {
	var err error
	v.cr.Do(func(c *chat.Client) {
		err = c.Start(chat.Start{Source: "startChat", PageURL: "https://load.example/" + v.id})
	})
	if err != nil {
		v.r.errorf("visitor %s: start: %v", v.id, err)
		return false
	}
	return v.await(ctx, func() bool { return v.conv != "" || v.failed })
}

// chat types the visitor's messages, one at a time, Interval apart from
// the moment every visitor has started, and returns when all are
// acknowledged; the client keeps the connection.
func (v *visitor) chat(ctx context.Context) {
	cfg := v.r.cfg
	select {
	case <-v.r.allStarted:
	case <-ctx.Done():
		return
	}
	next := time.Now().Add(rand.N(cfg.Interval))
	for {
		var done, idle bool
		if !v.cr.Do(func(*chat.Client) {
			done = v.failed || v.created == cfg.Messages && v.pending == nil && v.dup == nil
			idle = v.pending == nil && v.created < cfg.Messages
		}) || done {
			return
		}
		if !idle {
			if !v.await(ctx, func() bool { return v.failed || v.pending == nil && v.dup == nil }) {
				return
			}
			continue
		}
		select {
		case <-time.After(time.Until(next)):
		case <-ctx.Done():
			return
		}
		v.cr.Do(func(c *chat.Client) {
			v.created++
			text := "load v" + v.id + "-m" + strconv.Itoa(v.created)
			// Set before Send: the client may write the frame at once, and
			// the Tap then learns the cid.
			v.pending = &message{from: wire.FromVisitor, text: text}
			m, err := c.Send(text)
			if err != nil {
				v.r.errorf("visitor %s: send: %v", v.id, err)
				v.pending, v.failed = nil, true
				return
			}
			v.pending.cid = m.CID
			v.msgs[m.CID] = v.pending
		})
		// Visitors type at their own pace: jitter keeps a restart's
		// reconnections from sending in step ever after.
		next = time.Now().Add(cfg.Interval/2 + rand.N(cfg.Interval))
	}
}

// drain waits until the visitor has received every agent message in
// want; false when ctx ends first.
func (v *visitor) drain(ctx context.Context, want []int64) bool {
	return v.await(ctx, func() bool {
		for _, seq := range want {
			if !v.seen[seq] {
				return false
			}
		}
		return true
	})
}

// Tap: what crosses the connection, just before the client hears of it.

func (v *visitor) Opened() { v.gen++ }

func (v *visitor) Sent(f map[string]any) {
	if f["type"] != wire.Send {
		return
	}
	cid, _ := f["cid"].(string)
	m := v.msgs[cid]
	if m == nil && v.pending != nil && v.pending.cid == "" && f["text"] == v.pending.text {
		m = v.pending // being sent by Send, which has not returned its cid yet
		v.msgs[cid] = m
	}
	if m == nil {
		return // the stale resend
	}
	if m.sends > 0 {
		v.r.count(func(s *stats) { s.resent++ })
	}
	m.sentAt, m.gen = time.Now(), v.gen
	m.sends++
}

func (v *visitor) Received(tree any) {
	f, _ := tree.(map[string]any)
	typ, _ := f["type"].(string)
	v.lastIn = typ
	switch typ {
	case wire.Started:
		if v.conv == "" {
			v.conv, _ = f["conversation"].(string)
			v.r.started(v)
			v.signal()
		}
	case wire.Resumed:
		if v.r.killed() && !v.reconnected {
			v.reconnected = true
			v.r.resumed()
			v.staleResend()
		}
	case wire.Ack:
		if d := v.dup; d != nil && f["cid"] == d.cid {
			seq, _ := f["seq"].(float64)
			v.dup = nil
			v.r.count(func(s *stats) {
				if int64(seq) == d.seq {
					s.dupRejected++
				} else {
					s.errors = append(s.errors, fmt.Sprintf("visitor %s: resent %s stored again as seq %v (was %d)", v.id, d.cid, seq, d.seq))
				}
			})
			v.signal()
		}
	case wire.Error:
		v.r.errorf("visitor %s: error frame %v (cid %v)", v.id, f["code"], f["cid"])
	}
}

// staleResend plays, for every Config.DupEvery-th visitor, a stale outbox
// (a tab restored from old storage) sending an acknowledged message again
// after the restart: the server must not store it twice. The client
// itself never resends an acknowledged message, so the frame is injected.
func (v *visitor) staleResend() {
	n := v.r.cfg.DupEvery
	if n <= 0 || v.last == nil || v.idx%n != 0 {
		return
	}
	v.dup = &message{cid: v.last.cid, text: v.last.text, seq: v.last.seq}
	v.r.count(func(s *stats) { s.dupSent++ })
	if v.cr.Inject(map[string]any{"type": wire.Send, "cid": v.dup.cid, "text": v.dup.text}) != nil {
		v.dup = nil
		v.r.count(func(s *stats) { s.dupSent-- }) // it did not leave
	}
}

func (v *visitor) Closed(_ int, _ string, opened bool) {
	if !opened {
		v.r.count(func(s *stats) { s.failedConnects++ })
	}
}

// View: what the client shows.

func (v *visitor) Message(m chat.Message, _ string) {
	switch {
	case m.From == wire.FromAgent:
		v.seen[int64(m.Seq)] = true
		v.signal()
	case m.State == chat.Sent && v.pending != nil && m.CID == v.pending.cid:
		v.acked(int64(m.Seq), v.lastIn == wire.Ack)
		v.signal()
	}
}

func (v *visitor) Queue(int, instant.Duration)        {}
func (v *visitor) AgentJoined(string)                 {}
func (v *visitor) Connection(chat.Link, instant.Time) {}
func (v *visitor) Unread(int)                         {}

func (v *visitor) Ended(by string) {
	v.r.errorf("visitor %s: the chat ended (%s)", v.id, by)
	v.failed = true
	v.signal()
}

// acked records the delivery of the pending message, by an ack frame or
// found in a resumed transcript.
func (v *visitor) acked(seq int64, byAck bool) {
	m := v.pending
	m.acked, m.seq, m.conv = true, seq, v.conv
	v.pending, v.last = nil, m
	now := time.Now()
	v.r.count(func(s *stats) {
		s.messages = append(s.messages, m)
		switch {
		case !byAck:
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

// visitorLog reports the client's errors (a refusal, a frame it could not
// read) as the run's; warnings (the drop at the kill) are expected.
type visitorLog struct{ v *visitor }

func (visitorLog) Debug(string)       {}
func (visitorLog) Warn(string)        {}
func (l visitorLog) Error(msg string) { l.v.r.errorf("visitor %s: %s", l.v.id, msg) }

// visitorRandom gives readable ids, unique in the run.
type visitorRandom struct {
	id string
	n  atomic.Int64
}

func (r *visitorRandom) ID() (string, error) {
	return "v" + r.id + "-" + strconv.FormatInt(r.n.Add(1), 10), nil
}
func (r *visitorRandom) Fraction() float64 { return rand.Float64() }
