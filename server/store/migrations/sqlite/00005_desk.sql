-- The agent desk's tables: each agent's chosen status (Available,
-- Away), internal notes on conversations (agents only, never sent to a
-- visitor), and agents' personal canned responses.

-- +goose Up
CREATE TABLE agent_status (
	agent   TEXT PRIMARY KEY,
	status  TEXT NOT NULL,
	updated BIGINT NOT NULL
);
CREATE TABLE notes (
	conversation TEXT NOT NULL,
	seq          BIGINT NOT NULL,
	author       TEXT NOT NULL,
	name         TEXT NOT NULL DEFAULT '',
	text         TEXT NOT NULL,
	at           BIGINT NOT NULL,
	PRIMARY KEY (conversation, seq)
);
CREATE TABLE canned_responses (
	agent    TEXT NOT NULL,
	shortcut TEXT NOT NULL,
	text     TEXT NOT NULL,
	updated  BIGINT NOT NULL,
	PRIMARY KEY (agent, shortcut)
);

-- +goose Down
DROP TABLE canned_responses;
DROP TABLE notes;
DROP TABLE agent_status;
