package instant_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/internal/build"
)

// TestNoTimeInTheWasm fails when a package compiled into the bundle
// imports the standard library's time, directly or through another
// package: that alone adds about 37 KB brotli to lcw.wasm.
func TestNoTimeInTheWasm(t *testing.T) {
	goTool, err := build.GoTool()
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"./wasm"} {
		cmd := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", pkg)
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Fields(line)
			if slices.Contains(f[1:], "time") {
				t.Errorf("%s imports time (in the bundle of %s): use internal/instant", f[0], pkg)
			}
		}
	}
}
