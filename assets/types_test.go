package assets_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/npmfetch"
)

// tsc returns the command that runs the pinned TypeScript compiler with the
// machine's node. Both must be there: the test fails, naming the fix.
func tsc(t *testing.T) (node, script string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed to type-check lcw.d.ts (Node.js 18 or later on PATH; Debian: apt-get install nodejs): %v", err)
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	p := npmfetch.TypeScript
	if !p.Present(p.Dir(root)) {
		t.Fatalf("TypeScript %s is missing from .tools/: run `go run ./cmd/fetchnpm typescript` (make test does)", p.Version)
	}
	return node, filepath.Join(p.Dir(root), "lib", "tsc.js")
}

// project writes a tsconfig.json naming files into dir and runs tsc on it;
// it returns tsc's diagnostics, one per line, and whether it passed.
func project(t *testing.T, dir string, options map[string]any, files []string) ([]string, bool) {
	t.Helper()
	node, script := tsc(t)
	opts := map[string]any{
		"strict": true, "noEmit": true, "target": "es2020", "lib": []string{"es2020", "dom"},
		"module": "esnext", "moduleResolution": "bundler", "types": []string{},
	}
	for k, v := range options {
		opts[k] = v
	}
	cfg, err := json.Marshal(map[string]any{"compilerOptions": opts, "files": files})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tsconfig.json"), cfg, 0o644))
	cmd := exec.Command(node, script, "-p", "tsconfig.json", "--pretty", "false")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	if err != nil {
		if _, exit := err.(*exec.ExitError); !exit {
			t.Fatalf("running tsc: %v", err)
		}
	}
	return lines, err == nil
}

func write(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// workspace is a temporary project with the npm package as
// node_modules/lcwasm (as dist/npm has it, lcw.d.ts included; a second copy
// of that global declaration file would conflict with it) and the page
// prelude.
func workspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "docs-page.d.ts"), read(t, "testdata/types/docs-page.d.ts"))
	pkg := filepath.Join(dir, "node_modules", "lcwasm")
	for _, f := range []string{"package.json", "index.js", "index.d.ts"} {
		write(t, filepath.Join(pkg, f), read(t, filepath.Join("npm", f)))
	}
	write(t, filepath.Join(pkg, "lcw.d.ts"), read(t, "lcw.d.ts"))
	return dir
}

// asModule puts text in a file of its own scope that sees lcw.d.ts.
func asModule(text string) string {
	return `/// <reference path="../node_modules/lcwasm/lcw.d.ts" />` + "\n" + text + "\nexport {};\n"
}

// TestMicrosoftExamplesTypeCheck: the SDK calls of Microsoft's documented
// examples (testdata/types/ms-*.ts), the events, the npm package's module
// and every ts snippet of the docs compile with tsc --strict against
// lcw.d.ts.
func TestMicrosoftExamplesTypeCheck(t *testing.T) {
	dir := workspace(t)
	names, err := filepath.Glob("testdata/types/*.ts")
	require.NoError(t, err)
	var files []string
	ms := 0
	for _, n := range names {
		base := filepath.Base(n)
		if strings.HasPrefix(base, "bad-") || strings.HasSuffix(base, ".d.ts") {
			continue
		}
		if strings.HasPrefix(base, "ms-") {
			ms++
		}
		write(t, filepath.Join(dir, "good", base), asModule(read(t, n)))
		files = append(files, "good/"+base)
	}
	require.Equal(t, 9, ms, "the reference page's example and the eight scenarios")
	for _, d := range docFiles(t) {
		for i, m := range tsBlock.FindAllStringSubmatch(read(t, d), -1) {
			name := fmt.Sprintf("good/%s-%d.ts", strings.TrimSuffix(filepath.Base(d), ".md"), i+1)
			write(t, filepath.Join(dir, name), asModule(m[1]))
			files = append(files, name)
		}
	}
	diags, ok := project(t, dir, nil, files)
	assert.True(t, ok, "tsc --strict failed:\n%s", strings.Join(diags, "\n"))
}

var (
	jsBlock = regexp.MustCompile("(?s)```(?:js|javascript)\n(.*?)```")
	tsBlock = regexp.MustCompile("(?s)```(?:ts|typescript)\n(.*?)```")
)

// docFiles are the README and docs/*.md.
func docFiles(t *testing.T) []string {
	t.Helper()
	docs, err := filepath.Glob("../docs/*.md")
	require.NoError(t, err)
	return append(docs, "../README.md")
}

// TestDocSnippetsTypeCheck: every JavaScript snippet of the README and
// docs/ type-checks as a page script (checkJs, strict; JavaScript has no
// parameter types, so implicit any is allowed).
func TestDocSnippetsTypeCheck(t *testing.T) {
	dir := workspace(t)
	var files []string
	for _, d := range docFiles(t) {
		for i, m := range jsBlock.FindAllStringSubmatch(read(t, d), -1) {
			name := fmt.Sprintf("docs/%s-%d.js", strings.TrimSuffix(filepath.Base(d), ".md"), i+1)
			write(t, filepath.Join(dir, name), asModule(m[1]))
			files = append(files, name)
		}
	}
	require.NotEmpty(t, files, "no ```js snippets found in the docs")
	files = append(files, "docs-page.d.ts")
	diags, ok := project(t, dir, map[string]any{"allowJs": true, "checkJs": true, "noImplicitAny": false, "skipLibCheck": true}, files)
	assert.True(t, ok, "a docs snippet does not type-check:\n%s", strings.Join(diags, "\n"))
	t.Logf("%d snippets checked", len(files)-1)
}

var wantCode = regexp.MustCompile(`^// (TS\d+):`)

// TestWrongCallsFailToCompile: each bad-*.ts fails with the error its first
// line names (startProactiveChat(42) among them), and with nothing else.
func TestWrongCallsFailToCompile(t *testing.T) {
	dir := workspace(t)
	names, err := filepath.Glob("testdata/types/bad-*.ts")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	want := map[string]string{}
	var files []string
	for _, n := range names {
		src := read(t, n)
		m := wantCode.FindStringSubmatch(src)
		require.NotNil(t, m, "%s: the first line must name the expected error (// TS2345: ...)", n)
		base := filepath.Base(n)
		want["bad/"+base] = m[1]
		write(t, filepath.Join(dir, "bad", base), asModule(src))
		files = append(files, "bad/"+base)
	}
	require.Contains(t, want, "bad/bad-number-message.ts", "startProactiveChat(42)")
	// lcw.d.ts itself is checked by TestMicrosoftExamplesTypeCheck.
	diags, ok := project(t, dir, map[string]any{"skipLibCheck": true}, files)
	require.False(t, ok, "tsc accepted every wrong call")
	got := map[string][]string{}
	for _, d := range diags {
		file, rest, _ := strings.Cut(d, "(")
		_, msg, _ := strings.Cut(rest, ": error ")
		code, _, _ := strings.Cut(msg, ":")
		got[filepath.ToSlash(file)] = append(got[filepath.ToSlash(file)], code)
	}
	for file, code := range want {
		assert.Equal(t, []string{code}, got[file], "%s; tsc said:\n%s", file, strings.Join(diags, "\n"))
	}
}
