-- An offline message an agent has handled: when (Unix ms) and by whom
-- (the agent's user name); NULL and '' while it waits. The console lists
-- the waiting ones by default; the per-widget cap drops the oldest
-- handled ones first, and counts by widget.

-- +goose Up
ALTER TABLE offline_messages ADD COLUMN handled_at INTEGER;
ALTER TABLE offline_messages ADD COLUMN handled_by TEXT NOT NULL DEFAULT '';
CREATE INDEX offline_messages_app ON offline_messages(app_id, created);

-- +goose Down
DROP INDEX offline_messages_app;
ALTER TABLE offline_messages DROP COLUMN handled_by;
ALTER TABLE offline_messages DROP COLUMN handled_at;
