package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds each engine's schema as numbered goose migrations
// (migrations/<engine>/NNNNN_name.sql). A new change is a new file with the
// next number in both directories, never an edit of an applied one.
//
//go:embed migrations
var migrations embed.FS

// migrationLockID is the PostgreSQL advisory lock taken while migrating,
// so that instances starting together migrate one after the other.
const migrationLockID = 0x6c63776d /* "lcwm" */

// migrate brings db's schema up to the newest version; goose records
// the versions applied in goose_db_version.
func migrate(ctx context.Context, db *sql.DB, d *dialect) error {
	dir, err := fs.Sub(migrations, "migrations/"+d.name)
	if err != nil {
		return err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if d.postgres {
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID),
			lock.WithLockTimeout(1, 300)) // up to 5 minutes behind another instance
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	} else {
		opts = append(opts, goose.WithGoMigrations(goose.NewGoMigration(2,
			&goose.GoFunc{RunTx: sqliteSessionsLastSeen}, nil)))
	}
	// Migration 4, both engines: the funnel's trend table, filled from
	// the counters (trend.go).
	opts = append(opts, goose.WithGoMigrations(goose.NewGoMigration(4,
		&goose.GoFunc{RunTx: migrateTrend}, nil)))
	dialect := goose.DialectSQLite3
	if d.postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db, dir, opts...)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return err
	}
	return nil
}

// sqliteSessionsLastSeen is SQLite's migration 2: sessions.last_seen,
// unless the store was made by a version whose schema had it already
// (the column list Open patched before migrations).
func sqliteSessionsLastSeen(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_table_info('sessions') WHERE name = 'last_seen'`).Scan(&n); err != nil {
		return fmt.Errorf("sessions.last_seen: %w", err)
	}
	if n > 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0`)
	return err
}
