//go:build !js

package jsbridge_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrowserFilesHaveBuildTag fails when a file of the browser-only
// packages lacks its //go:build js && wasm line: without it the host build
// would try to compile syscall/js code.
func TestBrowserFilesHaveBuildTag(t *testing.T) {
	for _, dir := range []string{".", "../wasm"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			base := filepath.Base(f)
			if base == "doc.go" || base == "buildtag_test.go" || strings.HasSuffix(base, "_other.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(b), "//go:build js && wasm\n") {
				t.Errorf("%s: first line must be //go:build js && wasm", f)
			}
		}
	}
}
