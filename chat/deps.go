package chat

import "github.com/lcwasm/lcwasm/internal/instant"

// Socket is the visitor's WebSocket (subprotocol "lcwasm.v1"). The owner
// reports what happens to it by calling [Client.Opened], [Client.Received]
// and [Client.Closed]. The client opens at most one connection at a time
// and opens it again after it closes, on the same Socket.
type Socket interface {
	// Open starts connecting to url. A failure is reported later through
	// Closed (the browser's close code 1006), never by Open itself.
	Open(url string)
	// Send writes frame as JSON (JSON.stringify). An error means the frame
	// did not leave; the client keeps it and resends it after a reconnect.
	Send(frame map[string]any) error
	// Close closes the connection; the owner does not report it back.
	Close()
}

// Clock tells the time. The browser uses the wall clock; tests move one by
// hand.
type Clock interface{ Now() instant.Time }

// Timer arms the client's one wake-up, like widget.Timer: WakeAt replaces
// any earlier request and the zero time cancels it. When the moment comes
// the owner calls [Client.Tick], which compares deadlines with the Clock,
// so a throttled background timer only delays what is due.
type Timer interface{ WakeAt(t instant.Time) }

// Store is localStorage, shared by the visitor's tabs. It holds the running
// conversation (id, token, last seq seen, unacknowledged messages) and the
// visitor id.
type Store interface {
	Get(key string) (string, bool)
	Set(key, value string)
	Remove(key string)
}

// Events dispatches the page's lcw:* events; details hold JSON-like values
// only (string, int, float64, bool, nil, []any, map[string]any).
type Events interface {
	Emit(name string, detail map[string]any)
}

// Logger writes to the page's console. Debug lines may be dropped.
type Logger interface {
	Debug(msg string)
	Warn(msg string)
	Error(msg string)
}

// Random is the client's source of chance: client ids for messages and
// the visitor, and the jitter of reconnection delays. The browser uses
// crypto.getRandomValues, checked; tests use a counter and a fixed fraction.
type Random interface {
	// ID returns a fresh random id, URL-safe, at least 16 bytes of entropy,
	// or an error when there is no good randomness: then no chat starts
	// (CodeNoRandomness) and no message is sent.
	ID() (string, error)
	// Fraction returns a number in [0, 1).
	Fraction() float64
}

// JSON is the browser's JSON.stringify and JSON.parse, for the one tree
// the client stores whole: the start of a chat the service has not
// answered yet.
type JSON interface {
	Stringify(tree any) (string, error)
	Parse(text string) (any, error)
}

// Deps are the client's connections to the outside.
type Deps struct {
	Socket Socket
	Clock  Clock
	Timer  Timer
	Store  Store
	Events Events
	Log    Logger
	Random Random
	View   View
	// JSON, when set, lets a chat that has not started yet (the service
	// unreachable) survive a reload with what the visitor typed.
	JSON JSON
}

// Config says where the chat lives.
type Config struct {
	// URL is the chat channel, e.g. ws://127.0.0.1:8080/api/v1/widgets/demo/chat.
	URL string
	// Key prefixes the Store keys, e.g. "lcwasm:demo": the conversation is
	// kept under Key+":chat" and the visitor id under Key+":visitor".
	Key string
	// AuthTimeout is how long the page's auth token provider has to call
	// back (the configuration's auth.timeoutSeconds); 0 is [AuthTimeout].
	AuthTimeout instant.Duration
	// AppID and PageOrigin name the widget and the page's origin in the
	// error that says the chat service refused that origin.
	AppID, PageOrigin string
}
