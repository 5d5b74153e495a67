-- What visitors leave outside a conversation's transcript: offline
-- messages (the leave-a-message form, when no agent is available) and
-- post-chat ratings (deleted with their conversation by retention).

-- +goose Up
CREATE TABLE offline_messages (
	id       TEXT PRIMARY KEY,
	app_id   TEXT NOT NULL,
	name     TEXT NOT NULL,
	email    TEXT NOT NULL,
	text     TEXT NOT NULL,
	page_url TEXT NOT NULL DEFAULT '',
	created  INTEGER NOT NULL
);
CREATE INDEX offline_messages_created ON offline_messages(created);
CREATE TABLE conversation_ratings (
	conversation TEXT PRIMARY KEY,
	rating       INTEGER NOT NULL,
	comment      TEXT NOT NULL DEFAULT '',
	at           INTEGER NOT NULL
);

-- +goose Down
DROP TABLE conversation_ratings;
DROP TABLE offline_messages;
