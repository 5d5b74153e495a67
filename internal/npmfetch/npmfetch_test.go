package npmfetch

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tarball builds a package tarball holding files under package/.
func tarball(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}))
		_, err := tw.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func integrity(b []byte) string {
	sum := sha512.Sum512(b)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

// registry serves one version document and its tarball, and counts requests.
type registry struct {
	srv       *httptest.Server
	requests  atomic.Int32
	integrity string // what the version document reports
	tgz       []byte
}

func newRegistry(t *testing.T, tgz []byte) *registry {
	r := &registry{tgz: tgz, integrity: integrity(tgz)}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.requests.Add(1)
		switch req.URL.Path {
		case "/demo-pkg/1.2.3":
			json.NewEncoder(w).Encode(map[string]any{"dist": map[string]any{
				"integrity": r.integrity, "tarball": r.srv.URL + "/demo-pkg/-/demo-pkg-1.2.3.tgz"}})
		case "/demo-pkg/-/demo-pkg-1.2.3.tgz":
			w.Write(r.tgz)
		default:
			http.NotFound(w, req)
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func TestFetch(t *testing.T) {
	tgz := tarball(t, map[string]string{"package/tool.min.js": "/*! tool */", "package/README.md": "readme"})
	reg := newRegistry(t, tgz)
	p := Package{Name: "demo-pkg", Version: "1.2.3", Integrity: integrity(tgz), Files: []string{"tool.min.js"}}
	dir := p.Dir(t.TempDir())

	fetched, err := Fetch(context.Background(), reg.srv.Client(), reg.srv.URL, p, dir)
	require.NoError(t, err)
	assert.True(t, fetched)
	got, err := os.ReadFile(filepath.Join(dir, "tool.min.js"))
	require.NoError(t, err)
	assert.Equal(t, "/*! tool */", string(got))
	assert.NoFileExists(t, filepath.Join(dir, "README.md"), "only the named files are extracted")
	assert.EqualValues(t, 2, reg.requests.Load(), "the version document and the tarball")

	fetched, err = Fetch(context.Background(), reg.srv.Client(), reg.srv.URL, p, dir)
	require.NoError(t, err)
	assert.False(t, fetched, "a second fetch is a no-op")
	assert.EqualValues(t, 2, reg.requests.Load(), "and asks the registry nothing")

	newer := p
	newer.Version = "1.2.4"
	assert.False(t, newer.Present(dir), "a different pin fetches again")
}

func TestFetchRefuses(t *testing.T) {
	tgz := tarball(t, map[string]string{"package/tool.min.js": "/*! tool */"})
	good := integrity(tgz)
	other := integrity([]byte("something else"))
	tests := []struct {
		name     string
		pin      string
		reported string // what the registry says
		served   []byte // the tarball it serves
		files    []string
		want     string
	}{
		{"registry reports another integrity", good, other, tgz, []string{"tool.min.js"}, "the registry reports integrity"},
		{"tarball does not match the pin", other, other, tgz, []string{"tool.min.js"}, "the tarball's integrity is " + good},
		{"file missing from the tarball", good, good, tgz, []string{"nope.js"}, "no package/nope.js"},
		{"pin is not sha512", "sha1-abc", "sha1-abc", tgz, []string{"tool.min.js"}, "is not sha512"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := newRegistry(t, tt.served)
			reg.integrity = tt.reported
			p := Package{Name: "demo-pkg", Version: "1.2.3", Integrity: tt.pin, Files: tt.files}
			dir := p.Dir(t.TempDir())
			_, err := Fetch(context.Background(), reg.srv.Client(), reg.srv.URL, p, dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "npmfetch: demo-pkg@1.2.3")
			assert.False(t, p.Present(dir), "nothing usable is left behind")
		})
	}
}

func TestFetchUnknownVersion(t *testing.T) {
	reg := newRegistry(t, nil)
	p := Package{Name: "demo-pkg", Version: "9.9.9", Integrity: integrity(nil), Files: []string{"x.js"}}
	_, err := Fetch(context.Background(), reg.srv.Client(), reg.srv.URL, p, t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "404")
}

func TestRepoRoot(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	root, err := RepoRoot(wd)
	require.NoError(t, err)
	assert.Equal(t, filepath.Dir(filepath.Dir(wd)), root, "internal/npmfetch is two levels down")
	assert.FileExists(t, filepath.Join(root, "go.mod"))

	_, err = RepoRoot(t.TempDir())
	assert.ErrorContains(t, err, "npmfetch: no go.mod")
}

func TestAxeCorePin(t *testing.T) {
	assert.Regexp(t, `^4\.\d+\.\d+$`, AxeCore.Version, "axe-core 4.x")
	raw, err := base64.StdEncoding.DecodeString(AxeCore.Integrity[len("sha512-"):])
	require.NoError(t, err)
	assert.Len(t, raw, sha512.Size)
	assert.Equal(t, AxeCore, Known["axe-core"])
}

func TestFetchPattern(t *testing.T) {
	tgz := tarball(t, map[string]string{
		"package/lib/tsc.js": "tsc", "package/lib/lib.dom.d.ts": "dom", "package/lib/lib.es5.d.ts": "es5",
		"package/lib/typescript.js": "big",
	})
	reg := newRegistry(t, tgz)
	p := Package{Name: "demo-pkg", Version: "1.2.3", Integrity: integrity(tgz), Files: []string{"lib/tsc.js", "lib/lib.*.d.ts"}}
	dir := p.Dir(t.TempDir())
	_, err := Fetch(context.Background(), reg.srv.Client(), reg.srv.URL, p, dir)
	require.NoError(t, err)
	for _, f := range []string{"lib/tsc.js", "lib/lib.dom.d.ts", "lib/lib.es5.d.ts"} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	assert.NoFileExists(t, filepath.Join(dir, "lib/typescript.js"), "only what a pattern matches")
	assert.True(t, p.Present(dir))

	none := Package{Name: "demo-pkg", Version: "1.2.3", Integrity: integrity(tgz), Files: []string{"lib/*.map"}}
	_, err = Fetch(context.Background(), reg.srv.Client(), reg.srv.URL, none, none.Dir(t.TempDir()))
	assert.ErrorContains(t, err, "no package/lib/*.map", "a pattern must match something")
}

func TestTypeScriptPin(t *testing.T) {
	assert.Regexp(t, `^5\.\d+\.\d+$`, TypeScript.Version, "TypeScript 5.x: lib/tsc.js runs on node (7 is the native port, without it)")
	raw, err := base64.StdEncoding.DecodeString(TypeScript.Integrity[len("sha512-"):])
	require.NoError(t, err)
	assert.Len(t, raw, sha512.Size)
	assert.Equal(t, TypeScript, Known["typescript"])
}
