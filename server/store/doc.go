// Package store keeps the chat's conversations, messages, agent sessions,
// widgets and funnel counters in one SQLite file (the pure-Go driver
// modernc.org/sqlite; the default) or in PostgreSQL (pgx), which several
// server instances may share: [OpenURL] takes "sqlite:DIR" or
// "postgres://…". Both run one set of queries with ? placeholders (pg.go
// rewrites them to $n); dialect.go holds what else differs, and one
// conformance suite (the tests run through eachEngine) holds both to the
// same behaviour.
//
// The schema comes from goose migrations embedded per engine
// (migrations/sqlite, migrations/postgres), applied at open; on
// PostgreSQL under an advisory lock, so instances starting together take
// turns. A SQLite store made before the migrations is taken over as it
// is (its first migration is CREATE TABLE IF NOT EXISTS).
//
// Schema:
//
//	conversations(id, app_id, token_hash, visitor_id, start_cid, state, agent,
//	              created, accepted, ended, ended_by, context)
//	messages(conversation, seq, cid, sender, name, text, at)
//	         PRIMARY KEY (conversation, seq), UNIQUE (conversation, cid)
//	sessions(token_hash, user, csrf, expires, last_seen)
//	health(id, at)  the row Ready writes
//	widgets, widget_versions, audit; funnel_counters, funnel_counters_month,
//	funnel_trend, purged_chats
//	history (+ history_text, FTS5, on SQLite)  the conversations over,
//	         searched by [Store.SearchHistory] and [Store.EarlierConversations]
//	goose_db_version  the migrations applied
//
// Times are Unix milliseconds. Conversation and session tokens are never
// stored: only their SHA-256. Each conversation numbers its messages 1, 2, 3…
// ([Store.AddMessage]); a message whose client id is already stored is not
// inserted again, the original is returned instead, so a client may resend
// after a reconnect without duplicating anything. Every write is committed
// and synced to disk (SQLite: WAL, synchronous=FULL; PostgreSQL: its
// commit) before the call returns, so a
// caller acknowledges only what survives a crash, a SIGKILL or a power
// loss (given a disk that honours fsync).
//
// Health: [Open] runs PRAGMA quick_check and refuses a damaged file
// ([ErrCorrupt]); [Store.Check] runs it again on a connection of its own;
// [Store.Ready] commits a test write and wants [MinFreeBytes] of room to
// grow. A write the disk refused (full, read-only, I/O error) returns an
// error wrapping [ErrUnwritable]. Retention: [Store.Purge] deletes the
// conversations over (ended or abandoned) before a cut, with their
// messages and history, and expired sessions; [Store.RunRetention] does so
// periodically. Queued and active conversations are never deleted.
package store
