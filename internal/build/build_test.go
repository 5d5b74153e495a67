package build_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/build"
)

// fakeModule writes a minimal module with a wasm main and the three assets
// into a temporary directory and returns its root.
func fakeModule(t *testing.T, loader string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":                  "module example.com/fake\n\ngo 1.26\n",
		"wasm/main.go":            "package main\n\nfunc main() { println(\"fake\") }\n",
		"assets/lcw.js":           loader,
		"assets/lcw.css":          ".oc-lcw { color: red; }\n",
		"assets/popout.html":      "<!doctype html><link rel=stylesheet href=__LCW_CSS__><script src=lcw.js></script>\n",
		"assets/lcw.d.ts":         "declare namespace Microsoft {}\n",
		"assets/npm/package.json": `{"name": "fake", "types": "./index.d.ts"}` + "\n",
		"assets/npm/index.js":     "export function whenReady() {}\n",
		"assets/npm/index.d.ts":   "export function whenReady(): void;\n",
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return root
}

const goodLoader = `const wasm = "__LCW_WASM__", css = "__LCW_CSS__"; function glue() {/*__LCW_GLUE__*/}` + "\n" +
	`const launcher = /*__LCW_LAUNCHER__*/null;` + "\n"

func buildFake(t *testing.T, root, out string) (build.Manifest, error) {
	t.Helper()
	// The default cache: the fake wasm is the same in every test and every
	// run, and brotli at quality 11 costs seconds.
	c := build.Config{Root: root}
	return c.Run(context.Background(), out)
}

func TestRunWritesDist(t *testing.T) {
	root := fakeModule(t, goodLoader)
	out := filepath.Join(t.TempDir(), "dist")
	m, err := buildFake(t, root, out)
	require.NoError(t, err)

	assert.Regexp(t, `^lcw\.[0-9a-f]{10}\.wasm$`, m.WASM)
	assert.Regexp(t, `^lcw\.[0-9a-f]{10}\.css$`, m.CSS)
	assert.True(t, build.IsHashed(m.WASM))

	loader := readFile(t, out, "lcw.js")
	execJS := readFile(t, out, "wasm_exec.js")
	assert.Contains(t, execJS, "Go")
	launcher, err := build.RenderLauncher(nil) // the fake module ships no lang-<tag>.json
	require.NoError(t, err)
	template, err := json.Marshal(launcher)
	require.NoError(t, err)
	assert.Equal(t, `const wasm = "`+m.WASM+`", css = "`+m.CSS+`"; function glue() {`+"\n"+execJS+"\n}\n"+
		`const launcher = `+string(template)+";\n", loader,
		"lcw.js is the filled-in loader with wasm_exec.js in its glue function")
	assert.Contains(t, readFile(t, out, "popout.html"), "href="+m.CSS)
	assert.True(t, bytes.HasPrefix([]byte(readFile(t, out, m.WASM)), []byte("\x00asm")))

	var onDisk build.Manifest
	require.NoError(t, json.Unmarshal([]byte(readFile(t, out, "manifest.json")), &onDisk))
	assert.Equal(t, m, onDisk)
	for _, name := range []string{"lcw.js", m.WASM, m.CSS, "wasm_exec.js", "popout.html"} {
		t.Run(name, func(t *testing.T) { checkSiblings(t, out, name, m.Files[name]) })
	}
	assert.Len(t, m.Files, 6)
	assert.Equal(t, "declare namespace Microsoft {}\n", readFile(t, out, "lcw.d.ts"))
}

