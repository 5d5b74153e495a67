-- The schema of the stores made before migrations (lcwasm up to
-- 2026-12-03, when Open ran CREATE TABLE IF NOT EXISTS on every start):
-- IF NOT EXISTS, so a store made then takes this version as it is.
-- Times are Unix milliseconds.

-- +goose Up
CREATE TABLE IF NOT EXISTS conversations (
	id         TEXT PRIMARY KEY,
	app_id     TEXT NOT NULL,
	token_hash BLOB NOT NULL,
	visitor_id TEXT NOT NULL,
	start_cid  TEXT NOT NULL,
	state      TEXT NOT NULL,
	agent      TEXT NOT NULL DEFAULT '',
	created    INTEGER NOT NULL,
	accepted   INTEGER,
	ended      INTEGER,
	ended_by   TEXT NOT NULL DEFAULT '',
	context    TEXT NOT NULL DEFAULT '{}',
	UNIQUE (app_id, visitor_id, start_cid)
);
CREATE INDEX IF NOT EXISTS conversations_state ON conversations(state, created);
CREATE INDEX IF NOT EXISTS conversations_accepted ON conversations(accepted);
CREATE INDEX IF NOT EXISTS conversations_over ON conversations(state, ended);
CREATE TABLE IF NOT EXISTS messages (
	conversation TEXT NOT NULL REFERENCES conversations(id),
	seq          INTEGER NOT NULL,
	cid          TEXT,
	sender       TEXT NOT NULL,
	name         TEXT NOT NULL DEFAULT '',
	text         TEXT NOT NULL,
	at           INTEGER NOT NULL,
	PRIMARY KEY (conversation, seq),
	UNIQUE (conversation, cid)
);
CREATE TABLE IF NOT EXISTS sessions (
	token_hash BLOB PRIMARY KEY,
	user       TEXT NOT NULL,
	csrf       TEXT NOT NULL,
	expires    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS health (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS widgets (
	app_id    TEXT PRIMARY KEY,
	disabled  INTEGER NOT NULL DEFAULT 0,
	published INTEGER NOT NULL DEFAULT 0,
	created   INTEGER NOT NULL,
	updated   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS widget_versions (
	app_id  TEXT NOT NULL REFERENCES widgets(app_id),
	version INTEGER NOT NULL,
	config  TEXT NOT NULL,
	author  TEXT NOT NULL,
	at      INTEGER NOT NULL,
	note    TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (app_id, version)
);
CREATE TABLE IF NOT EXISTS audit (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	at     INTEGER NOT NULL,
	user   TEXT NOT NULL,
	action TEXT NOT NULL,
	app_id TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS funnel_counters (
	app_id  TEXT NOT NULL,
	day     TEXT NOT NULL,
	rule    TEXT NOT NULL,
	variant TEXT NOT NULL,
	grp     TEXT NOT NULL,
	event   TEXT NOT NULL,
	reason  TEXT NOT NULL,
	goal    TEXT NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (app_id, day, rule, variant, grp, event, reason, goal)
);
CREATE TABLE IF NOT EXISTS funnel_counters_month (
	app_id  TEXT NOT NULL,
	month   TEXT NOT NULL,
	rule    TEXT NOT NULL,
	variant TEXT NOT NULL,
	grp     TEXT NOT NULL,
	event   TEXT NOT NULL,
	reason  TEXT NOT NULL,
	goal    TEXT NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (app_id, month, rule, variant, grp, event, reason, goal)
);

-- +goose Down
SELECT 'the first schema is not taken down';
