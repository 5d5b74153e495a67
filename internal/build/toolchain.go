package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// ModuleRoot walks up from dir to the nearest directory holding go.mod.
func ModuleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("build: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("build: no go.mod in the working directory or above")
		}
		dir = parent
	}
}

// GoTool returns $GOROOT/bin/go when GOROOT is set and has one, else the
// go found on PATH. Under go test that is the running toolchain: go test
// puts its GOROOT/bin first on the test's PATH.
func GoTool() (string, error) {
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go"+exeSuffix())
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	p, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("build: no go command: %w", err)
	}
	return p, nil
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// compileWASM builds root/wasm for js/wasm, trimmed and stripped, and
// returns the binary. Inlining is off everywhere but in the Go runtime
// (-gcflags=all=-l -gcflags=runtime=). make bench, two interleaved runs of
// each build: default 775 KB brotli; no inlining at all 710 KB, but the
// slower runtime doubled the long tasks on load and added ~12 ms to the
// host page's load event; this build 736 KB (-5 %) with navigation → ready
// (272–274 ms) and long tasks (7–9 per 20 loads) as good as the default.
// syscall/js keeps its inlining too (-gcflags=syscall/js=): its
// makeArgSlices puts a call's arguments on the stack only when inlined, and
// without it every call from Go to JavaScript allocated 384 bytes, 65 % of
// what an invitation cycle allocated (2026-12-07).
// WASMFlags are the compiler flags of the bundle (besides the linker's
// -s -w), for every build that must be compared with it: the bench builds
// the floor program and its named twin of the bundle with them.
var WASMFlags = []string{"-trimpath", "-gcflags=all=-l", "-gcflags=runtime=", "-gcflags=syscall/js="}

func compileWASM(ctx context.Context, goTool, root, overlay string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "lcwbuild-")
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "lcw.wasm")
	args := append(append([]string{"build"}, WASMFlags...), "-ldflags=-s -w", "-o", out)
	if overlay != "" {
		args = append(args, "-overlay="+overlay)
	}
	cmd := exec.CommandContext(ctx, goTool, append(args, "./wasm")...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if _, err := run(cmd); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	return b, nil
}

// wasmExecJS returns $(go env GOROOT)/lib/wasm/wasm_exec.js of goTool, so the
// glue always matches the compiler that built the wasm.
func wasmExecJS(ctx context.Context, goTool string) ([]byte, error) {
	out, err := run(exec.CommandContext(ctx, goTool, "env", "GOROOT"))
	if err != nil {
		return nil, err
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	return b, nil
}

// run runs cmd and returns its stdout; on failure the error carries the
// command line and its stderr.
func run(cmd *exec.Cmd) ([]byte, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("build: %s: %w\n%s", strings.Join(cmd.Args, " "), err, stderr.Bytes())
	}
	return out, nil
}
