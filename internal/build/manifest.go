package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// Manifest describes a dist directory. It is written as manifest.json.
type Manifest struct {
	// WASM is the hashed name of the wasm bundle, e.g. "lcw.0123456789.wasm".
	WASM string `json:"wasm"`
	// CSS is the hashed name of the widget stylesheet.
	CSS string `json:"css"`
	// Files maps every served file name (not the .br/.gz siblings, not the
	// manifest) to its sizes.
	Files map[string]Sizes `json:"files"`
	// Deltas are the dcz deltas of WASM against the earlier releases kept
	// in PrevDir, for browsers that have one of those as a dictionary.
	Deltas []Delta `json:"deltas,omitempty"`
}

// Sizes are the byte sizes of one file and of its precompressed siblings.
// Gzip and Br are zero for files that have no siblings.
type Sizes struct {
	Raw  int64 `json:"raw"`
	Gzip int64 `json:"gzip"`
	Br   int64 `json:"br"`
}

// HashLen is the number of hex digits of SHA-256 in a hashed file name.
const HashLen = 10

// hashedNameRE matches hashed dist files and their siblings.
var hashedNameRE = regexp.MustCompile(`^lcw\.[0-9a-f]{10}\.((wasm|css)(\.br|\.gz)?|wasm\.[0-9a-f]{10}\.dcz)$`)

// IsHashed reports whether name is a content-hashed dist file, one of its
// precompressed siblings or a delta ("lcw.0123456789.wasm",
// "lcw.0123456789.css.br", "lcw.0123456789.wasm.abcdef0123.dcz").
func IsHashed(name string) bool {
	return hashedNameRE.MatchString(name)
}

// hashedName returns base.<first HashLen hex digits of sha256(content)><ext>.
func hashedName(base, ext string, content []byte) string {
	sum := sha256.Sum256(content)
	return base + "." + hex.EncodeToString(sum[:])[:HashLen] + ext
}

func writeManifest(dir string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, "manifest.json"), append(b, '\n'))
}

// removeStale deletes hashed files in dir that m does not name.
func removeStale(dir string, m Manifest) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !IsHashed(name) || current(name, m) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("build: removing stale file: %w", err)
		}
	}
	return nil
}

func current(name string, m Manifest) bool {
	for _, d := range m.Deltas {
		if name == d.File {
			return true
		}
	}
	for _, keep := range []string{m.WASM, m.CSS} {
		if name == keep || name == keep+".br" || name == keep+".gz" {
			return true
		}
	}
	return false
}
