package chatws

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	mrand "math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// readLimit bounds one incoming frame; a resumed frame carries the whole
// transcript after the seq asked for (the browser has no such limit).
const readLimit = 16 << 20

// writeTimeout bounds one frame's write, as a browser's buffered send
// would not block the page.
const writeTimeout = 10 * time.Second

// Options configure a Runner. Only URL is required.
type Options struct {
	URL    string // ws://…/api/v1/widgets/{appId}/chat
	Key    string // chat.Config.Key; "" is "lcwasm:native"
	Origin string // the Origin header, "" for none

	View   chat.View   // nil: nothing is shown
	Events chat.Events // nil: events are dropped
	Log    chat.Logger // nil: the console is dropped
	Store  chat.Store  // nil: a fresh MemoryStore
	Random chat.Random // nil: crypto/rand ids and math/rand fractions

	// Tap, when set, sees the connection as the client does, on the loop
	// goroutine and just before the client hears of it.
	Tap Tap

	// Dial opens the WebSocket; nil is websocket.Dial with the
	// subprotocol and Origin. A load test limits concurrent dials here.
	Dial func(ctx context.Context, url string, o *websocket.DialOptions) (*websocket.Conn, error)
}

// Tap observes a Runner's connection. Its methods run on the loop
// goroutine; they may call Runner.Inject but not Runner.Do.
type Tap interface {
	Opened()
	Sent(frame map[string]any)
	Received(tree any)
	Closed(code int, reason string, opened bool) // opened: the connection had opened
}

// Runner owns one chat.Client and the goroutine all its calls run on.
type Runner struct {
	c     *chat.Client
	o     Options
	ctx   context.Context
	stop  context.CancelFunc
	do    chan func()
	done  chan struct{}
	timer *time.Timer
	wake  instant.Time
	sock  socket
	wg    sync.WaitGroup // dial and read goroutines
}

// New starts a Runner; Stop ends it.
func New(o Options) *Runner {
	if o.Key == "" {
		o.Key = "lcwasm:native"
	}
	if o.View == nil {
		o.View = nopView{}
	}
	if o.Events == nil {
		o.Events = nopEvents{}
	}
	if o.Log == nil {
		o.Log = nopLog{}
	}
	if o.Store == nil {
		o.Store = MemoryStore{}
	}
	if o.Random == nil {
		o.Random = cryptoRandom{}
	}
	if o.Dial == nil {
		o.Dial = func(ctx context.Context, url string, d *websocket.DialOptions) (*websocket.Conn, error) {
			c, _, err := websocket.Dial(ctx, url, d)
			return c, err
		}
	}
	r := &Runner{o: o, do: make(chan func(), 64), done: make(chan struct{}), timer: time.NewTimer(time.Hour)}
	r.timer.Stop()
	r.ctx, r.stop = context.WithCancel(context.Background())
	r.sock.r = r
	r.c = chat.New(chat.Config{URL: o.URL, Key: o.Key}, chat.Deps{
		Socket: &r.sock, Clock: wallClock{}, Timer: (*runnerTimer)(r), Store: o.Store, Events: o.Events,
		Log: o.Log, Random: o.Random, View: o.View, JSON: stdJSON{},
	})
	go r.loop()
	return r
}

func (r *Runner) loop() {
	defer close(r.done)
	for {
		select {
		case fn := <-r.do:
			fn()
		case <-r.timer.C:
			r.wake = 0
			r.c.Tick()
		case <-r.ctx.Done():
			return
		}
	}
}

// Do runs fn with the client on the loop goroutine and waits for it;
// false when the Runner has stopped.
func (r *Runner) Do(fn func(c *chat.Client)) bool {
	ran := make(chan struct{})
	select {
	case r.do <- func() { fn(r.c); close(ran) }:
	case <-r.done:
		return false
	}
	select {
	case <-ran:
		return true
	case <-r.done:
		return false
	}
}

// post queues fn on the loop without waiting; dropped once stopped.
func (r *Runner) post(fn func()) {
	select {
	case r.do <- fn:
	case <-r.ctx.Done():
	}
}

// Inject writes frame on the open connection as the client would: for a
// load test's faults (a stale tab resending an acknowledged message). Call
// it on the loop (from a Tap, or inside Do).
func (r *Runner) Inject(frame map[string]any) error { return r.sock.Send(frame) }

// Kill drops the connection without a closing handshake, as a network
// failure would; the client hears of it as close code 1006.
func (r *Runner) Kill() {
	r.Do(func(*chat.Client) {
		if r.sock.conn != nil {
			r.sock.conn.CloseNow()
		}
	})
}

// Stop closes the connection and ends the loop, waiting for every
// goroutine the Runner started.
func (r *Runner) Stop() {
	r.Do(func(*chat.Client) { r.sock.Close() })
	r.stop()
	<-r.done
	r.timer.Stop()
	r.wg.Wait()
}

type runnerTimer Runner

