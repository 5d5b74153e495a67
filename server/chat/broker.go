package chat

import (
	"context"
	"crypto/rand"
	"encoding/base64"
)

// Broker carries the hub's events to the hubs of the other server
// instances sharing its store, and theirs to it. An event is small (a
// conversation id and a kind): the receiving hub reads what it needs
// from the store, so nothing but the store holds the conversation.
//
// Without a broker (nil in [Options]: one instance, SQLite) the hub's own
// connections are all there is, and it delivers to them directly, as it
// also does with one; the broker only adds the other instances.
// [NewPGBroker] is PostgreSQL's LISTEN/NOTIFY.
type Broker interface {
	// Publish sends e to every instance's Listen (this one's included;
	// the hub skips its own by Event.Origin).
	Publish(ctx context.Context, e Event) error
	// Listen calls fn for each event until ctx is done, and with an
	// event of kind EventResync whenever it (re)starts listening: events
	// may have been missed before, so the hub reads the store again.
	Listen(ctx context.Context, fn func(Event)) error
	// Close releases the broker's connections.
	Close() error
}

// Event kinds.
const (
	EventMessage  = "message"  // Seq stored in Conversation: deliver it
	EventTyping   = "typing"   // By (visitor or agent) is typing in Conversation
	EventEnded    = "ended"    // Conversation ended By visitor or agent
	EventJoined   = "joined"   // an agent (Name) accepted Conversation
	EventStarted  = "started"  // a new chat waits (agents are notified)
	EventQueue    = "queue"    // the queue changed: broadcast it again
	EventPresence = "presence" // the visitor of Conversation came (Online) or left Origin
	EventHere     = "here"     // the visitors of Here are connected to Origin (a heartbeat)
	EventResync   = "resync"   // the broker (re)started listening: read the store again
	EventWidget   = "widget"   // App's configuration changed in a console: read it again
	EventAgents   = "agents"   // the agents of Agents (user → status) have a console on Origin, or left it ("offline")
	EventTransfer = "transfer" // Conversation was transferred to Agent by By (a name): open it on their consoles
	EventSurvey   = "survey"   // Conversation's visitor answered the post-chat survey
	EventOffline  = "offline"  // an offline message was left or marked: count the waiting ones again
)

// Event is what one hub tells the others. Encoded as JSON, it must stay
// under PostgreSQL's 8,000-byte NOTIFY payload: Here is sent in chunks
// (hereChunk ids).
type Event struct {
	Kind         string   `json:"k"`
	Origin       string   `json:"o"`
	Conversation string   `json:"c,omitempty"`
	Seq          int64    `json:"s,omitempty"`
	By           string   `json:"b,omitempty"`
	Name         string   `json:"n,omitempty"`
	Agent        string   `json:"a,omitempty"` // the agent of Conversation, "" while queued: no read for others
	Online       bool     `json:"on,omitempty"`
	Here         []string `json:"h,omitempty"`
	App          string   `json:"w,omitempty"` // EventWidget's widget
	// Agents is EventAgents' user → status, at most agentsChunk of them.
	Agents map[string]string `json:"ag,omitempty"`
}

// hereChunk is how many conversation ids one EventHere carries: ids are
// 16 characters, so 300 of them and their quotes stay far below 8,000
// bytes.
const hereChunk = 300

// newOrigin is a hub's random id among the instances.
func newOrigin() string {
	b := make([]byte, 9)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
