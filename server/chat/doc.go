// Package chat is the server side of lcwasm's chat: the visitor channel,
// the agent console's channel and the availability endpoint, relaying
// frames between connections while the conversation itself lives in
// package store.
//
// Every frame is one JSON text message with a "type". Times ("at",
// "startedAt", "waitingSinceMs") are Unix milliseconds.
//
// # Visitor channel: GET /api/v1/widgets/{appId}/chat, subprotocol "lcwasm.v1"
//
//	→ {"type":"start","cid","visitor":{"id"},"context":{...},"authToken","token"?}
//	← {"type":"started","cid","conversation","token","state":"queued","position"}
//	→ {"type":"resume","conversation","token","after"}
//	← {"type":"resumed","conversation","state","agentName"?,"endedBy"?,"messages":[message…]}
//	← {"type":"error","code":"not_found"|"forbidden","conversation"} and close 4401
//	→ {"type":"send","cid","text"}            ← {"type":"ack","cid","seq","at"}
//	→ {"type":"typing"}                        (relayed to the agent)
//	→ {"type":"end"}                           ← {"type":"ended","by":"visitor"}
//	← {"type":"message","seq","from","name","text","at","cid"?,"attachment"?}
//	                                          attachment {"id","name","type","size"}: a file (Hub.PostAttachment
//	                                          makes an upload a message; text is then the file's name)
//	← {"type":"queue","position","averageWaitMs"}  ← {"type":"agentJoined","name"}
//	← {"type":"ended","by":"agent"}            ← {"type":"typing"}
//	← {"type":"error","code","message"?,"cid"?} codes: bad_request, not_found, forbidden,
//	   conflict (the conversation ended), internal; auth_required / auth_invalid then close 4401
//
// When the widget has an [AuthKey] (server option), a start must carry
// "authToken", a JWT verified with github.com/golang-jwt/jwt/v5 for the
// key's one algorithm (HS256, RS256 or ES256); "exp" is required unless
// the key allows tokens without it ("allowNoExp"), exp and nbf have a
// minute of leeway, and a key's optional "aud" and "iss" must match. None
// → auth_required (widget code 3), a bad one → auth_invalid (code 4),
// both closing with 4401. The verified {"sub", "name"} is stored as the
// context's "authenticated", which only the server sets, and shown to the
// agent. Without a key, authToken is ignored. A key's "keysUrl" names
// where its keys are (a JWKS, whose key a token's kid picks, or a PEM
// key): [KeySets] fetches them at the first token, again past
// [KeysRefresh] and on an unknown kid, never twice within [KeysRetry],
// https to public addresses only ([KeysFetch]), and keeps the last good
// keys when a fetch fails.
//
// The server stores only the context fields it knows, read by their exact
// names (proactive, source, ruleId, pageUrl, referrer, timeOnPageMs,
// prechat, custom, and the visitor's details device, browser, language,
// timeZone, invitation, pages), cut to the widget's budgets: pageUrl and
// referrer 2,048 characters, source and ruleId 128 bytes, prechat and
// custom each at most 100 entries (names ≤ 100 characters, string values
// cut to 1,000) in 8 KiB, kept in name order; the visitor's name (prechat
// "name") is shown cut to 64 characters; device one of phone, tablet,
// desktop, language and timeZone at most 64 of A-Z a-z 0-9 - / _ + (else
// left out), browser cut to 64 characters, invitation (the accepted
// invitation's message) to 200; pages, [{path, title, timeMs}…] oldest
// first, the 20 most recent, paths cut to 200 and titles to 100
// characters, times to 0…2^40 ms, as many of the newest as fit in 3 KiB.
// A known field of another type (a page that is not such an object
// included) refuses the start with bad_request. Any other key,
// "Authenticated" included, is dropped.
//
// A start whose cid this visitor id already used returns the same
// conversation: with the same token when the start carries it ("token"),
// or with a new one (the old revoked) while the first reply may have been
// lost — the conversation queued, empty, and under a minute old
// ([StartRetryWindow]). Otherwise it is refused: error "forbidden" with
// the cid, close 4401, and the conversation's token stays good. A send is
// acknowledged only after it is committed; a cid already stored is
// acknowledged with the original seq and not stored or relayed again.
// Other connections of the same conversation (tabs) receive the message
// frame; each connection receives each seq once, after its resumed frame.
// One connection serves one conversation.
//
// Limits: text 1–4,000 characters (not blank); frames ≤ 32 KiB (else close
// 1009); 20 frames at once then 5 per second, counted as they arrive
// rather than as the server gets to them (else 1008; a typing frame
// counts a fifth); ids ≤ 128 bytes. Hub options, with their defaults:
// StartsPerMinute (30) new conversations per client address a minute, else
// error "rate_limited" with the cid and close 4429; ConnsPerChat (20)
// connections of one conversation at once, else error
// "too_many_connections" and close 4430; MessagesPerChat (500) messages in
// one conversation, else error "limit" with the cid (visitor and agent
// alike; a resent cid already stored is still acknowledged). A queued
// conversation whose visitor has had no connection for AbandonAfter
// (2 min; after a restart, counted from the server's start) leaves the
// queue as "abandoned", kept for history; its visitor, resuming, finds it
// "ended" (endedBy "server"). Every connection is pinged every 30 s
// and closed (1001) when the pong does not come within 30 s, so a vanished
// agent stops counting as available.
// The Origin must be the server's own or in the widget's allowedOrigins
// ("*" for any), else close 4403 after the upgrade, so a browser sees the
// code. A request without Origin (not a browser) is accepted: the token is
// what protects a conversation. A missing subprotocol closes with 1002.
//
// # Agent channel: GET /agent/ws (session cookie, same origin only)
//
//	→ {"type":"auth","csrf","protocol":2}   (first frame, within 10 s; else close 4401)
//	                                          protocol is wire.AgentProtocol: an older one gets error
//	                                          "outdated" ("This console was updated. Reload to continue.")
//	                                          and close 4426, and must reload; none at all (a console from
//	                                          before versions) close 4401, on which that console reloads
//	← {"type":"hello","user","name","status","maxChats","supervisor","protocol"}
//	← {"type":"agents","agents":[{"user","name","status","chats"}…],"maxChats"}
//	                                          every agent seen since the start: status available,
//	                                          away or offline (no console open), and active chats;
//	                                          again whenever a status or a load changes
//	→ {"type":"status","status":"available"|"away"}   kept in the store across reloads and restarts
//	← {"type":"queue","items":[{conversation,appId,visitorName,waitingSinceMs,proactive,source,ruleId,pageUrl,visitorOnline,preview}]}
//	                                          the whole queue, once, right after hello; preview is the
//	                                          visitor's latest message while waiting (200 characters)
//	← {"type":"queueDelta","added":[item…],"updated":[item…],"removed":[conversation…]}
//	                                          what changed since the last queue frame
//	← {"type":"notify","conversation"}        a new chat waits (to available agents only)
//	← {"type":"presence","conversation","visitorOnline"}   the visitor of an active chat left or came back
//	← {"type":"conversation","conversation","state","visitorName","visitorOnline","startedAt",
//	    "details":{timeOnPageMs,pageUrl,referrer,proactive,source,ruleId,prechat:{},displayable:{},authenticated,
//	      device?,browser?,language?,timeZone?,invitation?,pages?:[{path,title,timeMs}…]},
//	    "messages":[message with "conversation"…]}   on accept and on connect for each active one
//	→ {"type":"accept","conversation"}        ← error "taken" when another agent took it first,
//	                                          "conflict" when it no longer waits otherwise (ended, abandoned),
//	                                          "at_limit" when the agent holds MaxChatsPerAgent active chats (3)
//	→ {"type":"send","conversation","cid","text"}   ← {"type":"ack","conversation","cid","seq","at"}
//	→ {"type":"end","conversation"}           ← {"type":"ended","conversation","by"}
//	← {"type":"survey","conversation","rating","comment","answers":[{name,label,value}…],"at"}
//	                                          the visitor's post-chat survey of the ended chat (Hub.Surveyed),
//	                                          to its agent's consoles and its watchers
//	← {"type":"offlineWaiting","waiting"}     the offline messages waiting for an agent (every widget's),
//	                                          after hello and when one is left or marked on any instance
//	                                          (Hub.OfflineChanged), counted once for a burst
//	→ {"type":"typing","conversation"}
//	← {"type":"message","conversation",…}, {"type":"typing","conversation"}
//	→ {"type":"note","conversation","cid","text"}   an internal note: agents only, never sent to a visitor
//	← {"type":"note","conversation","seq","author","name","text","at","cid"?}   to the agent's consoles
//	→ {"type":"transfer","conversation","to","text"?}   to another available agent ("to": user),
//	                                          or back to the queue ("to": ""); "text" is kept as a note.
//	                                          Errors: agent_unavailable (no console open, or away),
//	                                          at_limit (the receiver holds MaxChatsPerAgent), forbidden
//	← {"type":"transferred","conversation","to","toName"}   to the giver's consoles: not theirs any more
//	                                          the receiver gets the conversation frame with "transferredBy";
//	                                          the visitor a system message "You're now chatting with <name>."
//	                                          and agentJoined (back in the queue: a system message saying so)
//
//	← {"type":"canned","items":[{"shortcut","text"}…]}   the agent's personal canned responses,
//	                                          after hello and after each change
//	→ {"type":"cannedSave","shortcut","text"}   add or replace one (shortcut 1–32 of a-z 0-9 - _,
//	                                          text 1–4,000 characters, at most 100: else bad_request, limit)
//	→ {"type":"cannedDelete","shortcut"}
//	← {"type":"live","conversations":[{conversation,appId,state,visitorName,agent,agentName,startedAt,acceptedAt}…]}
//	                                          supervisors only (Options.Supervisor): every queued and active
//	                                          chat, with each roster and queue broadcast
//	→ {"type":"watch","conversation"}         supervisors only, else forbidden: the conversation frame
//	                                          with "readOnly":true and "agentName", then its message, note
//	                                          and ended frames, until another is watched; sends stay forbidden
//
// The conversation frame carries "notes":[note…] and "canned":[…], the
// widget's shared canned responses (its "cannedResponses"), too. Notes live in their
// own table (store.Note), apart from the messages a visitor resumes.
//
// The agent channel has its own frame limit, higher than a visitor's: 120
// frames at once, then 20 per second (wire.AgentRateBurst,
// wire.AgentRatePerSecond; a typing frame counts a fifth), else close
// 1008. The console paces itself below it (100 at once, then 15 a second,
// the rest queued in order), so an agent firing off replies is never
// disconnected. Frames ≤ 32 KiB and ids ≤ 128 bytes as for visitors.
//
// Queue frames are coalesced: a change goes out at once, or, within
// 200 ms of the last broadcast, at the end of those 200 ms together with
// every change meanwhile; agents get them as deltas of the whole queue
// they received on connecting (added in queue order), and a waiting
// visitor gets one only when its position or the expected wait changed.
//
// # Lifecycle
//
// [Hub.Run] does the background work (queue broadcasts, presence, the
// sweep that abandons queued chats); [Hub.Shutdown] refuses new upgrades
// with 503, closes every connection with 1012 (service restart: the widget
// and the console reconnect) and waits for every goroutine and handler of
// the hub, bounded by its context. lcwserver calls it on SIGTERM.
//
// The console's session is checked every ping interval (30 s), which
// also counts as its use: once signed out, expired or idle, the
// connection closes with 4401.
//
// Only the agent who accepted a conversation may send to or end it
// ("forbidden"). A send or an end of a conversation that has ended gets
// error "conflict" with the conversation (and the send's cid); the
// console shows the reply as not sent. An agent may receive a message both in a conversation
// frame and as a message frame: clients keep one per (conversation, seq).
//
// # Availability: GET /api/v1/widgets/{appId}/availability
//
//	{"isAgentAvailable","isQueueAvailable","positionInQueue":0,"averageWaitTime","averageWaitTimeMs","nextOpen",
//	 "queueId","StartTimeOfNextOperatingHour","EndTimeOfNextOperatingHour","nexttransitiontime"}
//
// An agent is available while one has the console open with the status
// "available" (the default until they choose Away), within the widget's
// operating hours; averageWaitTime is the mean wait of the last
// 20 accepted chats in minutes (to a tenth, Microsoft's unit),
// averageWaitTimeMs the same in milliseconds; nextOpen is RFC 3339 while
// closed. The last four are Microsoft's getAgentAvailability fields: the
// widget's app id as its queue, and UTC times (RFC 3339) with "01-01-0001"
// where Microsoft returns it (see availability).
package chat
