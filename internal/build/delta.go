package build

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// Deltas: a returning visitor's browser keeps the wasm it has as a
// Compression Dictionary (RFC 9842), and the next release's wasm travels as
// a dcz delta against it. The build keeps the wasms of the last
// KeepReleases releases in dist/prev/ and writes, next to the new wasm, one
// delta per kept release: lcw.<new>.wasm.<old>.dcz, where <old> is the
// hash in the old wasm's name (the first HashLen hex digits of its
// SHA-256, which is what a browser names in Available-Dictionary).
const (
	// PrevDir is the directory in dist holding earlier releases' wasms.
	PrevDir = "prev"
	// KeepReleases bounds how many earlier wasms PrevDir keeps (and so how
	// many deltas a build writes): the newest by modification time.
	KeepReleases = 3
	// DeltaExt ends a delta's file name.
	DeltaExt = ".dcz"
	// ZstdWindow is the zstd window of the deltas. Chromium decodes dcz
	// with a window of at most max(8 MiB, 1.25 × the dictionary's size).
	ZstdWindow = 8 << 20
)

// DCZMagic starts every dcz body (RFC 9842, section 6.2); the dictionary's
// 32-byte SHA-256 follows, then the zstd frame.
var DCZMagic = []byte{0x5E, 0x2A, 0x4D, 0x18, 0x20, 0x00, 0x00, 0x00}

// Delta is one dcz delta written by the build.
type Delta struct {
	// From is the earlier wasm it is a delta against, "lcw.<old>.wasm".
	From string `json:"from"`
	// File is the delta's name in dist, "lcw.<new>.wasm.<old>.dcz".
	File string `json:"file"`
	// Size is its byte size, header included.
	Size int64 `json:"size"`
}

// DeltaName returns the name of the delta of wasm against the earlier wasm
// named from (both hashed names).
func DeltaName(wasm, from string) string {
	return wasm + "." + strings.TrimSuffix(strings.TrimPrefix(from, "lcw."), ".wasm") + DeltaExt
}

// EncodeDCZ returns the dcz body of content compressed against dict.
func EncodeDCZ(content, dict []byte) ([]byte, error) {
	enc, err := zstd.NewWriter(nil,
		zstd.WithEncoderLevel(zstd.SpeedBestCompression),
		zstd.WithWindowSize(ZstdWindow),
		zstd.WithEncoderConcurrency(1),
		zstd.WithEncoderCRC(true),
		zstd.WithEncoderDictRaw(0, dict))
	if err != nil {
		return nil, fmt.Errorf("build: zstd: %w", err)
	}
	defer enc.Close()
	sum := sha256.Sum256(dict)
	out := append(slices.Clone(DCZMagic), sum[:]...)
	return enc.EncodeAll(content, out), nil
}

// DecodeDCZ reverses [EncodeDCZ]: it checks the header names dict and
// returns the content.
func DecodeDCZ(body, dict []byte) ([]byte, error) {
	n := len(DCZMagic) + sha256.Size
	if len(body) < n || !slices.Equal(body[:len(DCZMagic)], DCZMagic) {
		return nil, errors.New("build: not a dcz body")
	}
	if sum := sha256.Sum256(dict); !slices.Equal(body[len(DCZMagic):n], sum[:]) {
		return nil, errors.New("build: the dcz body names another dictionary")
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderDictRaw(0, dict), zstd.WithDecoderMaxWindow(ZstdWindow), zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("build: zstd: %w", err)
	}
	defer dec.Close()
	out, err := dec.DecodeAll(body[n:], nil)
	if err != nil {
		return nil, fmt.Errorf("build: zstd: %w", err)
	}
	return out, nil
}

// keepPrevious moves the wasms of earlier releases in dir (those other than
// wasm) into dir/PrevDir and prunes it to the newest KeepReleases. It
// returns the names kept there.
func keepPrevious(dir, wasm string) ([]string, error) {
	prev := filepath.Join(dir, PrevDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if name == wasm || !isWASM(name) {
			continue
		}
		if err := os.MkdirAll(prev, 0o755); err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		// Renaming keeps the modification time: it says when that release
		// was built, which orders the pruning.
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(prev, name)); err != nil {
			return nil, fmt.Errorf("build: keeping the previous release: %w", err)
		}
	}
	entries, err = os.ReadDir(prev)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	type kept struct {
		name string
		mod  int64
	}
	var all []kept
	for _, e := range entries {
		if !isWASM(e.Name()) || e.Name() == wasm {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		all = append(all, kept{e.Name(), info.ModTime().UnixNano()})
	}
	slices.SortFunc(all, func(a, b kept) int {
		return cmp.Or(cmp.Compare(b.mod, a.mod), strings.Compare(a.name, b.name)) // newest first
	})
	var names []string
	for i, k := range all {
		if i >= KeepReleases {
			if err := os.Remove(filepath.Join(prev, k.name)); err != nil {
				return nil, fmt.Errorf("build: pruning %s: %w", PrevDir, err)
			}
			continue
		}
		names = append(names, k.name)
	}
	return names, nil
}

// isWASM reports whether name is a hashed wasm ("lcw.<hash>.wasm").
func isWASM(name string) bool {
	return IsHashed(name) && strings.HasSuffix(name, ".wasm")
}

// writeDeltas keeps the earlier releases' wasms and writes the deltas of
// wasm (named name) against each of them, through the cache.
func writeDeltas(dir, name string, wasm []byte, c *compressor) ([]Delta, error) {
	prev, err := keepPrevious(dir, name)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(wasm)
	var out []Delta
	for _, from := range prev {
		dict, err := os.ReadFile(filepath.Join(dir, PrevDir, from))
		if err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		if hashedName("lcw", ".wasm", dict) != from {
			// A file that does not hash to its name is no release.
			continue
		}
		dsum := sha256.Sum256(dict)
		key := fmt.Sprintf("%s.%s.dcz", hex.EncodeToString(sum[:]), hex.EncodeToString(dsum[:]))
		b, err := c.cached(key, wasm, func(b []byte) ([]byte, error) { return EncodeDCZ(b, dict) })
		if err != nil {
			return nil, err
		}
		d := Delta{From: from, File: DeltaName(name, from), Size: int64(len(b))}
		if err := writeFileAtomic(filepath.Join(dir, d.File), b); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
