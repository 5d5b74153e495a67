-- The invitation funnel's report, part two.
-- funnel_trend: per widget, UTC month and rule, the days' shown,
-- accepted and goal counts packed in one text (store/trend.go), so that a
-- year of 50 rules is 650 rows to read; filled from funnel_counters.
-- purged_invitations replaces purged_chats: what the reports count of
-- conversations retention deleted, per widget, UTC day of the start,
-- rule and invitation variant: chats, agent accepted, and those where the
-- visitor wrote after the agent joined.

-- +goose Up
CREATE TABLE IF NOT EXISTS funnel_trend (
	app_id TEXT NOT NULL,
	month  TEXT NOT NULL,
	rule   TEXT NOT NULL,
	counts TEXT NOT NULL,
	PRIMARY KEY (app_id, month, rule)
);
CREATE TABLE IF NOT EXISTS purged_invitations (
	app_id   TEXT NOT NULL,
	day      TEXT NOT NULL,
	rule     TEXT NOT NULL,
	variant  TEXT NOT NULL,
	chats    INTEGER NOT NULL,
	accepted INTEGER NOT NULL,
	wrote    INTEGER NOT NULL,
	PRIMARY KEY (app_id, day, rule, variant)
);
INSERT INTO purged_invitations (app_id, day, rule, variant, chats, accepted, wrote)
	SELECT app_id, day, rule, '', chats, accepted, 0 FROM purged_chats;
DROP TABLE purged_chats;

-- +goose Down
CREATE TABLE IF NOT EXISTS purged_chats (
	app_id   TEXT NOT NULL,
	day      TEXT NOT NULL,
	rule     TEXT NOT NULL,
	chats    INTEGER NOT NULL,
	accepted INTEGER NOT NULL,
	PRIMARY KEY (app_id, day, rule)
);
INSERT INTO purged_chats (app_id, day, rule, chats, accepted)
	SELECT app_id, day, rule, SUM(chats), SUM(accepted) FROM purged_invitations GROUP BY app_id, day, rule;
DROP TABLE purged_invitations;
DROP TABLE funnel_trend;
