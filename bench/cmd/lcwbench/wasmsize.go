package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/lcwasm/lcwasm/bench/report"
	"github.com/lcwasm/lcwasm/bench/wasmattr"
	"github.com/lcwasm/lcwasm/internal/build"
)

// Attribution settings: the rows printed, and the brotli quality of the
// per-package estimate (9, not the dist's 11: the shares move by about
// 2 % and it takes seconds instead of a minute on this machine).
const (
	topPackages     = 25
	estimateQuality = 9
)

// namedName is the file of the bundle linked with its function names.
const namedName = "lcw-names.wasm"

// attributionFlags are internal/build's flags for the bundle, with -w
// alone instead of -s -w so the linker writes the name section; attribute
// checks that the code and data come out the same as the dist's.
var attributionFlags = append(append([]string{"build"}, build.WASMFlags...), "-ldflags=-w")

// buildNamed links ./wasm with attributionFlags into tmp and lists the
// import paths of its packages.
func buildNamed(ctx context.Context, root, tmp string) (wasm []byte, paths []string, err error) {
	goTool, err := build.GoTool()
	if err != nil {
		return nil, nil, err
	}
	out := filepath.Join(tmp, namedName)
	env := append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if _, err := runGo(ctx, goTool, root, env, append(attributionFlags, "-o", out, "./wasm")...); err != nil {
		return nil, nil, err
	}
	list, err := runGo(ctx, goTool, root, env, "list", "-deps", "-f", "{{.ImportPath}}", "./wasm")
	if err != nil {
		return nil, nil, err
	}
	wasm, err = os.ReadFile(out)
	if err != nil {
		return nil, nil, fmt.Errorf("lcwbench: %w", err)
	}
	return wasm, strings.Fields(string(list)), nil
}

func runGo(ctx context.Context, goTool, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("lcwbench: go %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}

// attribute splits lcw.wasm by package from its named twin, after checking
// that the twin's code and data are the dist's bytes.
func attribute(a *assets) report.Attribution {
	if a.namedErr != nil {
		return report.Attribution{Status: "not measured: " + a.namedErr.Error()}
	}
	dist, err := os.ReadFile(filepath.Join(a.dir, a.manifest.WASM))
	if err != nil {
		return report.Attribution{Status: "not measured: " + err.Error()}
	}
	named, err := wasmattr.Parse(a.named)
	if err != nil {
		return report.Attribution{Status: "not measured: " + err.Error()}
	}
	stripped, err := wasmattr.Parse(dist)
	if err != nil {
		return report.Attribution{Status: "not measured: " + err.Error()}
	}
	if !sameBytes(a.named, named.Code, dist, stripped.Code) || !sameBytes(a.named, named.Data, dist, stripped.Data) {
		return report.Attribution{Status: "not measured: the bundle linked with names differs from the dist's " +
			"(internal/build's flags changed? see attributionFlags)"}
	}
	paths := wasmattr.NewPaths(a.paths)
	rows := wasmattr.ByPackage(named, paths)
	total := a.manifest.Files[a.manifest.WASM].Br
	if err := wasmattr.EstimateBrotli(named, paths, a.named, rows, estimateQuality, total); err != nil {
		return report.Attribution{Status: "not measured: " + err.Error()}
	}
	return report.Attribution{Functions: len(named.Funcs), Packages: wasmattr.Top(rows, topPackages)}
}

func sameBytes(a []byte, ra wasmattr.Range, b []byte, rb wasmattr.Range) bool {
	return bytes.Equal(a[ra.Start:ra.End], b[rb.Start:rb.End])
}