func TestRunWritesTheNPMPackage(t *testing.T) {
	root := fakeModule(t, goodLoader)
	out := filepath.Join(t.TempDir(), "dist")
	require.NoError(t, os.MkdirAll(filepath.Join(out, "npm", "bundle"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(out, "npm", "bundle", "lcw.0000000000.wasm"), []byte("old"), 0o644))
	m, err := buildFake(t, root, out)
	require.NoError(t, err)

	npm := filepath.Join(out, "npm")
	for _, name := range []string{"package.json", "index.js", "index.d.ts", "lcw.d.ts"} {
		assert.Equal(t, readFile(t, root, filepath.Join("assets", pick(name))), readFile(t, npm, name), name)
	}
	for _, name := range []string{"lcw.js", m.WASM, m.CSS, "wasm_exec.js", "popout.html"} {
		assert.Equal(t, readFile(t, out, name), readFile(t, npm, filepath.Join("bundle", name)), name)
	}
	entries, err := os.ReadDir(filepath.Join(npm, "bundle"))
	require.NoError(t, err)
	assert.Len(t, entries, 5, "no siblings, nothing left from an earlier build")
}

// pick is the asset a package file comes from.
func pick(name string) string {
	if name == "lcw.d.ts" {
		return name
	}
	return filepath.Join("npm", name)
}

func TestRunReportsItsSteps(t *testing.T) {
	root := fakeModule(t, goodLoader)
	var steps []string
	c := build.Config{Root: root, Progress: func(s string) { steps = append(steps, s) }}
	_, err := c.Run(context.Background(), filepath.Join(t.TempDir(), "dist"))
	require.NoError(t, err)
	require.Len(t, steps, 4)
	assert.Contains(t, steps[0], "compiling ./wasm")
	assert.Contains(t, steps[1], "compressing 6 files")
	assert.Contains(t, steps[2], "npm package")
	assert.Contains(t, steps[3], "dcz deltas")
}

// checkSiblings asserts that name.br and name.gz decode to name and that the
// manifest sizes match the files.
func checkSiblings(t *testing.T, dir, name string, sizes build.Sizes) {
	t.Helper()
	raw := readFile(t, dir, name)
	br := readFile(t, dir, name+".br")
	gz := readFile(t, dir, name+".gz")
	assert.Equal(t, build.Sizes{Raw: int64(len(raw)), Gzip: int64(len(gz)), Br: int64(len(br))}, sizes)

	got, err := io.ReadAll(brotli.NewReader(strings.NewReader(br)))
	require.NoError(t, err)
	assert.Equal(t, raw, string(got), "brotli sibling")

	zr, err := gzip.NewReader(strings.NewReader(gz))
	require.NoError(t, err)
	got, err = io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, raw, string(got), "gzip sibling")
}

func TestRunRemovesStaleHashedFiles(t *testing.T) {
	root := fakeModule(t, goodLoader)
	out := t.TempDir()
	stale := []string{"lcw.0123456789.wasm", "lcw.0123456789.wasm.br", "lcw.abcdefabcd.css.gz"}
	for _, name := range append(stale, "keep.txt") {
		require.NoError(t, os.WriteFile(filepath.Join(out, name), []byte("old"), 0o644))
	}
	m, err := buildFake(t, root, out)
	require.NoError(t, err)

	for _, name := range stale {
		assert.NoFileExists(t, filepath.Join(out, name))
	}
	assert.FileExists(t, filepath.Join(out, "keep.txt"))
	assert.FileExists(t, filepath.Join(out, m.WASM+".br"))
	assert.FileExists(t, filepath.Join(out, m.CSS+".gz"))
}

func TestRunIsReproducible(t *testing.T) {
	root := fakeModule(t, goodLoader)
	out := t.TempDir()
	first, err := buildFake(t, root, out)
	require.NoError(t, err)
	second, err := buildFake(t, root, out)
	require.NoError(t, err)
	assert.Equal(t, first, second)
}

func TestRunFailures(t *testing.T) {
	tests := []struct {
		name    string
		loader  string
		breakIt func(root string) error
		want    string
	}{
		{
			name:   "loader lacks the wasm placeholder",
			loader: `const css = "__LCW_CSS__"; /*__LCW_GLUE__*/ /*__LCW_LAUNCHER__*/null`,
			want:   "build: assets/lcw.js lacks the placeholder __LCW_WASM__",
		},
		{
			name:   "loader lacks the css placeholder",
			loader: `const wasm = "__LCW_WASM__"; /*__LCW_GLUE__*/ /*__LCW_LAUNCHER__*/null`,
			want:   "build: assets/lcw.js lacks the placeholder __LCW_CSS__",
		},
		{
			name:   "loader lacks the glue placeholder",
			loader: `const wasm = "__LCW_WASM__", css = "__LCW_CSS__"; /*__LCW_LAUNCHER__*/null`,
			want:   "build: assets/lcw.js lacks the placeholder /*__LCW_GLUE__*/",
		},
		{
			name:   "loader lacks the launcher placeholder",
			loader: `const wasm = "__LCW_WASM__", css = "__LCW_CSS__"; /*__LCW_GLUE__*/`,
			want:   "build: assets/lcw.js lacks the placeholder /*__LCW_LAUNCHER__*/null",
		},
		{
			name:    "missing stylesheet",
			loader:  goodLoader,
			breakIt: func(root string) error { return os.Remove(filepath.Join(root, "assets/lcw.css")) },
			want:    "lcw.css",
		},
		{
			name:   "wasm does not compile",
			loader: goodLoader,
			breakIt: func(root string) error {
				return os.WriteFile(filepath.Join(root, "wasm/main.go"), []byte("package main\nfunc main() { x }\n"), 0o644)
			},
			want: "build: ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fakeModule(t, tt.loader)
			if tt.breakIt != nil {
				require.NoError(t, tt.breakIt(root))
			}
			out := t.TempDir()
			_, err := buildFake(t, root, out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NoFileExists(t, filepath.Join(out, "lcw.js"), "a failed build must not write the loader")
		})
	}
}

