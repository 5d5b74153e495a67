package chat_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// fakeServer is the chat service as the contract describes it: it stores a
// message before acknowledging it and answers a repeated cid with the
// original seq.
type fakeServer struct {
	conv, token, startCID string
	state                 string
	msgs                  []map[string]any
	byCID                 map[string]int // cid → seq
	ended                 string
}

func newServer() *fakeServer {
	return &fakeServer{conv: "conv-1", token: "tok-1", byCID: map[string]int{}}
}

func (s *fakeServer) at(seq int) float64 {
	return float64(t0.Add(instant.Duration(seq) * instant.Second).UnixMilli())
}

func (s *fakeServer) add(from, cid, text string) map[string]any {
	seq := len(s.msgs) + 1
	m := map[string]any{"type": "message", "seq": seq, "from": from, "text": text, "at": s.at(seq)}
	if cid != "" {
		m["cid"] = cid
		s.byCID[cid] = seq
	}
	if from == "agent" {
		m["name"] = "Ada"
	}
	s.msgs = append(s.msgs, m)
	return m
}

// handle answers one frame from a visitor.
func (s *fakeServer) handle(f map[string]any) []map[string]any {
	switch f["type"] {
	case "start":
		if s.startCID == "" {
			s.startCID, s.state = f["cid"].(string), "queued"
		}
		return []map[string]any{{"type": "started", "cid": f["cid"], "conversation": s.conv, "token": s.token, "state": s.state, "position": 1}}
	case "resume":
		if f["conversation"] != s.conv || f["token"] != s.token {
			return []map[string]any{{"type": "error", "code": "forbidden"}}
		}
		after := int(f["after"].(float64))
		list := []any{}
		for _, m := range s.msgs[min(after, len(s.msgs)):] {
			list = append(list, m)
		}
		return []map[string]any{{"type": "resumed", "conversation": s.conv, "state": s.state, "messages": list}}
	case "send":
		cid := f["cid"].(string)
		seq, dup := s.byCID[cid]
		if !dup {
			seq = s.add("visitor", cid, f["text"].(string))["seq"].(int)
		}
		return []map[string]any{{"type": "ack", "cid": cid, "seq": seq, "at": s.at(seq)}}
	case "end":
		s.state, s.ended = "ended", "visitor"
		return []map[string]any{{"type": "ended", "by": "visitor"}}
	}
	return nil
}

// visitorTexts is what the server stored from the visitor, in order.
func (s *fakeServer) visitorTexts() []string {
	var out []string
	for _, m := range s.msgs {
		if m["from"] == "visitor" {
			out = append(out, m["text"].(string))
		}
	}
	return out
}

// fakeNet is one tab's Socket, wired to a fakeServer through a network the
// test steps by hand: frames wait in flight until delivered, dropped or
// reordered.
type fakeNet struct {
	t      testing.TB
	srv    *fakeServer
	c      *chat.Client
	open   bool
	opens  int
	acked  int              // opens already reported with Opened
	up     []map[string]any // client → server, in flight
	down   []map[string]any // server → client, in flight
	sent   []map[string]any // every frame the client sent
	refuse bool             // Send fails
}

func (n *fakeNet) Open(string) { n.open = true; n.opens++ }
func (n *fakeNet) Close()      { n.open, n.up, n.down = false, nil, nil }

func (n *fakeNet) Send(f map[string]any) error {
	if !n.open || n.refuse {
		return errOffline
	}
	tree := jsonTree(n.t, f).(map[string]any)
	n.up, n.sent = append(n.up, tree), append(n.sent, tree)
	return nil
}

type netError string

func (e netError) Error() string { return string(e) }

const errOffline = netError("offline")

// accept completes the pending connection.
func (n *fakeNet) accept() {
	if n.open && n.acked < n.opens {
		n.acked = n.opens
		n.c.Opened()
	}
}

// serve has the server read everything in flight; answers go in flight.
func (n *fakeNet) serve() {
	up := n.up
	n.up = nil
	for _, f := range up {
		for _, r := range n.srv.handle(f) {
			n.down = append(n.down, jsonTree(n.t, r).(map[string]any))
		}
	}
}

// deliver hands the client what is in flight, in the order given by
// pick (indexes into the in-flight frames).
func (n *fakeNet) deliver(pick ...int) {
	down := n.down
	n.down = nil
	if pick == nil {
		for i := range down {
			pick = append(pick, i)
		}
	}
	for _, i := range pick {
		if i < len(down) {
			n.c.Received(down[i])
		}
	}
}

// push is the server sending f to this connection.
func (n *fakeNet) push(f map[string]any) {
	if n.open {
		n.down = append(n.down, jsonTree(n.t, f).(map[string]any))
	}
}

// drop is the network failing: what is in flight is lost.
func (n *fakeNet) drop() {
	if !n.open {
		return
	}
	n.Close()
	n.c.Closed(1006, "")
}
