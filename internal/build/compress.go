package build

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// BrotliQuality and GzipLevel are the compression settings of the siblings.
const (
	BrotliQuality = 11
	GzipLevel     = gzip.BestCompression
)

// compressor makes the .br and .gz siblings, reusing earlier results from a
// content-addressed cache directory when it has one.
type compressor struct {
	dir string // "" = no cache
}

func newCompressor(cacheDir string) *compressor {
	if cacheDir == "off" {
		cacheDir = ""
	}
	return &compressor{dir: cacheDir}
}

func defaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "lcwasm")
}

// compress returns the brotli and gzip encodings of b.
func (c *compressor) compress(b []byte) (br, gz []byte, err error) {
	sum := sha256.Sum256(b)
	key := hex.EncodeToString(sum[:])
	br, err = c.cached(fmt.Sprintf("%s.br%d", key, BrotliQuality), b, encodeBrotli)
	if err != nil {
		return nil, nil, err
	}
	gz, err = c.cached(fmt.Sprintf("%s.gz%d", key, GzipLevel), b, encodeGzip)
	return br, gz, err
}

// cached returns the cache entry key, or encodes b and stores the result.
// A cache that cannot be read or written only costs time.
func (c *compressor) cached(key string, b []byte, encode func([]byte) ([]byte, error)) ([]byte, error) {
	if c.dir != "" {
		if out, err := os.ReadFile(filepath.Join(c.dir, key)); err == nil {
			return out, nil
		}
	}
	out, err := encode(b)
	if err != nil {
		return nil, err
	}
	if c.dir != "" && os.MkdirAll(c.dir, 0o755) == nil {
		_ = writeFileAtomic(filepath.Join(c.dir, key), out)
	}
	return out, nil
}

func encodeBrotli(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, BrotliQuality)
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("build: brotli: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("build: brotli: %w", err)
	}
	return buf.Bytes(), nil
}

func encodeGzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, GzipLevel)
	if err != nil {
		return nil, fmt.Errorf("build: gzip: %w", err)
	}
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("build: gzip: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("build: gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// Compress returns the brotli and gzip encodings of b at the build's
// settings, through the build's default cache: what a tool that writes
// dist-like files (make bench's floor program) needs to match the dist.
func Compress(b []byte) (br, gz []byte, err error) {
	return newCompressor(defaultCacheDir()).compress(b)
}
