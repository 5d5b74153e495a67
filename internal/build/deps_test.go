package build_test

import (
	"os"
	"os/exec"
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
	wd, err := os.Getwd()
	require.NoError(t, err)
	root, err := build.ModuleRoot(wd)
	require.NoError(t, err)
	goTool, err := build.GoTool()
	require.NoError(t, err)

	cmd := exec.Command(goTool, "list", "-e", "-deps", "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
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
