package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
)

// backup is "lcwserver backup [-data DIR] FILE": a consistent copy of
// the SQLite store, taken with VACUUM INTO while the server runs (WAL
// lets it read a snapshot while the server writes). FILE must not
// exist. PostgreSQL stores are backed up with pg_dump.
func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("lcwserver backup", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", "data", "data directory holding the chat store lcwasm.db")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return errors.New("backup: want one FILE to write: lcwserver backup [-data DIR] FILE")
	}
	dst := fl.Arg(0)
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("backup: %s exists; name a new file", dst)
	}
	src := filepath.Join(*data, "lcwasm.db")
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(src)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("backup: %s: %w", src, err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", src, dst)
	return nil
}
