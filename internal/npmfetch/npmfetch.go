package npmfetch

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Registry is the public npm registry.
const Registry = "https://registry.npmjs.org"

// maxTarball bounds a download: axe-core's tarball is about 600 KB.
const maxTarball = 64 << 20

// Package is a pinned npm package and the files wanted from it.
type Package struct {
	Name      string
	Version   string
	Integrity string // the registry's dist.integrity: "sha512-" + base64
	// Files are paths inside the tarball's package/ directory; a path with
	// a * is a path.Match pattern ("lib/lib.*.d.ts") that must match at
	// least one file.
	Files []string
}

// AxeCore is the accessibility engine the e2e suite runs in Chromium.
var AxeCore = Package{
	Name:      "axe-core",
	Version:   "4.14.1",
	Integrity: "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
	Files:     []string{"axe.min.js"},
}

// TypeScript is the compiler that type-checks lcw.d.ts against Microsoft's
// documented examples and the docs' snippets (run with the machine's node):
// its command-line compiler and the standard library declarations.
var TypeScript = Package{
	Name:      "typescript",
	Version:   "5.9.3",
	Integrity: "sha512-jl1vZzPDinLr9eUt3J/t7V6FgNEw9QjvBPdysz9KfQDD41fQrC2Y4vKQdiaUpFT4bXlb1RHhLpp8wtm6M5TgSw==",
	Files:     []string{"lib/tsc.js", "lib/_tsc.js", "lib/lib.*.d.ts", "package.json"},
}

// Known are the packages the fetchnpm command fetches, by name.
var Known = map[string]Package{AxeCore.Name: AxeCore, TypeScript.Name: TypeScript}

// Dir is the cache directory of p under the repository root.
func (p Package) Dir(root string) string { return filepath.Join(root, ".tools", p.Name) }

// stamp is what the stamp file of a complete fetch holds.
func (p Package) stamp() string { return p.Name + "@" + p.Version + " " + p.Integrity + "\n" }

const stampFile = ".npmfetch"

// Present reports whether dir already holds p's files from a fetch of this
// very version and integrity.
func (p Package) Present(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, stampFile))
	if err != nil || string(b) != p.stamp() {
		return false
	}
	for _, f := range p.Files {
		if isPattern(f) {
			if m, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(f))); len(m) == 0 {
				return false
			}
			continue
		}
		if st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

func isPattern(f string) bool { return strings.Contains(f, "*") }

// wanted returns the entry of want that name is or matches.
func wanted(want []string, name string) (string, bool) {
	for _, w := range want {
		if ok, _ := path.Match(w, name); ok || w == name {
			return w, true
		}
	}
	return "", false
}

// Fetch makes dir hold p's files, downloaded through client from registry
// (e.g. [Registry]) and checked against p.Integrity. It reports whether it
// downloaded anything: false means they were already there.
func Fetch(ctx context.Context, client *http.Client, registry string, p Package, dir string) (bool, error) {
	if p.Present(dir) {
		return false, nil
	}
	if !strings.HasPrefix(p.Integrity, "sha512-") {
		return false, fmt.Errorf("npmfetch: %s@%s: pinned integrity %q is not sha512", p.Name, p.Version, p.Integrity)
	}
	tarball, err := resolve(ctx, client, registry, p)
	if err != nil {
		return false, err
	}
	tgz, err := get(ctx, client, tarball, "application/octet-stream")
	if err != nil {
		return false, fmt.Errorf("npmfetch: %s@%s: %w", p.Name, p.Version, err)
	}
	sum := sha512.Sum512(tgz)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != p.Integrity {
		return false, fmt.Errorf("npmfetch: %s@%s: the tarball's integrity is %s, pinned %s", p.Name, p.Version, got, p.Integrity)
	}
	files, err := extract(tgz, p.Files)
	if err != nil {
		return false, fmt.Errorf("npmfetch: %s@%s: %w", p.Name, p.Version, err)
	}
	return true, install(dir, p, files)
}

// resolve asks the registry for p's version document and returns its
// tarball address once the registry's integrity matches the pin.
func resolve(ctx context.Context, client *http.Client, registry string, p Package) (string, error) {
	u := strings.TrimSuffix(registry, "/") + "/" + url.PathEscape(p.Name) + "/" + url.PathEscape(p.Version)
	body, err := get(ctx, client, u, "application/json")
	if err != nil {
		return "", fmt.Errorf("npmfetch: %s@%s: %w", p.Name, p.Version, err)
	}
	var doc struct {
		Dist struct {
			Integrity string `json:"integrity"`
			Tarball   string `json:"tarball"`
		} `json:"dist"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return "", fmt.Errorf("npmfetch: %s@%s: the registry's answer is not JSON: %w", p.Name, p.Version, err)
	}
	if doc.Dist.Integrity != p.Integrity {
		return "", fmt.Errorf("npmfetch: %s@%s: the registry reports integrity %q, pinned %q", p.Name, p.Version, doc.Dist.Integrity, p.Integrity)
	}
	if doc.Dist.Tarball == "" {
		return "", fmt.Errorf("npmfetch: %s@%s: the registry names no tarball", p.Name, p.Version)
	}
	return doc.Dist.Tarball, nil
}

func get(ctx context.Context, client *http.Client, u, accept string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", accept)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxTarball+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	if len(b) > maxTarball {
		return nil, fmt.Errorf("GET %s: larger than %d bytes", u, maxTarball)
	}
	return b, nil
}

// extract returns the wanted files of a package tarball, by name; a file
// the tarball lacks is an error.
func extract(tgz []byte, want []string) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, fmt.Errorf("the tarball is not gzip: %w", err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	matched := map[string]bool{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the tarball: %w", err)
		}
		name, ok := strings.CutPrefix(h.Name, "package/")
		if !ok || h.Typeflag != tar.TypeReg {
			continue
		}
		w, ok := wanted(want, name)
		if !ok {
			continue
		}
		matched[w] = true
		b, err := io.ReadAll(io.LimitReader(tr, maxTarball))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", h.Name, err)
		}
		out[name] = b
	}
	for _, f := range want {
		if !matched[f] {
			return nil, fmt.Errorf("the tarball has no package/%s", f)
		}
	}
	return out, nil
}

// install writes the files, then the stamp last: an interrupted fetch
// leaves no stamp and is done again.
func install(dir string, p Package, files map[string][]byte) error {
	_ = os.Remove(filepath.Join(dir, stampFile))
	for name, b := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("npmfetch: %w", err)
		}
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return fmt.Errorf("npmfetch: %w", err)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("npmfetch: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, stampFile), []byte(p.stamp()), 0o644); err != nil {
		return fmt.Errorf("npmfetch: %w", err)
	}
	return nil
}

// RepoRoot walks up from dir to the directory holding go.mod.
func RepoRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("npmfetch: %w", err)
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("npmfetch: no go.mod in %s or above it", dir)
		}
		d = parent
	}
}
