package chat_test

import (
	"fmt"

	"github.com/lcwasm/lcwasm/chat"
	"github.com/lcwasm/lcwasm/internal/instant"
)

// loopback answers the way the chat service does, at once.
type loopback struct{ c *chat.Client }

func (l *loopback) Open(url string) { fmt.Println("open", url) }
func (l *loopback) Close()          {}
func (l *loopback) Send(f map[string]any) error {
	fmt.Println("send", f["type"])
	switch f["type"] {
	case "start":
		l.c.Received(map[string]any{"type": "started", "cid": f["cid"], "conversation": "k1", "token": "t1", "state": "queued", "position": 1.0})
	case "send":
		l.c.Received(map[string]any{"type": "ack", "cid": f["cid"], "seq": 1.0})
	}
	return nil
}

// printView prints what the chat pane would show.
type printView struct{}

func (printView) Message(m chat.Message, _ string) {
	fmt.Printf("pane: %s %q %s\n", m.From, m.Text, m.State)
}
func (printView) Queue(p int, _ instant.Duration)        { fmt.Println("pane: you are number", p) }
func (printView) AgentJoined(name string)                { fmt.Println("pane:", name, "joined") }
func (printView) Connection(l chat.Link, _ instant.Time) { fmt.Println("pane:", l) }
func (printView) Ended(by string)                        { fmt.Println("pane: ended by", by) }
func (printView) Unread(n int)                           {}

type printEvents struct{}

func (printEvents) Emit(name string, detail map[string]any) { fmt.Println("event", name) }

// A chat starts, is queued, and the visitor's message shows as pending
// until the service acknowledges it. The owner reports socket events by
// calling Opened and Received.
func Example() {
	sock := &loopback{}
	c := chat.New(chat.Config{URL: "ws://127.0.0.1:8080/api/v1/widgets/demo/chat", Key: "lcwasm:demo"}, chat.Deps{
		Socket: sock, Clock: &fakeClock{now: t0}, Timer: &fakeTimer{}, Store: fakeStore{},
		Events: printEvents{}, Log: &fakeLog{}, Random: &fakeRandom{frac: 0.5}, View: printView{},
	})
	sock.c = c
	_ = c.Start(chat.Start{Source: "launcher", PageURL: "https://shop.test/"})
	c.Opened()
	_, _ = c.Send("Is this in stock?")
	fmt.Println(c.Phase(), c.Link())
	// Output:
	// event lcw:startChat
	// pane: connecting
	// open ws://127.0.0.1:8080/api/v1/widgets/demo/chat
	// send start
	// event lcw:chatQueued
	// pane: you are number 1
	// event lcw:onMessageReceived
	// pane: online
	// pane: visitor "Is this in stock?" pending
	// send send
	// pane: visitor "Is this in stock?" sent
	// event lcw:onMessageSent
	// queued online
}
