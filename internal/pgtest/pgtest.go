package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvURL names the variable that points the tests at an existing server.
const EnvURL = "LCW_TEST_POSTGRES"

var (
	once     sync.Once
	adminURL string // a URL of the server's postgres database
	startErr error
	running  *cluster
	mu       sync.Mutex
	n        atomic.Int64
)

// Main runs the tests of m and then stops the cluster the binary started
// (if any) and removes its directory; it exits with the tests' code. Call
// it from TestMain: func TestMain(m *testing.M) { pgtest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	if err := Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// Stop stops the cluster the binary started, if any, and removes its
// directory: for a TestMain of its own that does not call [Main] (call it
// after m.Run).
func Stop() error {
	mu.Lock()
	c := running
	running = nil
	mu.Unlock()
	if c == nil {
		return nil
	}
	if err := c.stop(); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return nil
}

// URL returns the URL of the server's maintenance database (postgres),
// starting the cluster when needed; the test fails when it cannot.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			adminURL = u
			return
		}
		c, err := start(false)
		if err != nil {
			startErr = err
			return
		}
		mu.Lock()
		running = c
		mu.Unlock()
		adminURL = c.url("postgres")
	})
	if startErr != nil {
		t.Fatalf("pgtest: PostgreSQL could not start, so this test cannot run (run `make postgres` "+
			"to install it, or set %s to a server's URL): %v", EnvURL, startErr)
	}
	return adminURL
}

// DB creates an empty database for t and returns its URL; the database
// is dropped when t ends (after t's own cleanups, which close the
// connections to it).
func DB(t testing.TB) string {
	t.Helper()
	admin := URL(t)
	name := fmt.Sprintf("lcw_test_%d_%d", os.Getpid(), n.Add(1))
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("pgtest: creating the test's database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Logf("pgtest: dropping %s: %v", name, err)
		}
	})
	return withDatabase(admin, name)
}

// withDatabase returns u naming database name instead.
func withDatabase(u, name string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.Path = "/" + name
	return p.String()
}

// cluster is a throwaway PostgreSQL cluster.
type cluster struct {
	bin, dir string
	asUser   string // "postgres" when run through runuser, else ""
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

// url is a URL of database db over the cluster's unix socket.
func (c *cluster) url(db string) string {
	return "postgres://postgres@/" + db + "?host=" + url.QueryEscape(c.dir) + "&port=5432&sslmode=disable"
}

// Bin returns the directory of the newest PostgreSQL binaries: the
// highest version under /usr/lib/postgresql/*/bin holding initdb and
// pg_ctl, else the one of initdb on PATH.
func Bin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(d string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(d)), 64)
		return v
	}
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no initdb under /usr/lib/postgresql/*/bin nor on PATH (Debian: apt-get install postgresql)")
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// Start starts a throwaway cluster outside of a test binary (the load
// test's): it returns the URL of its postgres database and the func that
// stops it and removes its directory. durable keeps fsync and
// synchronous commits on, for figures that mean something; the tests'
// cluster runs with both off.
func Start(durable bool) (url string, stop func() error, err error) {
	c, err := start(durable)
	if err != nil {
		return "", nil, fmt.Errorf("pgtest: %w", err)
	}
	return c.url("postgres"), c.stop, nil
}

// start makes and starts a cluster in a new temporary directory.
func start(durable bool) (*cluster, error) {
	bin, err := Bin()
	if err != nil {
		return nil, err
	}
	// A short path: the socket's path must fit in 107 bytes.
	dir, err := os.MkdirTemp("/tmp", "lcwpg")
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, dir: dir}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, initdb must run as the postgres user, which does not exist: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		c.asUser = "postgres"
	}
	if out, err := c.run("initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	flags := []string{"-c listen_addresses=''", "-k " + dir, "-p 5432", "-c max_connections=300"}
	if !durable {
		flags = append(flags, "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")
	}
	opts := strings.Join(flags, " ")
	if out, err := c.run("pg_ctl", "-D", c.data(), "-l", filepath.Join(dir, "log"), "-o", opts,
		"-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %w\n%s\n%s", err, out, log)
	}
	return c, nil
}

// run runs one of the cluster's binaries, as the postgres user if need be.
func (c *cluster) run(name string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir // the postgres user may not read the test's directory
	return cmd.CombinedOutput()
}

// stop stops the cluster at once and removes its directory.
func (c *cluster) stop() error {
	out, err := c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop")
	rmErr := os.RemoveAll(c.dir)
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %w\n%s", err, out)
	}
	return rmErr
}
