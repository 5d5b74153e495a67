// Package store keeps the chat's conversations, messages and agent sessions
// in one SQLite file through the pure-Go driver modernc.org/sqlite.
//
// Schema:
//
//	conversations(id, app_id, token_hash, visitor_id, start_cid, state, agent,
//	              created, accepted, ended, ended_by, context)
//	messages(conversation, seq, cid, sender, name, text, at)
//	         PRIMARY KEY (conversation, seq), UNIQUE (conversation, cid)
//	sessions(token_hash, user, csrf, expires, last_seen)
//	health(id, at)  the row Ready writes
//
// Times are Unix milliseconds. Conversation and session tokens are never
// stored: only their SHA-256. Each conversation numbers its messages 1, 2, 3…
// ([Store.AddMessage]); a message whose client id is already stored is not
// inserted again, the original is returned instead, so a client may resend
// after a reconnect without duplicating anything. Every write is committed
// and synced to disk (WAL, synchronous=FULL) before the call returns, so a
// caller acknowledges only what survives a crash, a SIGKILL or a power
// loss (given a disk that honours fsync).
//
// Health: [Open] runs PRAGMA quick_check and refuses a damaged file
// ([ErrCorrupt]); [Store.Check] runs it again on a connection of its own;
// [Store.Ready] commits a test write and wants [MinFreeBytes] of room to
// grow. A write the disk refused (full, read-only, I/O error) returns an
// error wrapping [ErrUnwritable]. Retention: [Store.Purge] deletes the
// conversations over (ended or abandoned) before a cut, with their
// messages, and expired sessions; [Store.RunRetention] does so
// periodically. Queued and active conversations are never deleted.
package store
