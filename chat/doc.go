// Package chat is the visitor's side of a live chat, in pure Go: the
// conversation's lifecycle (start, queue, agent, messages, end), delivery
// that neither loses nor duplicates a message across network drops and
// reloads, reconnection, the start context, and the page's auth token.
//
// It speaks the lcwasm.v1 protocol (versioned JSON frames over a
// WebSocket; see the server package) without touching the browser or
// encoding/json: frames go out as map[string]any trees the browser
// serialises with JSON.stringify, and come in as the trees JSON.parse
// gives, checked by [Decode]. The outside is reached through small
// interfaces in [Deps]: [Socket], [Clock], [Timer] (one wake-up, like the
// widget's), [Store] (localStorage), [Events] (lcw:* events), [Logger],
// [Random] and [View] (the chat pane). The owner reports what the socket
// does by calling [Client.Opened], [Client.Received] and [Client.Closed],
// and calls [Client.Tick] when the Timer fires.
//
// Delivery: every message the visitor sends gets a random client id (cid)
// and shows at once as [Pending]. It is sent when the connection is in
// sync and sent again after every reconnect until the service
// acknowledges it; the service stores it before acknowledging and answers
// a repeated cid with the original seq, so repeats are harmless. Acks,
// echoes and repeated frames are idempotent: a message changes from
// Pending to [Sent] once, and lcw:onMessageSent fires then, once. Messages
// from the service are shown once per seq. Unacknowledged messages are in
// the Store too, so a reload resends them. When the conversation ends
// before an ack, the message shows as [Failed].
//
// Resuming: the conversation id, its token, the last seq seen and the
// unacknowledged messages are kept in the Store under Config.Key+":chat";
// before the service has answered the start (it is unreachable), the
// start frame itself and what the visitor typed are (with Deps.JSON), so
// a reload or the next page starts the same chat and sends them.
// [Client.Restore] on a reloaded page, or in another tab of the same
// visitor, resumes it, shows the whole transcript and fires
// lcw:chatRetrieved. A reconnect within a page asks only for what came
// after the last seq seen.
//
// Defaults: reconnection waits [Backoff] (1 s doubling to 30 s, each
// delay between half and all of that); a connection that is not in sync
// within [ConnectTimeout] (15 s; 30 s, then 60 s on the next attempts in
// a row), or whose messages wait [AckTimeout] (20 s) for an ack, counts
// as dropped (a half-open connection says nothing by itself); the first
// failure of an outage is one console warning. Visitor messages are at most
// [MaxTextLength] (4,000) characters; a chat carries at most
// [MaxVariables] (100) context variables, with names of at most
// [MaxKeyLength] (100) and string values of at most [MaxValueLength]
// (1,000) characters, [MaxContextBytes] (8 KiB) in all; its prechat
// answers get [MaxPrechatBytes] (8 KiB, a longer answer is cut short) and
// its auth token [MaxTokenBytes] (8 KiB, else code 4), its visitor's
// [Details] (read when the chat starts, never before: the device class,
// the browser named by [Browser], the language and time zone as short
// codes of at most [MaxCodeLength] (64) characters, the accepted
// invitation's message cut to [MaxInvitationLength] (200) characters, and
// the session's [MaxPages] (20) most recent pages, paths cut to
// [MaxPathLength] (200) and titles to [MaxTitleLength] (100) characters,
// each with the time spent on it, [MaxPagesBytes] (3 KiB) of them), so
// that a start frame
// always fits the service's [FrameLimit] (32 KiB; a 1009 close would end
// the chat, not retry it); the page has [AuthTimeout]
// (10 s, Config.AuthTimeout) to call back with its auth token.
//
// lcw:error codes are Microsoft's. 1: the context provider threw or gave
// something unusable (not an object of variables: a string, a number,
// null, undefined, an array, a Promise; or some values not primitives,
// or over 100 variables); one error says what, and the chat starts with
// the usable variables only. 2: the auth token provider threw (no chat)
// or did not call back in time (the chat ends; a late callback is
// ignored with a warning, as is a second one). 3: no token (nothing,
// null or ""), or the service requires one. 4: not a token (a number, an
// object), or the service refused it. 8: the auth function a data
// attribute names does not exist.
package chat
