package build_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNPMPackOffline packs the npm package built from the repository's own
// assets/npm and lcw.d.ts (with a fake wasm) with `npm pack`, offline and
// with an empty cache: it needs npm, and fails when npm is missing.
func TestNPMPackOffline(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatalf("npm is needed to check that dist/npm packs (Node.js's npm on PATH; Debian: apt-get install npm): %v", err)
	}
	root := fakeModule(t, goodLoader)
	for _, name := range []string{"lcw.d.ts", "npm/package.json", "npm/index.js", "npm/index.d.ts"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "assets", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(root, "assets", name), b, 0o644))
	}
	out := filepath.Join(t.TempDir(), "dist")
	m, err := buildFake(t, root, out)
	require.NoError(t, err)

	dest := t.TempDir()
	cmd := exec.Command(npm, "pack", "--json", "--pack-destination", dest)
	cmd.Dir = filepath.Join(out, "npm")
	cmd.Env = append(os.Environ(), "npm_config_offline=true", "npm_config_cache="+t.TempDir(),
		"npm_config_update_notifier=false", "npm_config_fund=false", "npm_config_audit=false")
	stdout, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("npm pack: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)
	var packed []struct {
		Name     string `json:"name"`
		Filename string `json:"filename"`
		Files    []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal(stdout, &packed), "%s", stdout)
	require.Len(t, packed, 1)
	assert.Equal(t, "lcwasm", packed[0].Name)
	assert.FileExists(t, filepath.Join(dest, packed[0].Filename))
	var paths []string
	for _, f := range packed[0].Files {
		paths = append(paths, f.Path)
	}
	slices.Sort(paths)
	want := []string{"bundle/" + m.CSS, "bundle/" + m.WASM, "bundle/lcw.js", "bundle/popout.html", "bundle/wasm_exec.js",
		"index.d.ts", "index.js", "lcw.d.ts", "package.json"}
	slices.Sort(want)
	assert.Equal(t, want, paths)

	var pkg struct {
		Types string `json:"types"`
		Type  string `json:"type"`
	}
	b, err := os.ReadFile(filepath.Join(out, "npm", "package.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &pkg))
	assert.Equal(t, "./index.d.ts", pkg.Types)
	assert.Equal(t, "module", pkg.Type)
	assert.True(t, strings.HasPrefix(readFile(t, filepath.Join(out, "npm"), "index.d.ts"), `/// <reference path="./lcw.d.ts" />`))
}
