package build

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompressorCache(t *testing.T) {
	dir := t.TempDir()
	c := newCompressor(dir)
	in := []byte("body { color: green; } /* a stylesheet */")

	br, gz, err := c.compress(in)
	require.NoError(t, err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "one brotli and one gzip entry")

	// A cached entry is used as it is: corrupt one and see it come back.
	for _, e := range entries {
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), []byte("cached"), 0o644))
	}
	br2, gz2, err := c.compress(in)
	require.NoError(t, err)
	assert.Equal(t, "cached", string(br2))
	assert.Equal(t, "cached", string(gz2))

	off := newCompressor("off")
	br3, gz3, err := off.compress(in)
	require.NoError(t, err)
	assert.Equal(t, br, br3)
	assert.Equal(t, gz, gz3)
}
