-- The agents' sign-in attempts, counted in the store when several
-- instances share it (package agent keeps them in memory for one SQLite
-- instance; the table is made on both engines so their schemas match).

-- +goose Up
CREATE TABLE signin_attempts (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	addr   TEXT NOT NULL,
	"user" TEXT NOT NULL,
	at     INTEGER NOT NULL
);
CREATE INDEX signin_attempts_addr ON signin_attempts(addr, at);
CREATE INDEX signin_attempts_user ON signin_attempts("user", at);
CREATE INDEX signin_attempts_at ON signin_attempts(at);

-- +goose Down
DROP TABLE signin_attempts;
