package e2e

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/wire"
)

// faultProxy stands between the page and a chatService on an address of
// its own, and misbehaves on demand: it can be down (the port closed),
// reset every connection, hold every request unanswered, add latency to
// the WebSocket's upgrade and to each frame, and cut a chat connection,
// or leave it open and silent, around one visitor message or the
// service's "started".
type faultProxy struct {
	t        *testing.T
	upstream *url.URL
	rp       *httputil.ReverseProxy

	mu    sync.Mutex
	addr  string
	srv   *http.Server
	conns map[net.Conn]bool
	// The faults in force.
	reset   bool          // every connection is closed at once
	held    chan struct{} // non-nil: requests, WebSocket upgrades included, wait until it closes
	delay   time.Duration // before the upgrade and before each frame
	cutSend string        // cut the connection instead of passing the visitor's message with this text
	loseAck string        // pass the message with this text, then cut instead of passing its ack
	lostCID string        // the cid of loseAck's message
	// cutStarted: cut the connection instead of passing the service's
	// "started" (the conversation exists; the page does not know it).
	cutStarted bool
	garbage    []string // frames to send the page before the service's next one
	// vanish: the connection stays open and goes silent (half-open), from
	// the message or the ack above on, instead of being cut.
	vanish bool
	cuts   int // connections cut so far
}

// newFaultProxy starts a proxy in front of s, passing everything.
func newFaultProxy(t *testing.T, s *chatService) *faultProxy {
	t.Helper()
	u, err := url.Parse(s.url)
	require.NoError(t, err)
	p := &faultProxy{t: t, upstream: u, addr: "127.0.0.1:0", conns: map[net.Conn]bool{},
		rp: httputil.NewSingleHostReverseProxy(u)}
	p.up()
	t.Cleanup(p.down)
	return p
}

// url is the proxy's origin, the page's data-org-url.
func (p *faultProxy) url() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return "http://" + p.addr
}

// up listens again, on the same address.
func (p *faultProxy) up() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	ln, err := net.Listen("tcp", p.addr)
	require.NoError(p.t, err)
	p.addr = ln.Addr().String()
	p.srv = &http.Server{Handler: http.HandlerFunc(p.serve), ConnState: p.track}
	go p.srv.Serve(ln)
}

// down closes the port and every connection, WebSockets included: the
// browser sees connections refused.
func (p *faultProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.srv == nil {
		return
	}
	_ = p.srv.Close()
	p.srv = nil
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

func (p *faultProxy) track(c net.Conn, s http.ConnState) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch s {
	case http.StateNew:
		p.conns[c] = true
	case http.StateClosed:
		delete(p.conns, c)
	}
}

// set changes the faults in force under the lock.
func (p *faultProxy) set(f func(p *faultProxy)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

func (p *faultProxy) get() faultProxy {
	p.mu.Lock()
	defer p.mu.Unlock()
	return faultProxy{reset: p.reset, held: p.held, delay: p.delay, cutSend: p.cutSend, loseAck: p.loseAck, cuts: p.cuts, vanish: p.vanish}
}

// hang holds every request from now on, until answer.
func (p *faultProxy) hang() { p.set(func(p *faultProxy) { p.held = make(chan struct{}) }) }

// answer lets the held requests through, and the later ones.
func (p *faultProxy) answer() {
	p.set(func(p *faultProxy) {
		close(p.held)
		p.held = nil
	})
}

func (p *faultProxy) serve(w http.ResponseWriter, r *http.Request) {
	f := p.get()
	if f.held != nil {
		select {
		case <-f.held:
		case <-r.Context().Done(): // the page gave up, or the proxy went down
			return
		}
	}
	switch {
	case f.reset:
		if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = c.Close()
		}
	case strings.EqualFold(r.Header.Get("Upgrade"), "websocket"):
		p.relay(w, r, f.delay)
	default:
		p.rp.ServeHTTP(w, r)
	}
}

// relay passes a chat WebSocket to the service, frame by frame, with the
// faults in force.
func (p *faultProxy) relay(w http.ResponseWriter, r *http.Request, delay time.Duration) {
	if !pause(r.Context(), delay) {
		return
	}
	client, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{wire.Subprotocol}, InsecureSkipVerify: true})
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	service, _, err := websocket.Dial(ctx, "ws://"+p.upstream.Host+r.URL.RequestURI(), &websocket.DialOptions{
		Subprotocols: []string{wire.Subprotocol}, HTTPHeader: http.Header{"Origin": {p.upstream.Scheme + "://" + p.upstream.Host}}})
	if err != nil {
		_ = client.CloseNow()
		return
	}
	var once sync.Once
	cut := func() {
		once.Do(func() {
			p.set(func(p *faultProxy) { p.cuts++ })
			_ = client.CloseNow() // no closing handshake: the browser sees 1006
			_ = service.CloseNow()
			cancel()
		})
	}
	var silent atomic.Bool // half-open: nothing passes either way
	fault := func() {
		if p.get().vanish {
			silent.Store(true)
		} else {
			cut()
		}
	}
	go p.pump(ctx, client, service, &silent, fault, p.up2down)
	p.pump(ctx, service, client, &silent, fault, func(frame map[string]any) bool {
		for _, g := range p.takeGarbage() {
			_ = client.Write(ctx, websocket.MessageText, []byte(g))
		}
		return p.down2up(frame)
	})
	_ = client.CloseNow()
	_ = service.CloseNow()
}

// pump copies frames from src to dst until either side fails, or drops
// them while silent; inspect says whether a frame is the fault's moment.
func (p *faultProxy) pump(ctx context.Context, src, dst *websocket.Conn, silent *atomic.Bool, fault func(), inspect func(frame map[string]any) bool) {
	for {
		typ, b, err := src.Read(ctx)
		if err != nil {
			code := websocket.CloseStatus(err)
			if code >= 0 {
				_ = dst.Close(code, "")
			} else {
				_ = src.CloseNow()
				_ = dst.CloseNow()
			}
			return
		}
		var frame map[string]any
		_ = json.Unmarshal(b, &frame)
		if !silent.Load() && inspect(frame) {
			fault()
		}
		if silent.Load() {
			continue
		}
		if ctx.Err() != nil {
			return
		}
		if !pause(ctx, p.get().delay) || dst.Write(ctx, typ, b) != nil {
			return
		}
	}
}

// up2down looks at a frame from the visitor.
func (p *faultProxy) up2down(frame map[string]any) bool {
	if frame["type"] != wire.Send {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch frame["text"] {
	case p.cutSend:
		p.cutSend = ""
		return true
	case p.loseAck:
		p.loseAck, p.lostCID = "", frame["cid"].(string)
	}
	return false
}

// takeGarbage returns the garbage frames to send, once.
func (p *faultProxy) takeGarbage() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.garbage
	p.garbage = nil
	return g
}

// down2up looks at a frame from the service.
func (p *faultProxy) down2up(frame map[string]any) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if frame["type"] == wire.Started && p.cutStarted {
		p.cutStarted = false
		return true
	}
	if frame["type"] != wire.Ack {
		return false
	}
	if p.lostCID != "" && frame["cid"] == p.lostCID {
		p.lostCID = ""
		return true
	}
	return false
}

// pause waits d, or less when ctx ends first (false then).
func pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
