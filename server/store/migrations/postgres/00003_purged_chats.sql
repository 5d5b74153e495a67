-- purged_chats: what the reports count of conversations retention
-- deleted (Store.Purge), per widget, UTC day of the start and rule.

-- +goose Up
CREATE TABLE IF NOT EXISTS purged_chats (
	app_id   TEXT NOT NULL,
	day      TEXT NOT NULL,
	rule     TEXT NOT NULL,
	chats    BIGINT NOT NULL,
	accepted BIGINT NOT NULL,
	PRIMARY KEY (app_id, day, rule)
);

-- +goose Down
DROP TABLE purged_chats;