func TestModuleRoot(t *testing.T) {
	root := fakeModule(t, goodLoader)
	got, err := build.ModuleRoot(filepath.Join(root, "wasm"))
	require.NoError(t, err)
	assert.Equal(t, root, got)
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(b)
}

// TestRunWritesDeltas: a second release keeps the first's wasm in prev/
// and writes a dcz delta that decodes, with the first wasm as the
// dictionary, back to the new wasm.
func TestRunWritesDeltas(t *testing.T) {
	root := fakeModule(t, goodLoader)
	out := t.TempDir()
	first, err := buildFake(t, root, out)
	require.NoError(t, err)
	assert.Empty(t, first.Deltas, "nothing to be a delta against")
	require.NoError(t, os.WriteFile(filepath.Join(root, "wasm", "main.go"),
		[]byte("package main\n\nfunc main() { println(\"fake, release 2\") }\n"), 0o644))
	second, err := buildFake(t, root, out)
	require.NoError(t, err)
	require.NotEqual(t, first.WASM, second.WASM)

	assert.NoFileExists(t, filepath.Join(out, first.WASM))
	dict, err := os.ReadFile(filepath.Join(out, build.PrevDir, first.WASM))
	require.NoError(t, err, "the first release is kept")
	require.Len(t, second.Deltas, 1)
	d := second.Deltas[0]
	assert.Equal(t, first.WASM, d.From)
	assert.Equal(t, build.DeltaName(second.WASM, first.WASM), d.File)
	assert.Equal(t, second.WASM+"."+first.WASM[4:14]+".dcz", d.File)
	body, err := os.ReadFile(filepath.Join(out, d.File))
	require.NoError(t, err)
	assert.EqualValues(t, len(body), d.Size)
	assert.Equal(t, build.DCZMagic, body[:8])
	sum := sha256.Sum256(dict)
	assert.Equal(t, sum[:], body[8:40])
	got, err := build.DecodeDCZ(body, dict)
	require.NoError(t, err)
	assert.Equal(t, readFile(t, out, second.WASM), string(got))
	assert.Less(t, d.Size, second.Files[second.WASM].Br, "the delta is smaller than brotli")
	_, err = build.DecodeDCZ(body, []byte("another dictionary"))
	assert.Error(t, err)

	var m build.Manifest
	require.NoError(t, json.Unmarshal([]byte(readFile(t, out, "manifest.json")), &m))
	assert.Equal(t, second.Deltas, m.Deltas)
}

// TestRunKeepsFewReleases: prev/ keeps the newest KeepReleases wasms
// (and files not named by their hash write no delta), and the deltas of
// a replaced wasm are stale.
func TestRunKeepsFewReleases(t *testing.T) {
	root := fakeModule(t, goodLoader)
	out := t.TempDir()
	prev := filepath.Join(out, build.PrevDir)
	require.NoError(t, os.MkdirAll(prev, 0o755))
	var names []string
	for i := range build.KeepReleases + 2 {
		b := []byte(fmt.Sprintf("\x00asm release %d", i))
		sum := sha256.Sum256(b)
		name := "lcw." + hex.EncodeToString(sum[:])[:build.HashLen] + ".wasm"
		p := filepath.Join(prev, name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		when := time.Now().Add(time.Duration(i-10) * time.Hour)
		require.NoError(t, os.Chtimes(p, when, when))
		names = append(names, name)
	}
	stale := "lcw.0123456789.wasm.abcdefabcd.dcz"
	require.NoError(t, os.WriteFile(filepath.Join(out, stale), []byte("old"), 0o644))
	m, err := buildFake(t, root, out)
	require.NoError(t, err)

	kept := names[len(names)-build.KeepReleases:]
	for _, name := range names {
		if slices.Contains(kept, name) {
			assert.FileExists(t, filepath.Join(prev, name))
		} else {
			assert.NoFileExists(t, filepath.Join(prev, name), "pruned")
		}
	}
	var from []string
	for _, d := range m.Deltas {
		from = append(from, d.From)
		assert.FileExists(t, filepath.Join(out, d.File))
	}
	assert.ElementsMatch(t, kept, from)
	assert.NoFileExists(t, filepath.Join(out, stale))
}
