package chat_test

import (
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each scenario is a script of network events around the visitor's
// messages. Whatever happens, every message ends up stored by the service
// exactly once, in the order it was typed, and shown once as sent, with
// lcw:onMessageSent once per message.
//
// Steps: "send X" types X; "serve" lets the service read what is in
// flight (its answers go in flight); "deliver", "reverse" and "twice" hand
// the answers to the client in order, backwards, or each twice; "drop" is
// the network failing (in-flight frames lost); "reconnect" waits for the
// armed wake-up and completes the connection; "refuse" and "allow" make
// the socket's Send fail or work; "echo" is the service sending every
// stored message to this tab again; "reload" replaces the page with a new
// one that restores the chat from the Store.
func TestDeliveryNeitherLosesNorDuplicates(t *testing.T) {
	tests := []struct {
		name  string
		steps string
	}{
		{"calm", "send a; send b; serve; deliver"},
		{"acks backwards", "send a; send b; send c; serve; reverse"},
		{"acks twice", "send a; send b; serve; twice"},
		{"drop before the service read", "send a; drop; send b; reconnect"},
		{"drop after the service stored, before the ack", "send a; send b; serve; drop; reconnect"},
		{"drop twice in a row", "send a; serve; drop; reconnect; drop; send b; reconnect"},
		{"acks backwards after a drop", "send a; send b; serve; drop; send c; reconnect; serve; reverse"},
		{"echo before the ack", "send a; serve; echo; deliver"},
		{"echo after the ack", "send a; serve; deliver; echo; twice"},
		{"socket refuses while it looks open", "refuse; send a; send b; allow; reconnect"},
		{"typed while offline", "drop; send a; send b; send c; reconnect; serve; reverse"},
		{"reload before the ack", "send a; send b; serve; reload"},
		{"reload before the service read", "send a; reload; send b"},
		{"reload twice while offline", "drop; send a; reload; drop; send b; reload"},
		{"reload after all acks", "send a; serve; deliver; reload; send b"},
		{"reload keeps awkward text", "send two\nlines \\n and \\; send \r\\\\; reload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, store := newServer(), fakeStore{}
			tabs := []*tab{started(t, srv, store)}
			var typed []string
			for _, step := range strings.Split(tt.steps, "; ") {
				tb := tabs[len(tabs)-1]
				if tb.c.Link() == chat.Offline && !strings.Contains("drop reconnect reload refuse allow", step) && !strings.HasPrefix(step, "send") {
					t.Fatalf("step %q while offline", step)
				}
				op, arg, _ := strings.Cut(step, " ")
				switch op {
				case "send":
					_, err := tb.c.Send(arg)
					require.NoError(t, err)
					typed = append(typed, arg)
				case "serve":
					tb.net.serve()
				case "deliver":
					tb.net.deliver()
				case "reverse":
					tb.net.deliver(reverse(len(tb.net.down))...)
				case "twice":
					tb.net.deliver(twice(len(tb.net.down))...)
				case "drop":
					tb.net.drop()
				case "reconnect":
					tb.wait(t)
					tb.net.accept()
				case "refuse", "allow":
					tb.net.refuse = op == "refuse"
				case "echo":
					for _, m := range srv.msgs {
						tb.net.push(m)
					}
				case "reload":
					next := newTab(t, srv, store, "r"+itoa(len(tabs)))
					require.True(t, next.c.Restore())
					tabs = append(tabs, next)
				default:
					t.Fatalf("unknown step %q", step)
				}
			}
			tb := tabs[len(tabs)-1]
			if tb.c.Link() == chat.Offline {
				tb.wait(t)
			}
			tb.settle()

			assert.Equal(t, typed, srv.visitorTexts(), "stored by the service once each, in order")
			var want []string
			for _, s := range typed {
				want = append(want, "visitor:"+s+":sent")
			}
			assert.Equal(t, want, tb.texts(), "shown once each, as sent")
			sent := map[string]int{}
			for _, x := range tabs {
				for _, d := range x.events.named("lcw:onMessageSent") {
					sent[d["messageId"].(string)]++
				}
			}
			assert.Len(t, sent, len(typed), "lcw:onMessageSent for every message")
			for cid, n := range sent {
				assert.Equal(t, 1, n, "lcw:onMessageSent for %s", cid)
			}
			assert.Equal(t, chat.Online, tb.c.Link())
		})
	}
}

func reverse(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = n - 1 - i
	}
	return out
}

func twice(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i, i)
	}
	return out
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestSendRefused(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"empty", "", "chat: the message is empty"},
		{"blank", " \n\t", "chat: the message is empty"},
		{"invisible", "\u200b \u2060", "chat: the message is empty"},
		{"too long", strings.Repeat("é", chat.MaxTextLength+1), "chat: the message is 4001 characters long; the limit is 4000 (1 too many)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := started(t, newServer(), fakeStore{})
			_, err := tb.c.Send(tt.text)
			assert.EqualError(t, err, tt.err)
			assert.Empty(t, tb.c.Messages())
		})
	}
	t.Run("at the limit", func(t *testing.T) {
		tb := started(t, newServer(), fakeStore{})
		_, err := tb.c.Send(strings.Repeat("é", chat.MaxTextLength))
		assert.NoError(t, err)
	})
	t.Run("too long is a TooLongError", func(t *testing.T) {
		tb := started(t, newServer(), fakeStore{})
		_, err := tb.c.Send(strings.Repeat("x", 4100))
		var tl *chat.TooLongError
		require.ErrorAs(t, err, &tl)
		assert.Equal(t, 4100, tl.Length)
	})
	t.Run("no chat", func(t *testing.T) {
		tb := newTab(t, newServer(), fakeStore{}, "a")
		_, err := tb.c.Send("hello")
		assert.EqualError(t, err, "chat: no chat is running")
	})
}

func TestPendingFailWhenTheAgentEnds(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	_, err := tb.c.Send("too late")
	require.NoError(t, err)
	tb.net.up = nil // the service never read it
	tb.net.push(map[string]any{"type": "ended", "by": "agent"})
	tb.net.deliver()
	assert.Equal(t, []string{"visitor:too late:failed"}, tb.texts())
}

func TestTranscriptOrder(t *testing.T) {
	srv := newServer()
	tb := started(t, srv, fakeStore{})
	a, _ := tb.c.Send("a")
	b, _ := tb.c.Send("b")
	tb.net.up = nil // held back; the test answers by hand
	tb.net.push(srv.add("agent", "", "hi"))
	tb.net.push(map[string]any{"type": "ack", "cid": b.CID, "seq": 3})
	tb.net.push(map[string]any{"type": "ack", "cid": a.CID, "seq": 2})
	tb.net.push(map[string]any{"type": "ack", "cid": a.CID, "seq": 2})
	tb.net.deliver()
	assert.Equal(t, []string{"agent:hi:received", "visitor:a:sent", "visitor:b:sent"}, tb.texts())
	assert.Equal(t, []string{
		`message a3 visitor "a" pending seq=0`,
		`message a4 visitor "b" pending seq=0`,
		`message #1 agent "hi" received seq=1 before a3`,
		`message a4 visitor "b" sent seq=3 before a3`, // sent, above the pending one
		`message a3 visitor "a" sent seq=2 before a4`,
	}, grep(tb.view.log, "message"))
}
