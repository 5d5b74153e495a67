package server_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster the tests that share a store
// across instances started (pgtest).
func TestMain(m *testing.M) { pgtest.Main(m) }
