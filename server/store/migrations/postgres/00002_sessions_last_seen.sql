-- sessions.last_seen: the sign-in or the agent's last activity (SQLite's
-- 00002 adds it to stores made before it; the same version here).

-- +goose Up
ALTER TABLE sessions ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE sessions DROP COLUMN last_seen;
