-- purged_chats: what the reports count of conversations retention
-- deleted (Store.Purge), per widget, UTC day of the start, rule and
-- variant of the invitation they came from (store.ChatCounts).

-- +goose Up
CREATE TABLE IF NOT EXISTS purged_chats (
	app_id         TEXT NOT NULL,
	day            TEXT NOT NULL,
	rule           TEXT NOT NULL,
	variant        TEXT NOT NULL,
	queued         INTEGER NOT NULL,
	agent_accepted INTEGER NOT NULL,
	visitor_wrote  INTEGER NOT NULL,
	PRIMARY KEY (app_id, day, rule, variant)
);

-- +goose Down
DROP TABLE purged_chats;
