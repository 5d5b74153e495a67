package build_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/build"
)

// TestBundleDependencies checks the real ./wasm: test and build tooling must
// never be linked into the bundle the browser downloads, nor the standard
// packages it does without for its size (docs/performance.md): time
// (internal/instant instead; importing it at all costs about 37 KB
// brotli), fmt, reflect, runtime/debug and os.
func TestBundleDependencies(t *testing.T) {
	deps := listBundle(t, "-e", "-deps")
	require.Contains(t, deps, "github.com/lcwasm/lcwasm/wasm")
	for _, banned := range []string{
		"github.com/chromedp/", "github.com/stretchr/testify", "github.com/andybalholm/brotli",
		"github.com/lcwasm/lcwasm/server", "github.com/lcwasm/lcwasm/internal/build", "testing",
		"time", "fmt", "reflect", "runtime/debug", "os",
	} {
		for _, dep := range deps {
			assert.False(t, dep == banned || strings.HasPrefix(dep, banned+"/") ||
				(strings.HasSuffix(banned, "/") && strings.HasPrefix(dep, banned)),
				"./wasm links %s", dep)
		}
	}
}

// TestBundleAvoidsStrconvQuoting checks the source of the module's packages
// in ./wasm: strconv's quoting (Quote, Unquote, QuotedPrefix, and the
// parsers, whose *NumError quotes its input) links about 30 KB of raw wasm
// and the unicode tables; internal/strconvlite stands in for them.
func TestBundleAvoidsStrconvQuoting(t *testing.T) {
	files := listBundle(t, "-deps", "-f", `{{if .Module}}{{if .Module.Main}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}} {{end}}{{end}}{{end}}`)
	require.NotEmpty(t, files)
	banned := regexp.MustCompile(`^(Quote\w*|Unquote\w*|QuotedPrefix|Atoi|Parse\w+|AppendQuote\w*)$`)
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "strconv" && banned.MatchString(sel.Sel.Name) {
				t.Errorf("%s: strconv.%s: use internal/strconvlite (docs/performance.md)", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}

// listBundle runs go list with args on ./wasm for js/wasm and returns the
// words it prints.
func listBundle(t *testing.T, args ...string) []string {
	t.Helper()
	wd, err := os.Getwd()
	require.NoError(t, err)
	root, err := build.ModuleRoot(wd)
	require.NoError(t, err)
	goTool, err := build.GoTool()
	require.NoError(t, err)
	cmd := exec.Command(goTool, append(append([]string{"list"}, args...), "./wasm")...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err)
	return strings.Fields(string(out))
}
