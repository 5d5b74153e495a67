package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/internal/wire"

	"github.com/coder/websocket"

	"github.com/lcwasm/lcwasm/chat"
)

// agentTick paces the agent's frames under the server's 5 per second.
const agentTick = 250 * time.Millisecond

// maxPending bounds the replies awaiting their ack: a reconnect sends
// them all at once, within the server's burst of 20 frames.
const maxPending = 5

// agent is one agent console: signed in with the demo account, it
// accepts up to Config.Accept waiting conversations and answers the
// newest visitor message of each, one frame per tick. Its replies are
// delivered like the visitors' messages: pending until acknowledged,
// sent again after a reconnect.
type agent struct {
	r         *run
	base      string // http://host:port of its instance
	accept    int    // conversations it accepts
	cidPrefix string // of its replies: "a", or "a<n>." with several agents
	taken     int    // accepts another instance's agent won
	// tried holds every conversation it sent an accept for, lost those
	// another agent won: with several instances every agent is the demo
	// user, so a console is also sent the others' conversations.
	tried, lost map[string]bool
	cookie      *http.Cookie
	csrf        string
	l           *link
	gen         int
	attempt     int
	asked       map[string]bool // conversations it tried to accept
	mine        map[string]bool // conversations it holds
	needReply   []string
	pending     []*message
	sent        int
	stopping    bool // the visitors are done: deliver what is pending, start nothing
	reconnects  int
}

// signIn posts the demo account's credentials and reads the session's
// CSRF token.
func (a *agent) signIn(ctx context.Context) error {
	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, "POST", a.base+"/agent/login",
		strings.NewReader(url.Values{"user": {"demo"}, "password": {"demo"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("loadtest: sign-in: %w", err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "lcw_agent" {
			a.cookie = c
		}
	}
	if resp.StatusCode != http.StatusSeeOther || a.cookie == nil {
		return fmt.Errorf("loadtest: sign-in: HTTP %d, no session cookie", resp.StatusCode)
	}
	req, _ = http.NewRequestWithContext(ctx, "GET", a.base+"/agent/session", nil)
	req.AddCookie(a.cookie)
	resp, err = client.Do(req)
	if err != nil {
		return fmt.Errorf("loadtest: session: %w", err)
	}
	defer resp.Body.Close()
	var s struct{ CSRF string }
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &s); err != nil || s.CSRF == "" {
		return fmt.Errorf("loadtest: session: HTTP %d %s", resp.StatusCode, b)
	}
	a.csrf = s.CSRF
	return nil
}

// connect opens the console's WebSocket with the session cookie.
func (a *agent) connect(ctx context.Context) bool {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ws, err := dial(dctx, "ws"+strings.TrimPrefix(a.base, "http")+"/agent/ws",
		&websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {a.cookie.String()}}})
	if err != nil {
		return false
	}
	l := newLink(ctx, ws, true)
	l.send(dctx, map[string]any{"type": wire.Auth, "csrf": a.csrf, "protocol": wire.AgentProtocol})
	if f, ok := l.await(dctx, wire.Hello); !ok {
		a.r.fail(l, f, "agent: auth")
		return false
	}
	if a.gen > 0 {
		a.reconnects++
		for conv := range a.asked {
			if !a.mine[conv] {
				delete(a.asked, conv) // the accept may have been lost: ask again
			}
		}
	}
	a.l, a.gen = l, a.gen+1
	for _, m := range a.pending {
		m.sends++
		a.l.send(ctx, sendFrame(m))
	}
	return true
}

func sendFrame(m *message) map[string]any {
	return map[string]any{"type": wire.Send, "conversation": m.conv, "cid": m.cid, "text": m.text}
}

// work runs the console until stop is closed and every reply is
// acknowledged, or ctx ends.
func (a *agent) work(ctx context.Context, stop <-chan struct{}) {
	tick := time.NewTicker(agentTick)
	defer tick.Stop()
	for !a.stopping || len(a.pending) > 0 {
		if a.l == nil {
			d := chat.Backoff(a.attempt, rand.Float64())
			a.attempt++
			select {
			case <-time.After(time.Duration(d)):
			case <-ctx.Done():
				return
			}
			if a.connect(ctx) {
				a.attempt = 0
				a.r.logf("agent console back")
			}
			continue
		}
		select {
		case f := <-a.l.frames:
			a.handle(f)
		case <-a.l.done:
			a.r.logf("agent console dropped: %v", a.l.err)
			a.l = nil
		case <-tick.C:
			a.act(ctx)
		case <-stop:
			a.stopping, stop = true, nil
		case <-ctx.Done():
			return
		}
	}
}

// act sends at most one frame: an accept while it holds fewer than
// Accept conversations, else a reply.
func (a *agent) act(ctx context.Context) {
	if a.stopping {
		return
	}
	held := 0 // asked for, and not taken by another agent
	for conv := range a.asked {
		if !a.lost[conv] {
			held++
		}
	}
	if held < a.accept {
		if conv := a.nextWaiting(); conv != "" {
			a.asked[conv], a.tried[conv] = true, true
			a.l.send(ctx, map[string]any{"type": wire.Accept, "conversation": conv})
			return
		}
	}
	if len(a.needReply) == 0 || len(a.pending) >= maxPending {
		return
	}
	conv := a.needReply[0]
	a.needReply = a.needReply[1:]
	a.sent++
	m := &message{conv: conv, from: "agent", cid: a.cidPrefix + strconv.Itoa(a.sent)}
	m.text = "reply " + m.cid
	m.sends, m.sentAt = 1, time.Now()
	a.pending = append(a.pending, m)
	a.l.send(ctx, sendFrame(m))
}

// nextWaiting returns a waiting conversation not asked for yet.
func (a *agent) nextWaiting() string {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	for _, id := range a.l.waiting {
		if !a.asked[id] {
			return id
		}
	}
	return ""
}

func (a *agent) handle(f frame) {
	switch f.Type {
	case wire.Conversation:
		if !a.mine[f.Conversation] && f.State == wire.StateActive && a.tried[f.Conversation] && !a.lost[f.Conversation] {
			a.mine[f.Conversation] = true
			a.asked[f.Conversation] = true // held: an accept whose answer a reconnect lost counts again
			a.wantReply(f.Conversation)
		}
	case wire.Message:
		if f.From == wire.FromVisitor && a.mine[f.Conversation] {
			a.wantReply(f.Conversation)
		}
	case wire.Ack:
		for i, m := range a.pending {
			if m.cid == f.CID {
				m.acked, m.seq = true, f.Seq
				a.pending = append(a.pending[:i], a.pending[i+1:]...)
				a.r.count(func(s *stats) { s.replies = append(s.replies, m) })
				break
			}
		}
	case wire.Error:
		if f.Code == wire.ErrTaken { // the agent on another instance was first
			a.taken++
			a.lost[f.Conversation] = true
			return
		}
		a.r.errorf("agent: error frame %s (conversation %s, cid %s)", f.Code, f.Conversation, f.CID)
	}
}

func (a *agent) wantReply(conv string) {
	for _, c := range a.needReply {
		if c == conv {
			return
		}
	}
	a.needReply = append(a.needReply, conv)
}
