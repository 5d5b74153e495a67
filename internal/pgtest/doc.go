// Package pgtest gives tests a real PostgreSQL: [Main], called from a test
// binary's TestMain, stops and removes the throwaway cluster the binary
// started; [DB] gives each test a database of its own (CREATE DATABASE)
// and returns its URL.
//
// The cluster is started on the first call of [DB], once per test
// binary: initdb into a temporary directory (run as the postgres OS user
// through runuser when the tests run as root, since initdb refuses root),
// then pg_ctl start listening only on a unix socket in that directory,
// with fsync off (the cluster is thrown away). The binaries are the
// newest under /usr/lib/postgresql/*/bin (Debian's layout), else initdb
// and pg_ctl on PATH; `make postgres` installs Debian's postgresql
// package when there is none.
//
// LCW_TEST_POSTGRES=postgres://user:pass@host:port/db makes [DB] use that
// server instead (its user must be allowed to CREATE DATABASE).
//
// PostgreSQL that cannot start is a test failure saying why, never a
// skip.
package pgtest