// WakeAt implements chat.Timer.
func (t *runnerTimer) WakeAt(at instant.Time) {
	r := (*Runner)(t)
	if at.Equal(r.wake) {
		return
	}
	r.timer.Stop()
	r.wake = at
	if !at.IsZero() {
		r.timer.Reset(time.Until(time.Unix(0, at.UnixNano())))
	}
}

// socket is chat.Socket over coder/websocket. Its goroutines report back
// through the loop; a generation counter drops what an older connection
// still says, as the browser drops a closed WebSocket's events.
type socket struct {
	r    *Runner
	conn *websocket.Conn
	gen  int
}

// report runs fn on the loop if connection gen is still the current one.
func (s *socket) report(gen int, fn func()) {
	s.r.post(func() {
		if gen == s.gen {
			fn()
		}
	})
}

func (s *socket) Open(url string) {
	s.Close()
	s.gen++
	gen, r := s.gen, s.r
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		h := http.Header{}
		if r.o.Origin != "" {
			h.Set("Origin", r.o.Origin)
		}
		ctx, cancel := context.WithTimeout(r.ctx, time.Duration(chat.ConnectTimeout))
		conn, err := r.o.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{wire.Subprotocol}, HTTPHeader: h})
		cancel()
		if err != nil {
			s.report(gen, func() { s.closed(1006, "chatws: "+err.Error(), false) })
			return
		}
		conn.SetReadLimit(readLimit)
		r.post(func() {
			if gen != s.gen { // closed while dialling
				conn.CloseNow()
				return
			}
			s.conn = conn
			if t := r.o.Tap; t != nil {
				t.Opened()
			}
			r.c.Opened()
		})
		for {
			_, b, err := conn.Read(r.ctx)
			if err != nil {
				conn.CloseNow()
				code, reason := 1006, ""
				var ce websocket.CloseError
				if errors.As(err, &ce) {
					code, reason = int(ce.Code), ce.Reason
				}
				s.report(gen, func() { s.closed(code, reason, true) })
				return
			}
			var tree any
			if json.Unmarshal(b, &tree) != nil {
				continue // the browser's JSON.parse would throw: the bridge drops it
			}
			s.report(gen, func() {
				if t := r.o.Tap; t != nil {
					t.Received(tree)
				}
				r.c.Received(tree)
			})
		}
	}()
}

func (s *socket) closed(code int, reason string, opened bool) {
	s.conn = nil
	if t := s.r.o.Tap; t != nil {
		t.Closed(code, reason, opened)
	}
	s.r.c.Closed(code, reason)
}

func (s *socket) Send(frame map[string]any) error {
	if s.conn == nil {
		return errors.New("chatws: not open")
	}
	b, err := json.Marshal(frame)
	if err != nil {
		return errors.New("chatws: " + err.Error())
	}
	if t := s.r.o.Tap; t != nil {
		t.Sent(frame)
	}
	ctx, cancel := context.WithTimeout(s.r.ctx, writeTimeout)
	defer cancel()
	return s.conn.Write(ctx, websocket.MessageText, b)
}

// Close closes the connection with 1000 in the background, as the
// browser's WebSocket.close does, and forgets it.
func (s *socket) Close() {
	s.gen++
	if c := s.conn; c != nil {
		s.conn = nil
		s.r.wg.Add(1)
		go func() {
			defer s.r.wg.Done()
			c.Close(websocket.StatusNormalClosure, "")
		}()
	}
}

// MemoryStore is a chat.Store in memory: one tab's localStorage. Share
// one between Runners to model tabs of one browser (then guard it: the
// Runners' loops run concurrently).
type MemoryStore map[string]string

// Get implements chat.Store.
func (m MemoryStore) Get(key string) (string, bool) { v, ok := m[key]; return v, ok }

// Set implements chat.Store.
func (m MemoryStore) Set(key, value string) { m[key] = value }

// Remove implements chat.Store.
func (m MemoryStore) Remove(key string) { delete(m, key) }

type wallClock struct{}

func (wallClock) Now() instant.Time { return instant.From(time.Now()) }

type cryptoRandom struct{}

func (cryptoRandom) ID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

func (cryptoRandom) Fraction() float64 { return mrand.Float64() }

type stdJSON struct{}

func (stdJSON) Stringify(tree any) (string, error) {
	b, err := json.Marshal(tree)
	return string(b), err
}

func (stdJSON) Parse(text string) (any, error) {
	var v any
	err := json.Unmarshal([]byte(text), &v)
	return v, err
}

type nopView struct{}

func (nopView) Message(chat.Message, string)       {}
func (nopView) Queue(int, instant.Duration)        {}
func (nopView) AgentJoined(string)                 {}
func (nopView) Connection(chat.Link, instant.Time) {}
func (nopView) Ended(string)                       {}
func (nopView) Unread(int)                         {}

type nopEvents struct{}

func (nopEvents) Emit(string, map[string]any) {}

type nopLog struct{}

func (nopLog) Debug(string) {}
func (nopLog) Warn(string)  {}
func (nopLog) Error(string) {}
