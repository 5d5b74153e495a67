package build

import (
	"fmt"
	"os"
	"path/filepath"
)

// NPMDir is the npm package's directory inside dist: package.json,
// index.js (the loader module), index.d.ts, lcw.d.ts and bundle/, a copy
// of the dist files to host. `npm pack dist/npm` packs it; nothing here
// publishes it.
const NPMDir = "npm"

// TypesFile is the TypeScript declaration file of the page-facing SDK,
// assets/lcw.d.ts, written to dist and into the npm package.
const TypesFile = "lcw.d.ts"

// npmSources are the package's own files under assets/npm/.
var npmSources = []string{"package.json", "index.js", "index.d.ts"}

// writeNPM rebuilds dir/npm from scratch: the package sources, lcw.d.ts,
// and the dist files under bundle/ (without precompressed siblings; the
// host precompresses, or serves dist/ itself).
func (c Config) writeNPM(dir string, files []file) error {
	root := filepath.Join(dir, NPMDir)
	if err := os.RemoveAll(root); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(root, "bundle"), 0o755); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	for _, name := range npmSources {
		b, err := c.asset(filepath.Join("npm", name))
		if err != nil {
			return err
		}
		if err := writeFileAtomic(filepath.Join(root, name), b); err != nil {
			return err
		}
	}
	for _, f := range files {
		target := filepath.Join(root, "bundle", f.name)
		if f.name == TypesFile {
			target = filepath.Join(root, TypesFile)
		}
		if err := writeFileAtomic(target, f.content); err != nil {
			return err
		}
	}
	return nil
}
