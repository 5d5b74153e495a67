package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/lcwasm/lcwasm/internal/build"
)

// Names of the bench's own files in the served dist directory.
const (
	floorWASM  = "floor.wasm"
	rulesFloor = "rulesfloor.wasm"
	floorJS    = "floor.js"
	rulesWASM  = "rules.wasm"
	benchAppID = "lcw-bench"
)

// assets is what the bench serves from /lcw/: the real dist plus the floor
// program and the rules benchmark, built in this run.
type assets struct {
	dir      string
	manifest build.Manifest
	floor    build.Sizes
	// rulesFloor is bench/rulesfloor's sizes; rulesFloorErr why it did
	// not build.
	rulesFloor    build.Sizes
	rulesFloorErr error
	rulesErr      error // why bench/rulewasm did not build; nil when it did
	// named is lcw.wasm linked with its function names, paths the import
	// paths of its packages; namedErr why it did not build.
	named    []byte
	paths    []string
	namedErr error
}

// prepare builds the dist (as `make build` does), the floor program, the
// in-browser rules benchmark into tmp/dist and the bundle with its function
// names into tmp, concurrently.
func prepare(ctx context.Context, root, tmp string) (*assets, error) {
	a := &assets{dir: filepath.Join(tmp, "dist")}
	if err := os.MkdirAll(a.dir, 0o755); err != nil {
		return nil, fmt.Errorf("lcwbench: %w", err)
	}
	var wg sync.WaitGroup
	var distErr, floorErr error
	wg.Go(func() { a.manifest, distErr = build.Config{Root: root}.Run(ctx, a.dir) })
	wg.Go(func() { floorErr = a.buildFloor(ctx, root, tmp) })
	wg.Go(func() { _, a.rulesErr = a.buildWASM(ctx, root, tmp, "./bench/rulewasm", rulesWASM, false) })
	wg.Go(func() {
		a.rulesFloor, a.rulesFloorErr = a.buildWASM(ctx, root, tmp, "./bench/rulesfloor", rulesFloor, true)
	})
	wg.Go(func() { a.named, a.paths, a.namedErr = buildNamed(ctx, root, tmp) })
	wg.Wait()
	if distErr != nil {
		return nil, fmt.Errorf("lcwbench: building dist: %w", distErr)
	}
	if floorErr != nil {
		return nil, fmt.Errorf("lcwbench: building the floor program: %w", floorErr)
	}
	return a, nil
}

// buildFloor builds bench/floor with its loader, both precompressed.
func (a *assets) buildFloor(ctx context.Context, root, tmp string) error {
	var err error
	if a.floor, err = a.buildWASM(ctx, root, tmp, "./bench/floor", floorWASM, true); err != nil {
		return err
	}
	js, err := os.ReadFile(filepath.Join(root, "bench", "floor", floorJS))
	if err != nil {
		return fmt.Errorf("lcwbench: %w", err)
	}
	_, err = writeCompressed(a.dir, floorJS, js)
	return err
}

// buildWASM compiles pkg for js/wasm with the dist's flags (build.WASMFlags,
// so the floor is a like-for-like base) into a.dir/name,
// with .br and .gz siblings and their sizes when compress is set.
func (a *assets) buildWASM(ctx context.Context, root, tmp, pkg, name string, compress bool) (build.Sizes, error) {
	goTool, err := build.GoTool()
	if err != nil {
		return build.Sizes{}, err
	}
	out := filepath.Join(tmp, name)
	args := append(append([]string{"build"}, build.WASMFlags...), "-ldflags=-s -w", "-o", out, pkg)
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return build.Sizes{}, fmt.Errorf("lcwbench: go build %s: %w\n%s", pkg, err, stderr.Bytes())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return build.Sizes{}, fmt.Errorf("lcwbench: %w", err)
	}
	if !compress {
		return build.Sizes{}, os.WriteFile(filepath.Join(a.dir, name), b, 0o644)
	}
	return writeCompressed(a.dir, name, b)
}
