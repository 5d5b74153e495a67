-- Device cookies (package agent): a sign-in attempt made with a valid
-- device cookie is counted against that cookie (device) instead of its
-- user name; the key that signs the cookies is kept in secrets so that
-- every instance sharing the store verifies the same ones.

-- +goose Up
ALTER TABLE signin_attempts ADD COLUMN device TEXT NOT NULL DEFAULT '';
CREATE INDEX signin_attempts_device ON signin_attempts(device, at);
CREATE TABLE secrets (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- +goose Down
DROP TABLE secrets;
DROP INDEX signin_attempts_device;
ALTER TABLE signin_attempts DROP COLUMN device;
