-- The files visitors and agents attach to a conversation, bytes
-- included (deleted with their conversation by retention). Caps are the
-- store's (MaxAttachmentsPerConversation and the byte limits).

-- +goose Up
CREATE TABLE attachments (
	id           TEXT PRIMARY KEY,
	conversation TEXT NOT NULL,
	sender       TEXT NOT NULL,
	name         TEXT NOT NULL,
	type         TEXT NOT NULL,
	size         BIGINT NOT NULL,
	data         BYTEA NOT NULL,
	created      BIGINT NOT NULL
);
CREATE INDEX attachments_conversation ON attachments(conversation);

-- +goose Down
DROP TABLE attachments;
