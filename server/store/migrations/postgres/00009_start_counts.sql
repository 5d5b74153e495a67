-- Chats started per client address and UTC minute, shared by the
-- instances on one store (chat's -starts-per-minute across instances;
-- Store.CountStart). Rows older than two minutes are pruned.

-- +goose Up
CREATE TABLE start_counts (
	addr   TEXT NOT NULL,
	minute BIGINT NOT NULL,
	n      BIGINT NOT NULL,
	PRIMARY KEY (addr, minute)
);

-- +goose Down
DROP TABLE start_counts;
