package pgtest_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/lcwasm/lcwasm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Each test's database is its own and empty: a table made in one is not
// in the other.
func TestDBIsFreshPerTest(t *testing.T) {
	for _, name := range []string{"first", "second"} {
		t.Run(name, func(t *testing.T) {
			db, err := sql.Open("pgx", pgtest.DB(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			if _, err := db.ExecContext(ctx, `CREATE TABLE made_here (id INTEGER)`); err != nil {
				t.Fatalf("a fresh database should not have the table yet: %v", err)
			}
			var version string
			if err := db.QueryRowContext(ctx, `SHOW server_version`).Scan(&version); err != nil {
				t.Fatal(err)
			}
			t.Logf("PostgreSQL %s", version)
		})
	}
}
