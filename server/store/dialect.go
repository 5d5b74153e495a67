package store

// dialect is what differs between the engines at run time; the schemas
// differ in their migrations (migrations/<name>), and the queries are
// one set with ? placeholders (rebound to $n for PostgreSQL, see pg.go).
type dialect struct {
	name     string // the migrations' directory: "sqlite", "postgres"
	postgres bool
	// lockRow ends a SELECT of the conversation a message is added to, so
	// that concurrent writers (other instances) wait for each other: the
	// next seq and the client-id check are then read under the lock.
	// SQLite has one writer, so nothing.
	lockRow string
	// prepare: the store keeps prepared statements itself (SQLite); pgx
	// caches them per connection on its own.
	prepare bool
	// committers is how many group commits run at once (see commits).
	committers int
}

var (
	sqliteDialect   = &dialect{name: "sqlite", prepare: true, committers: 1}
	postgresDialect = &dialect{name: "postgres", postgres: true, lockRow: " FOR UPDATE", committers: 8}
)
