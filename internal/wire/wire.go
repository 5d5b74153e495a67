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

// Frame types of the agent console's channel (GET /api/v1/agent/ws). The
// console also sends Send, Typing and End with a "conversation", and
// receives Ack, Message, Typing, Ended, AgentJoined and Error with one.
const (
	Auth         = "auth"         // console → server, first: {"csrf", "protocol"}
	Hello        = "hello"        // {"user", "name", "status", "maxChats", "supervisor"}
	Accept       = "accept"       // console → server: {"conversation"}
	QueueDelta   = "queueDelta"   // {"added", "updated", "removed"}; Queue carries "items" here
	Notify       = "notify"       // {"conversation"}: a new chat waits
	Presence     = "presence"     // {"conversation", "visitorOnline"}
	Conversation = "conversation" // one conversation with its transcript
	// Status (console → server) sets the agent's status:
	// {"status": StatusAvailable | StatusAway}, kept across reloads.
	Status = "status"
	// Agents (server → console) is every known agent's status and load:
	// {"agents": [{"user", "name", "status", "chats"}], "maxChats"}.
	Agents = "agents"
	// Note (console → server {"conversation", "cid", "text"}; server →
	// the agent's consoles {"conversation", "seq", "author", "name",
	// "text", "at", "cid"?}) is an internal note: agents only, never sent
	// to a visitor.
	Note = "note"
	// Transfer (console → server) gives an active chat to another
	// available agent: {"conversation", "to", "text"?}; "to" "" puts it
	// back in the queue, "text" is kept as a note for the next agent.
	Transfer = "transfer"
	// Transferred (server → the giving agent's consoles): the chat is not
	// theirs any more: {"conversation", "to", "toName"}.
	Transferred = "transferred"
	// Canned (server → console) is the agent's personal canned
	// responses: {"items": [{"shortcut", "text"}]}, after hello and after
	// each change. The widget's shared ones come in each conversation
	// frame ("canned").
	Canned = "canned"
	// CannedSave (console → server) adds or replaces a personal canned
	// response: {"shortcut", "text"}; CannedDelete removes one:
	// {"shortcut"}.
	CannedSave   = "cannedSave"
	CannedDelete = "cannedDelete"
	// Live (server → a supervisor's consoles) is every queued and active
	// conversation: {"conversations": [{"conversation", "appId", "state",
	// "visitorName", "agent", "agentName", "startedAt", "acceptedAt"}]}.
	Live = "live"
	// Watch (console → server, supervisors only) opens a conversation
	// read-only: {"conversation"}; the answer is its conversation frame
	// with "readOnly", then its messages, notes and end as they come.
	Watch = "watch"
	// Survey (server → the consoles of the conversation's agent and its
	// watchers) is the visitor's post-chat survey of an ended
	// conversation: {"conversation", "rating" (1, -1, 0 for none),
	// "comment", "answers": [{"name", "label", "value"}], "at"}.
	Survey = "survey"
	// OfflineWaiting (server → every console) is how many offline
	// messages wait for an agent (not handled), on every widget:
	// {"waiting"}, after hello and whenever one is left or marked on any
	// instance.
	OfflineWaiting = "offlineWaiting"
)

// Agent statuses. Only available agents count for getAgentAvailability;
// StatusOffline is never chosen: it is an agent with no console open.
const (
	StatusAvailable = "available"
	StatusAway      = "away"
	StatusOffline   = "offline"
)

// AgentProtocol is the version of the agent channel this server speaks;
// the console sends the one it speaks as "protocol" in its first frame
// (auth, its hello). A console of an older version (one from before an
// upgrade, still open) is refused with error ErrOutdated and close
// CloseOutdated, and says "This console was updated. Reload to continue.";
// one from before versions existed (no "protocol") is closed with
// CloseAuthFailed, on which it reloads itself. Version 2 brought status,
// limits, notes, transfer, canned responses and the supervisor view.
const AgentProtocol = 2

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
	// ErrUnavailable: the server cannot store messages now (its disk is
	// full or its store refuses writes); retrying at once will not help.
	ErrUnavailable = "unavailable"
	// ErrRateLimited: too many chats started from this address within a
	// minute (StartsPerMinute); close CloseTooManyStarts follows.
	ErrRateLimited = "rate_limited"
	// ErrTooManyConnections: the conversation has as many connections as
	// it may; close CloseTooManyConnections follows.
	ErrTooManyConnections = "too_many_connections"
	// ErrLimit: the conversation holds as many messages as it may.
	ErrLimit = "limit"
	// ErrTaken (agent channel): the chat an agent tried to accept was
	// accepted by another agent first. ErrConflict there means it is no
	// longer waiting for another reason (the visitor ended it, or it was
	// abandoned), or, for a send or an end, that the conversation ended.
	ErrTaken = "taken"
	// ErrAtLimit (agent channel): the agent holds as many active chats
	// as the server allows (MaxChatsPerAgent), so the accept was refused.
	ErrAtLimit = "at_limit"
	// ErrAgentUnavailable (agent channel): a transfer named an agent who
	// has no console open or is away.
	ErrAgentUnavailable = "agent_unavailable"
	// ErrOutdated (agent channel): the console speaks an older
	// AgentProtocol than the server; close CloseOutdated follows.
	ErrOutdated = "outdated"
)

