-- Offline messages left per widget, client address (agent.AddrKey: an
-- IPv4 address or an IPv6 /64) and UTC hour (Unix ms / 3,600,000),
-- shared by the instances on one PostgreSQL store (the server's
-- -offline-per-hour across instances; Store.CountOffline). Hours before
-- the current one are pruned by the chat hub's sweep
-- (Store.PruneOfflineCounts); each instance creates at most
-- 100,000 rows an hour (docs/server.md).
--
-- offline_messages_waiting serves the agent console's count of the
-- offline messages waiting for an agent (Store.WaitingOfflineMessages)
-- and the list of them, without reading the handled ones.

-- +goose Up
CREATE TABLE offline_counts (
	app_id TEXT NOT NULL,
	addr   TEXT NOT NULL,
	hour   BIGINT NOT NULL,
	n      BIGINT NOT NULL,
	PRIMARY KEY (app_id, addr, hour)
);
CREATE INDEX offline_counts_hour ON offline_counts(hour);
CREATE INDEX offline_messages_waiting ON offline_messages(created) WHERE handled_at IS NULL;

-- +goose Down
DROP INDEX offline_messages_waiting;
DROP TABLE offline_counts;
