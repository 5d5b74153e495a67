// Package store keeps the chat's conversations, messages and agent sessions
// in one SQLite file through the pure-Go driver modernc.org/sqlite.
//
// Schema:
//
//	conversations(id, app_id, token_hash, visitor_id, start_cid, state, agent,
//	              created, accepted, ended, ended_by, context)
//	messages(conversation, seq, cid, sender, name, text, at)
//	         PRIMARY KEY (conversation, seq), UNIQUE (conversation, cid)
//	sessions(token_hash, user, csrf, expires)
//
// Times are Unix milliseconds. Conversation and session tokens are never
// stored: only their SHA-256. Each conversation numbers its messages 1, 2, 3…
// ([Store.AddMessage]); a message whose client id is already stored is not
// inserted again, the original is returned instead, so a client may resend
// after a reconnect without duplicating anything. Every write is committed
// before the call returns, so a caller acknowledges only what survives a
// restart.
package store
