package e2e

import (
	"context"
	"encoding/json"
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
	"github.com/lcwasm/lcwasm/internal/pgtest"
	"github.com/lcwasm/lcwasm/server"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
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
	defer pgtest.Stop() // the cluster of the two-instance tests (instances_test.go)

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
		// Every page load asks again (with the ETag): tests that change
		// a widget in /admin see it on the next load.
		ConfigMaxAge: -1,
		// Every visitor and agent of the suite is 127.0.0.1, as behind a
		// proxy: the per-address limits (tested in server/chat and by
		// TestConsoleStaysResponsiveWithFiveThousandQueuedChats) would
		// count the whole suite as one client.
		Chat: srvchat.Options{StartsPerMinute: -1, SocketsPerAddress: -1},
	})
	if err != nil {
		return 1, fmt.Errorf("e2e: %w", err)
	}
	mux, err := withRoutes(h)
	if err != nil {
		return 1, err
	}
	srv := httptest.NewServer(mux)
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

// fixture is what one area of the suite adds to its server: widgets by app
// id (given the suite's start time) and handlers by path prefix ("/faults/")
// that answer before the real server, for pages that need their own headers
// or a misbehaving endpoint. Globals such as baseURL and distDir are set by
// the time the handlers serve.
type fixture struct {
	area    string
	widgets func(now time.Time) map[string]json.RawMessage
	routes  func() map[string]http.Handler
}

// fixtures is the suite's table of them, read by TestMain (routes) and
// testWidgets (widgets). App ids and route prefixes must be unique across
// the suite. A new area adds its row here.
var fixtures = []fixture{
	{area: "accessibility", routes: a11yRoutes},
	{area: "bad input", widgets: badInputWidgets},
	{area: "load failures", widgets: faultsLoadWidgets, routes: faultsLoadRoutes},
	{area: "CSP", widgets: cspFixtureWidgets, routes: cspRoutes},
	{area: "pop-out context", widgets: popctxWidgets, routes: popctxRoutes},
	{area: "pop-out security", routes: popsecRoutes},
	{area: "pop-out journey", widgets: popjourneyWidgets},
	{area: "loader deadlines and hostile pages", routes: boundaryRoutes},
	{area: "site console", widgets: adminWidgets},
	{area: "agent desk", widgets: deskWidgets},
	{area: "the visitor's details", widgets: detailsWidgets},
	{area: "the visitor's conversation", widgets: visitorWidgets, routes: visitorRoutes},
	{area: "post-chat survey and offline fields", widgets: surveyWidgets},
	{area: "offline messages", widgets: offlineWidgets},
	{area: "the chat button before the wasm", widgets: prewasmWidgets, routes: prewasmRoutes},
	// What test files still register from an init function (routes,
	// moreWidgets); prefer a row above.
	{area: "registered", widgets: registeredWidgets, routes: func() map[string]http.Handler { return routes }},
}

// routes and moreWidgets (widgets_test.go) are the older way in, from a
// test file's init function; still honored through the table's last row.
var routes = map[string]http.Handler{}

// withRoutes sends requests under a prefix of the fixtures' routes to its
// handler, and everything else to h.
func withRoutes(h http.Handler) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.Handle("/", h)
	from := map[string]string{}
	for _, f := range fixtures {
		if f.routes == nil {
			continue
		}
		for prefix, rh := range f.routes() {
			if area, dup := from[prefix]; dup {
				return nil, fmt.Errorf("e2e: route %s is in the fixtures of %s and of %s", prefix, area, f.area)
			}
			from[prefix] = f.area
			mux.Handle(prefix, rh)
		}
	}
	return mux, nil
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
