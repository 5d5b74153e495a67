package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server/store"
)

// TestMain stops the throwaway PostgreSQL cluster after the tests (see
// internal/pgtest).
func TestMain(m *testing.M) { pgtest.Main(m) }

// engines are the store's two implementations: the conformance suite is
// every test that runs through eachEngine.
var engines = []string{"sqlite", "postgres"}

// eachEngine runs fn as a subtest per engine, with a new empty store
// (a SQLite file in a temp dir; a fresh PostgreSQL database) closed when
// the subtest ends.
func eachEngine(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, e := range engines {
		t.Run(e, func(t *testing.T) { fn(t, openEngine(t, e)) })
	}
}

// engineURL is a new empty store's URL for engine.
func engineURL(t testing.TB, engine string) string {
	if engine == "postgres" {
		return pgtest.DB(t)
	}
	return "sqlite:" + t.TempDir()
}

func openEngine(t testing.TB, engine string) *store.Store {
	t.Helper()
	s, err := store.OpenURL(context.Background(), engineURL(t, engine))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}
