package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lcwasm/lcwasm/internal/build"
)

func TestReport(t *testing.T) {
	var b strings.Builder
	report(&b, "dist", build.Manifest{Files: map[string]build.Sizes{
		"lcw.js":              {Raw: 2048, Gzip: 1024, Br: 512},
		"lcw.0123456789.wasm": {Raw: 3 << 20, Gzip: 1 << 20, Br: 600 << 10},
	}})
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	assert.Len(t, lines, 4)
	assert.Contains(t, lines[1], "lcw.0123456789.wasm")
	assert.Contains(t, lines[1], "3072.0 KB")
	assert.Contains(t, lines[2], "lcw.js")
	assert.Equal(t, "wrote dist/ (manifest.json) and the npm package dist/npm/", lines[3])
}

func TestReportDeltas(t *testing.T) {
	var b strings.Builder
	report(&b, "dist", build.Manifest{WASM: "lcw.0123456789.wasm", Files: map[string]build.Sizes{
		"lcw.0123456789.wasm": {Raw: 3 << 20, Gzip: 1 << 20, Br: 800 << 10},
	}, Deltas: []build.Delta{{From: "lcw.abcdefabcd.wasm", File: "lcw.0123456789.wasm.abcdefabcd.dcz", Size: 100 << 10}}})
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	assert.Len(t, lines, 4)
	assert.Equal(t, "update from lcw.abcdefabcd.wasm: lcw.0123456789.wasm.abcdefabcd.dcz, 100.0 KB (12.5 % of brotli)", lines[2])
}
