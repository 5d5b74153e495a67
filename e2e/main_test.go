package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lcwasm/lcwasm/internal/build"
	"github.com/lcwasm/lcwasm/server"
)

var (
	// baseURL is the root of the suite's server, without a trailing slash.
	baseURL string
	// browserCtx holds the one Chromium every test opens its tabs in.
	browserCtx context.Context
	// manifest describes the dist the suite built.
	manifest build.Manifest
	// distDir is where the suite built it.
	distDir string
)

// parallel is how many tests run at once unless -test.parallel says
// otherwise. The tests mostly wait on the browser, and the one-minute test
// must overlap the others, so GOMAXPROCS (the default) is too few.
const parallel = "4"

func TestMain(m *testing.M) {
	flag.Parse()
	if !flagGiven("test.parallel") {
		_ = flag.Set("test.parallel", parallel)
	}
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

func flagGiven(name string) bool {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// run sets the suite up, runs the tests and tears everything down. Any setup
// error is fatal: the suite never skips.
func run(m *testing.M) (int, error) {
	chromium, err := chromiumPath()
	if err != nil {
		return 1, err
	}
	if err := loadAxe(); err != nil {
		return 1, err
	}
	tmp, err := os.MkdirTemp("", "lcw-e2e-")
	if err != nil {
		return 1, fmt.Errorf("e2e: %w", err)
	}
	defer os.RemoveAll(tmp)

	dist := filepath.Join(tmp, "dist")
	distDir = dist
	if err := buildDist(dist); err != nil {
		return 1, err
	}
	extra, err := brokenDists(tmp, dist)
	if err != nil {
		return 1, err
	}
	extra["/e2e/"] = os.DirFS("testdata")

	agents, err := testAgents()
	if err != nil {
		return 1, err
	}
	h, err := server.New(server.Options{
		Site:    os.DirFS(".."),
		Dist:    os.DirFS(dist),
		Widgets: testWidgets(time.Now()),
		Extra:   extra,
		Logger:  slog.New(slog.DiscardHandler),
		Agents:  agents,
	})
	if err != nil {
		return 1, fmt.Errorf("e2e: %w", err)
	}
	srv := httptest.NewServer(withRoutes(h))
	defer srv.Close()
	baseURL = srv.URL

	ctx, stop, err := startBrowser(chromium)
	if err != nil {
		return 1, err
	}
	defer stop()
	browserCtx = ctx
	return m.Run(), nil
}

// routes are handlers a test file registers from an init function, by path
// prefix ("/faults/"); they answer before the real server, for pages that need
// their own headers or a misbehaving endpoint. Globals such as baseURL and
// distDir are set by the time they serve.
var routes = map[string]http.Handler{}

// withRoutes sends requests under a registered prefix to its handler, and
// everything else to h.
func withRoutes(h http.Handler) http.Handler {
	if len(routes) == 0 {
		return h
	}
	mux := http.NewServeMux()
	mux.Handle("/", h)
	for prefix, rh := range routes {
		mux.Handle(prefix, rh)
	}
	return mux
}

// buildDist runs the real build, as `make build` does, into dir.
func buildDist(dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	m, err := build.Run(ctx, dir)
	if err != nil {
		return fmt.Errorf("e2e: building dist: %w", err)
	}
	manifest = m
	w := m.Files[m.WASM]
	fmt.Printf("e2e: built dist in %v: %s raw %d, gzip %d, brotli %d bytes\n",
		time.Since(start).Round(time.Millisecond), m.WASM, w.Raw, w.Gzip, w.Br)
	return nil
}

// brokenDists makes two copies of dist next to it for the load-failure
// tests, and returns them as server mounts: /missing/ lacks the wasm, and
// /corrupt/ holds garbage in its place (with no precompressed siblings, so the
// garbage is what gets served).
func brokenDists(tmp, dist string) (map[string]fs.FS, error) {
	mounts := map[string]fs.FS{}
	for _, name := range []string{"missing", "corrupt"} {
		dir := filepath.Join(tmp, name)
		if err := os.CopyFS(dir, os.DirFS(dist)); err != nil {
			return nil, fmt.Errorf("e2e: %w", err)
		}
		wasm := filepath.Join(dir, manifest.WASM)
		for _, p := range []string{wasm, wasm + ".br", wasm + ".gz"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("e2e: %w", err)
			}
		}
		if name == "corrupt" {
			garbage := []byte(strings.Repeat("this is not WebAssembly ", 64))
			if err := os.WriteFile(wasm, garbage, 0o644); err != nil {
				return nil, fmt.Errorf("e2e: %w", err)
			}
		}
		mounts["/"+name+"/"] = os.DirFS(dir)
	}
	return mounts, nil
}
