package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
	"github.com/lcwasm/lcwasm/internal/build"
)

// writeCompressed writes b to dir/name with .br and .gz siblings at the
// build's settings, as the dist has them, and returns the three sizes.
// Compressed bytes are cached by content next to the build's own cache.
func writeCompressed(dir, name string, b []byte) (build.Sizes, error) {
	br, err := cached(b, fmt.Sprintf(".br%d", build.BrotliQuality), encodeBrotli)
	if err != nil {
		return build.Sizes{}, err
	}
	gz, err := cached(b, fmt.Sprintf(".gz%d", build.GzipLevel), encodeGzip)
	if err != nil {
		return build.Sizes{}, err
	}
	for suffix, data := range map[string][]byte{"": b, ".br": br, ".gz": gz} {
		if err := os.WriteFile(filepath.Join(dir, name+suffix), data, 0o644); err != nil {
			return build.Sizes{}, fmt.Errorf("lcwbench: %w", err)
		}
	}
	return build.Sizes{Raw: int64(len(b)), Gzip: int64(len(gz)), Br: int64(len(br))}, nil
}

// cached returns encode(b), from the cache when it holds it. A cache that
// cannot be read or written only costs time.
func cached(b []byte, suffix string, encode func([]byte) ([]byte, error)) ([]byte, error) {
	sum := sha256.Sum256(b)
	var path string
	if d, err := os.UserCacheDir(); err == nil {
		path = filepath.Join(d, "lcwasm", hex.EncodeToString(sum[:])+suffix)
		if out, err := os.ReadFile(path); err == nil {
			return out, nil
		}
	}
	out, err := encode(b)
	if err != nil {
		return nil, err
	}
	if path != "" && os.MkdirAll(filepath.Dir(path), 0o755) == nil {
		tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
		if os.WriteFile(tmp, out, 0o644) == nil {
			_ = os.Rename(tmp, path)
		}
	}
	return out, nil
}

func encodeBrotli(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, build.BrotliQuality)
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("lcwbench: brotli: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("lcwbench: brotli: %w", err)
	}
	return buf.Bytes(), nil
}

func encodeGzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, build.GzipLevel)
	if err != nil {
		return nil, fmt.Errorf("lcwbench: gzip: %w", err)
	}
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("lcwbench: gzip: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("lcwbench: gzip: %w", err)
	}
	return buf.Bytes(), nil
}
