-- The answers to a widget's own questions: the post-chat survey's
-- (postChat.fields) with the rating, the leave-a-message form's beyond
-- name, email and message (offline.fields). Each is a JSON array of
-- {"name", "label", "value"} in the form's order, '' for none.

-- +goose Up
ALTER TABLE conversation_ratings ADD COLUMN answers TEXT NOT NULL DEFAULT '';
ALTER TABLE offline_messages ADD COLUMN answers TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE offline_messages DROP COLUMN answers;
ALTER TABLE conversation_ratings DROP COLUMN answers;
