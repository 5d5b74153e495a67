-- The agent desk's history: one row per conversation that is over
-- (ended or abandoned), written when it ends (Store.End, Store.Abandon)
-- and, for the conversations over before this table existed or ended by
-- an older instance, when a store opens (history.go). hid is the order
-- of ending and the search's cursor; doc, the visitor's name, email and
-- the messages' text ('simple' configuration), has a GIN index.

-- +goose Up
CREATE TABLE history (
	hid          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	conversation TEXT NOT NULL UNIQUE,
	app_id       TEXT NOT NULL,
	state        TEXT NOT NULL,
	visitor_id   TEXT NOT NULL,
	name         TEXT NOT NULL,
	email        TEXT NOT NULL,
	sub          TEXT NOT NULL,
	rule         TEXT NOT NULL,
	agent        TEXT NOT NULL,
	created      BIGINT NOT NULL,
	ended        BIGINT NOT NULL,
	messages     INTEGER NOT NULL,
	body         TEXT NOT NULL,
	doc          tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || email || ' ' || body)) STORED
);
CREATE INDEX history_agent ON history(agent, hid);
CREATE INDEX history_rule ON history(rule, hid);
CREATE INDEX history_ended ON history(ended);
CREATE INDEX history_visitor ON history(app_id, visitor_id, hid);
CREATE INDEX history_email ON history(app_id, email, hid) WHERE email <> '';
CREATE INDEX history_sub ON history(app_id, sub, hid) WHERE sub <> '';
CREATE INDEX history_doc ON history USING GIN (doc);

-- +goose Down
DROP TABLE history;
