package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmts keeps a prepared statement per query text: parsing the same SQL
// again on every call was a quarter of the server's CPU under load.
type stmts struct {
	db  *sql.DB
	off bool // the driver caches statements itself (pgx)
	mu  sync.Mutex
	m   map[string]*sql.Stmt
}

// get returns the prepared statement of q, or nil when it is not prepared
// yet and cannot be now: inside a transaction the store's one connection
// is taken, so only statements prepared before (see warm) are used there.
func (c *stmts) get(ctx context.Context, q string, inTx bool) *sql.Stmt {
	if c.off {
		return nil
	}
	c.mu.Lock()
	st, ok := c.m[q]
	c.mu.Unlock()
	if ok || inTx {
		return st
	}
	// Not under the lock: preparing waits for the connection, which a
	// transaction may hold while it looks up its own statements.
	st, err := c.db.PrepareContext(ctx, q)
	if err != nil {
		return nil // the unprepared call reports the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if first, ok := c.m[q]; ok {
		st.Close() // prepared meanwhile by another call
		return first
	}
	c.m[q] = st
	return st
}

// warm prepares the queries that run inside transactions.
func (c *stmts) warm(queries ...string) error {
	if c.off {
		return nil
	}
	for _, q := range queries {
		st, err := c.db.Prepare(q)
		if err != nil {
			return err
		}
		c.m[q] = st
	}
	return nil
}

func (c *stmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
}

// queryRow runs q, prepared, in tx or (tx nil) on the database.
func (s *Store) queryRow(ctx context.Context, tx *sql.Tx, q string, args ...any) *sql.Row {
	st := s.stmts.get(ctx, q, tx != nil)
	switch {
	case st != nil && tx != nil:
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	case st != nil:
		return st.QueryRowContext(ctx, args...)
	case tx != nil:
		return tx.QueryRowContext(ctx, q, args...)
	}
	return s.db.QueryRowContext(ctx, q, args...)
}

// query is queryRow for several rows, outside transactions.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := s.stmts.get(ctx, q, false); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, q, args...)
}

// exec is queryRow for statements without rows; a refused write's error
// wraps ErrUnwritable.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	res, err := s.execRaw(ctx, tx, q, args...)
	return res, classify(err)
}

func (s *Store) execRaw(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	st := s.stmts.get(ctx, q, tx != nil)
	switch {
	case st != nil && tx != nil:
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	case st != nil:
		return st.ExecContext(ctx, args...)
	case tx != nil:
		return tx.ExecContext(ctx, q, args...)
	}
	return s.db.ExecContext(ctx, q, args...)
}
