-- A message may stand for an attachment: its id (attachments.id), the
-- type the server found in its bytes and its size; the message's text is
-- the file's name. NULL for text messages.

-- +goose Up
ALTER TABLE messages ADD COLUMN attachment TEXT;
ALTER TABLE messages ADD COLUMN attachment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN attachment_size BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE messages DROP COLUMN attachment_size;
ALTER TABLE messages DROP COLUMN attachment_type;
ALTER TABLE messages DROP COLUMN attachment;