// WebSocket close codes. CloseAuthFailed, CloseOriginNotAllowed and
// CloseTooBig end a visitor's chat for good; CloseTooManyStarts and
// CloseTooManyConnections make the client tell the visitor and wait
// (RetryAfterLimitMs) before it tries again; after any other, including
// CloseServiceRestart, it reconnects.
const (
	CloseAuthFailed       = 4401 // the auth token (or a console's session) is not valid
	CloseOriginNotAllowed = 4403 // the page's origin is not among the widget's allowedOrigins
	CloseTooBig           = 1009 // a frame over MaxFrameBytes: resending it would fail again
	ClosePolicy           = 1008 // too many frames (over RateBurst, then RatePerSecond)
	// CloseServiceRestart (1012, "service restart") closes every
	// connection when the server shuts down: reconnect in a moment.
	CloseServiceRestart = 1012
	// CloseTooManyStarts closes a visitor connection whose address started
	// more conversations within a minute than the server allows (after an
	// error frame ErrRateLimited).
	CloseTooManyStarts = 4429
	// CloseTooManyConnections closes a visitor connection that would be one
	// more than a conversation may have at once (after an error frame
	// ErrTooManyConnections).
	CloseTooManyConnections = 4430
	// CloseOutdated closes an agent console whose AgentProtocol is older
	// than the server's (after an error frame ErrOutdated): it must
	// reload, and does not reconnect.
	CloseOutdated = 4426
)

// Limits of the visitor channel, enforced by the server.
const (
	MaxFrameBytes = 32 << 10 // one frame, in bytes; larger closes with CloseTooBig
	MaxTextLength = 4000     // a message's text, in characters (runes)
	MaxIDLength   = 128      // cids, visitor ids, conversation ids, in bytes
	RateBurst     = 20       // frames a client may send at once…
	RatePerSecond = 5        // …and per second after that; more closes with ClosePolicy
	// AgentRateBurst and AgentRatePerSecond are the agent console's own
	// frame limit, higher than a visitor's: an agent answering several
	// chats sends replies and typing notices in quick runs (25 replies in
	// a second or two closed the console at the visitor's limit). More
	// closes with ClosePolicy too; the console paces what it sends below it.
	AgentRateBurst     = 120
	AgentRatePerSecond = 20
	// RetryAfterLimitMs is how long the client waits after
	// CloseTooManyStarts or CloseTooManyConnections before it tries again.
	RetryAfterLimitMs = 60_000
)

// Attachments (POST …/conversations/{id}/attachments, and the agent's
// POST /agent/attachments/{id}): a file becomes a message whose
// "attachment" is {"id", "name", "type", "size"} and whose "text" is the
// file's name (what a client from before attachments shows).
const (
	// MaxAttachmentBytes is the largest file the server takes; a
	// widget's configuration may allow less, never more.
	MaxAttachmentBytes = 10 << 20
	// The types the server takes, found in the file's first bytes.
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeGIF  = "image/gif"
	TypeWebP = "image/webp"
	TypePDF  = "application/pdf"
	// The codes of a refused upload, in the error body's "code".
	AttachTooBig = "too_big"           // 413: over the size limit
	AttachType   = "type"              // 415: not an allowed type
	AttachFull   = "conversation_full" // 409: the conversation holds as many files (or messages) as it may
	AttachEnded  = "ended"             // 409: the conversation is over
)

// The codes of a refused offline message (POST …/offline-messages), in
// the error body's "code".
const (
	OfflineRate = "rate" // 429: too many from this address on this widget (Retry-After)
	OfflineFull = "full" // 507: the widget holds as many waiting messages as it may
)
