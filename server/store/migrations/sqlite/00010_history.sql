-- The agent desk's history: one row per conversation that is over
-- (ended or abandoned), written when it ends (Store.End, Store.Abandon)
-- and, for the conversations over before this table existed or ended by
-- an older instance, when a store opens (history.go). hid is the order
-- of ending and the search's cursor; history_text (FTS5, rowid = hid)
-- holds the visitor's name, email and the messages' text, with prefix
-- indexes of 2 and 3 characters (a search matches words' beginnings).

-- +goose Up
CREATE TABLE history (
	hid          INTEGER PRIMARY KEY,
	conversation TEXT NOT NULL UNIQUE,
	app_id       TEXT NOT NULL,
	state        TEXT NOT NULL,
	visitor_id   TEXT NOT NULL,
	name         TEXT NOT NULL,
	email        TEXT NOT NULL,
	sub          TEXT NOT NULL,
	rule         TEXT NOT NULL,
	agent        TEXT NOT NULL,
	created      INTEGER NOT NULL,
	ended        INTEGER NOT NULL,
	messages     INTEGER NOT NULL
);
CREATE INDEX history_agent ON history(agent, hid);
CREATE INDEX history_rule ON history(rule, hid);
CREATE INDEX history_ended ON history(ended);
CREATE INDEX history_visitor ON history(app_id, visitor_id, hid);
CREATE INDEX history_email ON history(app_id, email, hid) WHERE email <> '';
CREATE INDEX history_sub ON history(app_id, sub, hid) WHERE sub <> '';
CREATE VIRTUAL TABLE history_text USING fts5(name, email, body,
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

-- +goose Down
DROP TABLE history_text;
DROP TABLE history;
