package e2e

import (
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/build"
	"github.com/lcwasm/lcwasm/server"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
)

// swapFS is a dist that a test replaces by the next release.
type swapFS struct {
	mu  sync.Mutex
	cur fs.FS
}

func (s *swapFS) Open(name string) (fs.File, error) {
	s.mu.Lock()
	cur := s.cur
	s.mu.Unlock()
	return cur.Open(name)
}

func (s *swapFS) set(f fs.FS) {
	s.mu.Lock()
	s.cur = f
	s.mu.Unlock()
}

// releaseTwo builds the suite's dist again into a copy of it, with one
// source file added to ./wasm through a go build overlay (a one-line
// change, as a small commit makes): the copy then holds release 1's wasm
// in prev/ and the delta of release 2 against it.
func releaseTwo(t *testing.T) (string, build.Manifest) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "dist")
	require.NoError(t, os.CopyFS(dir, os.DirFS(distDir)))
	root, err := build.ModuleRoot(".")
	require.NoError(t, err)
	src := filepath.Join(t.TempDir(), "release.go")
	require.NoError(t, os.WriteFile(src, []byte("package main\n\n"+
		"// e2eRelease makes the e2e suite's second release differ from the first.\n"+
		"var e2eRelease string\n\nfunc init() { e2eRelease = \"release 2\" }\n"), 0o644))
	overlay, err := json.Marshal(map[string]any{"Replace": map[string]string{
		filepath.Join(root, "wasm", "zz_e2e_release.go"): src,
	}})
	require.NoError(t, err)
	op := filepath.Join(t.TempDir(), "overlay.json")
	require.NoError(t, os.WriteFile(op, overlay, 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	m, err := build.Config{Root: root, Overlay: op}.Run(ctx, dir)
	require.NoError(t, err)
	return dir, m
}

// wasmLoads records, from the tab's Network events, every response for a
// hashed wasm and the bytes it took on the wire.
type wasmLoads struct {
	mu       sync.Mutex
	byID     map[network.RequestID]*wasmLoad
	requests map[network.RequestID]network.Headers
}

type wasmLoad struct {
	url, encoding, useAsDictionary, available string
	encoded                                   float64
	finished                                  bool
}

func (l *wasmLoads) record(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSentExtraInfo:
		l.requests[ev.RequestID] = ev.Headers
	case *network.EventResponseReceived:
		if !strings.HasSuffix(ev.Response.URL, ".wasm") {
			return
		}
		h := func(name string) string {
			for k, v := range ev.Response.Headers {
				if strings.EqualFold(k, name) {
					s, _ := v.(string)
					return s
				}
			}
			return ""
		}
		l.byID[ev.RequestID] = &wasmLoad{url: ev.Response.URL, encoding: h("Content-Encoding"), useAsDictionary: h("Use-As-Dictionary")}
	case *network.EventLoadingFinished:
		if w, ok := l.byID[ev.RequestID]; ok {
			w.encoded, w.finished = ev.EncodedDataLength, true
			for k, v := range l.requests[ev.RequestID] {
				if strings.EqualFold(k, "Available-Dictionary") {
					w.available, _ = v.(string)
				}
			}
		}
	}
}

// of returns the finished load of the wasm named name, if any.
func (l *wasmLoads) of(name string) (wasmLoad, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, w := range l.byID {
		if strings.HasSuffix(w.url, "/"+name) && w.finished {
			return *w, true
		}
	}
	return wasmLoad{}, false
}

// TestWasmUpdateTravelsAsDelta: a visitor loads a page with release 1;
// the site deploys release 2 (one small change); on the visitor's next page
// the new wasm comes as a dcz delta against the one the browser kept as a
// dictionary, a fraction of the brotli bytes, and the widget starts.
func TestWasmUpdateTravelsAsDelta(t *testing.T) {
	t.Parallel()
	dir2, m2 := releaseTwo(t)
	require.NotEqual(t, manifest.WASM, m2.WASM)
	require.Len(t, m2.Deltas, 1)
	require.Equal(t, manifest.WASM, m2.Deltas[0].From)

	dist := &swapFS{cur: os.DirFS(distDir)}
	h, err := server.New(server.Options{
		Site:         os.DirFS(".."),
		Dist:         dist,
		Widgets:      testWidgets(time.Now()),
		Extra:        map[string]fs.FS{"/e2e/": os.DirFS("testdata")},
		Logger:       slog.New(slog.DiscardHandler),
		ConfigMaxAge: -1,
		Chat:         srvchat.Options{StartsPerMinute: -1, SocketsPerAddress: -1},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h) // http://127.0.0.1: a secure context
	t.Cleanup(srv.Close)

	tb := newTab(t)
	loads := &wasmLoads{byID: map[network.RequestID]*wasmLoad{}, requests: map[network.RequestID]network.Headers{}}
	require.NoError(t, chromedp.Listen(tb.ctx, loads.record))
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
		return err
	})

	tb.do(chromedp.Navigate(srv.URL + "/e2e/on.html"))
	tb.waitReady()
	first, ok := loads.of(manifest.WASM)
	require.True(t, ok, "release 1's wasm was fetched")
	assert.Equal(t, "br", first.encoding)
	assert.Equal(t, `match="lcw.*.wasm"`, first.useAsDictionary)
	assert.Empty(t, first.available, "no dictionary yet")

	dist.set(os.DirFS(dir2))
	tb.do(chromedp.Navigate(srv.URL + "/e2e/on.html"))
	tb.waitReady()
	assert.True(t, evalJS[bool](tb, `performance.getEntriesByType("resource").some((e) => e.name.endsWith("/`+m2.WASM+`"))`),
		"the page runs release 2")
	second, ok := loads.of(m2.WASM)
	require.True(t, ok, "release 2's wasm was fetched")
	assert.Equal(t, "dcz", second.encoding, "release 2 came as a delta")
	assert.NotEmpty(t, second.available, "Chromium named its dictionary")
	assert.Equal(t, `match="lcw.*.wasm"`, second.useAsDictionary, "the delta is the next dictionary")
	delta, br := m2.Deltas[0].Size, m2.Files[m2.WASM].Br
	// On the wire: the body plus the response headers.
	assert.Less(t, second.encoded, float64(delta+2048))
	assert.GreaterOrEqual(t, second.encoded, float64(delta))
	t.Logf("release 2's wasm: %d bytes as dcz (%.0f on the wire) vs %d as brotli (%.1f %%), raw %d",
		delta, second.encoded, br, 100*float64(delta)/float64(br), m2.Files[m2.WASM].Raw)
	assert.Empty(t, tb.events("lcw:error"))
}
