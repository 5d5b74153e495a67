package build

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sync"
)

// file is one dist file before it is written.
type file struct {
	name    string
	content []byte
}

// compressible says which files get .br and .gz siblings.
func compressible(name string) bool {
	switch path.Ext(name) {
	case ".js", ".wasm", ".css", ".html", ".json":
		return true
	}
	return false
}

// writeAll compresses the files concurrently, then writes them in order,
// each file's siblings before the file itself.
func writeAll(dir string, files []file, c *compressor) (map[string]Sizes, error) {
	siblings := make([][2][]byte, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		if !compressible(f.name) {
			continue
		}
		wg.Go(func() {
			siblings[i][0], siblings[i][1], errs[i] = c.compress(f.content)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sizes := make(map[string]Sizes, len(files))
	for i, f := range files {
		br, gz := siblings[i][0], siblings[i][1]
		if err := writeFile(dir, f, br, gz); err != nil {
			return nil, err
		}
		sizes[f.name] = Sizes{Raw: int64(len(f.content)), Gzip: int64(len(gz)), Br: int64(len(br))}
	}
	return sizes, nil
}

func writeFile(dir string, f file, br, gz []byte) error {
	p := filepath.Join(dir, f.name)
	if br != nil {
		if err := writeFileAtomic(p+".br", br); err != nil {
			return err
		}
		if err := writeFileAtomic(p+".gz", gz); err != nil {
			return err
		}
	}
	return writeFileAtomic(p, f.content)
}

// writeFileAtomic writes b to a temporary file next to p and renames it.
func writeFileAtomic(p string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp*")
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("build: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	return nil
}
