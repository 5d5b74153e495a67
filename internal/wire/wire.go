// Package wire names the lcwasm.v1 chat protocol once: the WebSocket
// subprotocol, the frame types, the close and error codes and the limits.
// The browser's chat client (package chat), the server (server/chat), the
// load test and the e2e suite all import it. It is constants only, so it
// adds nothing to the wasm; the frames themselves are JSON objects with a
// "type" field, described in server/chat's package documentation.
package wire

// Subprotocol is the visitor channel's WebSocket subprotocol
// (GET /api/v1/widgets/{appId}/chat).
const Subprotocol = "lcwasm.v1"

// Frame types a visitor sends.
const (
	Start  = "start"  // {"cid", "visitor": {"id"}, "context", "authToken"?}
	Resume = "resume" // {"conversation", "token", "after"}
	Send   = "send"   // {"cid", "text"}
	Typing = "typing" // {}; also server → visitor while the agent types
	End    = "end"    // {}
)

// Frame types the server sends a visitor.
const (
	Started     = "started"     // {"cid", "conversation", "token", "state", "position"}
	Resumed     = "resumed"     // {"conversation", "state", "agentName"?, "endedBy"?, "messages"}
	Ack         = "ack"         // {"cid", "seq", "at"}
	Message     = "message"     // {"seq", "from", "name", "text", "at", "cid"?}
	Queue       = "queue"       // {"position", "averageWaitMs"}
	AgentJoined = "agentJoined" // {"name"}
	Ended       = "ended"       // {"by"}
	Error       = "error"       // {"code", "message"?, "cid"?}
)

// Conversation states in started and resumed frames.
const (
	StateQueued = "queued"
	StateActive = "active"
	StateEnded  = "ended"
)

// Who wrote a message or ended a chat ("from", "by", "endedBy").
const (
	FromVisitor = "visitor"
	FromAgent   = "agent"
	FromSystem  = "system"
)

// Error codes of error frames.
const (
	ErrNotFound     = "not_found"     // no such conversation
	ErrForbidden    = "forbidden"     // the conversation's token does not match
	ErrConflict     = "conflict"      // the conversation has ended
	ErrBadRequest   = "bad_request"   // a malformed frame or field
	ErrInternal     = "internal"      // the server failed; retry
	ErrAuthRequired = "auth_required" // the widget needs an auth token; close CloseAuthFailed follows
	ErrAuthInvalid  = "auth_invalid"  // the auth token was refused; close CloseAuthFailed follows
)

// WebSocket close codes. The first three end a visitor's chat for good;
// the client retries after any other.
const (
	CloseAuthFailed       = 4401 // the auth token (or a console's session) is not valid
	CloseOriginNotAllowed = 4403 // the page's origin is not among the widget's allowedOrigins
	CloseTooBig           = 1009 // a frame over MaxFrameBytes: resending it would fail again
	ClosePolicy           = 1008 // too many frames (over RateBurst, then RatePerSecond)
)

// Limits of the visitor channel, enforced by the server.
const (
	MaxFrameBytes = 32 << 10 // one frame, in bytes; larger closes with CloseTooBig
	MaxTextLength = 4000     // a message's text, in characters (runes)
	MaxIDLength   = 128      // cids, visitor ids, conversation ids, in bytes
	RateBurst     = 20       // frames a client may send at once…
	RatePerSecond = 5        // …and per second after that; more closes with ClosePolicy
)
