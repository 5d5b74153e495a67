package chat

import "github.com/lcwasm/lcwasm/internal/instant"

// State is where a message stands.
type State int

const (
	Pending  State = iota // shown at once, not yet acknowledged by the server
	Sent                  // stored by the server (acknowledged, or echoed with its seq)
	Failed                // the conversation ended before the server acknowledged it
	Received              // from the agent or the system
)

var stateNames = [...]string{"pending", "sent", "failed", "received"}

func (s State) String() string { return stateNames[s] }

// Message is one line of the transcript.
type Message struct {
	CID   string // the client id of a visitor's message; "" for others
	Seq   int    // the server's order; 0 while pending
	From  string // "visitor", "agent" or "system"
	Name  string // the agent's display name
	Text  string
	At    int64 // epoch milliseconds: the server's time, or the local one while pending
	State State
	// Attachment is the file the message stands for (its Text is then
	// the file's name); the zero Attachment for text.
	Attachment Attachment
}

// Attachment is a file in the conversation: fetched by its ID from the
// chat service with the conversation's token.
type Attachment struct {
	ID   string
	Name string
	Type string // found by the service in the file's bytes
	Size int64  // bytes
}

// Key identifies the message in the transcript: its cid, or its seq.
func (m Message) Key() string {
	if m.CID != "" {
		return m.CID
	}
	return "#" + itoa(m.Seq)
}

// Link is the state of the connection to the chat service.
type Link int

const (
	Online     Link = iota // connected, and the conversation is in sync
	Connecting             // opening, or catching up after a reconnect
	Offline                // waiting to try again at Connection.RetryAt
)

var linkNames = [...]string{"online", "connecting", "offline"}

func (l Link) String() string { return linkNames[l] }

// View is the chat pane. Its methods describe what changed; the DOM
// rendering, and a recording fake in tests, implement it.
type View interface {
	// Message adds m, or replaces (and perhaps moves) the message with the
	// same Key, placing it before the message whose Key is before, or
	// last when before is "".
	Message(m Message, before string)
	// Queue shows the visitor's place in the queue (1 is next).
	Queue(position int, averageWait instant.Duration)
	// AgentJoined says an agent took the chat; name is "" when the chat
	// was resumed and the agent joined while the page was away.
	AgentJoined(name string)
	// Connection shows the offline banner (Offline: retrying at retryAt),
	// a quiet "connecting" state, or neither (Online).
	Connection(link Link, retryAt instant.Time)
	// Ended shows the conversation as over: by is "agent", "visitor", or
	// "expired" when a stored chat could not be resumed, "refused" when
	// the service turned the visitor away (authentication, origin), or
	// "failed" when the page's auth token provider failed, "unavailable"
	// when the service cannot store a new chat, "busy" when too many
	// chats were started from the visitor's address (4429), or "crowded"
	// when this tab stood aside because the conversation has as many
	// connections as the service allows (4430: the conversation goes on).
	Ended(by string)
	// Unread shows how many agent messages arrived while minimized.
	Unread(n int)
}
