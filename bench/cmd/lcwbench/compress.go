package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/lcwasm/lcwasm/internal/build"
)

// writeCompressed writes b to dir/name with .br and .gz siblings at the
// build's settings, as the dist has them, and returns the three sizes.
func writeCompressed(dir, name string, b []byte) (build.Sizes, error) {
	br, gz, err := build.Compress(b)
	if err != nil {
		return build.Sizes{}, fmt.Errorf("lcwbench: %w", err)
	}
	for suffix, data := range map[string][]byte{"": b, ".br": br, ".gz": gz} {
		if err := os.WriteFile(filepath.Join(dir, name+suffix), data, 0o644); err != nil {
			return build.Sizes{}, fmt.Errorf("lcwbench: %w", err)
		}
	}
	return build.Sizes{Raw: int64(len(b)), Gzip: int64(len(gz)), Br: int64(len(br))}, nil
}
