package server_test

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hostingGuide = "../docs/embedding-and-hosting.md"

// promise is one row of the hosting guide's table.
type promise struct {
	file, accept, contentType, encoding, cacheControl string
}

// hostingPromises reads the table of "Hosting dist/ yourself".
func hostingPromises(t *testing.T, guide string) []promise {
	t.Helper()
	_, sec, ok := strings.Cut(guide, "### Hosting dist/ yourself\n")
	require.True(t, ok, "%s has no section \"Hosting dist/ yourself\"", hostingGuide)
	var out []promise
	for _, line := range strings.Split(sec, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		require.Len(t, cells, 5, line)
		for i := range cells {
			c := strings.TrimSpace(cells[i])
			if c == "none" {
				c = ""
			}
			cells[i] = strings.Trim(c, "`")
		}
		out = append(out, promise{cells[0], cells[1], cells[2], cells[3], cells[4]})
	}
	return out
}

// TestHostingGuide requests every row of the guide's table from the
// server's /lcw/ and checks the headers the guide promises.
func TestHostingGuide(t *testing.T) {
	b, err := os.ReadFile(hostingGuide)
	require.NoError(t, err)
	promises := hostingPromises(t, string(b))
	require.GreaterOrEqual(t, len(promises), 8, "the guide's table lost rows")
	h := newHandler(t, fixture())
	files := map[string]string{"lcw.<hash>.wasm": wasmName, "lcw.<hash>.css": cssName}
	for _, p := range promises {
		t.Run(p.file+" "+p.accept, func(t *testing.T) {
			name := p.file
			if n, ok := files[name]; ok {
				name = n
			}
			var hdr []string
			if p.accept != "" {
				hdr = []string{"Accept-Encoding", p.accept}
			}
			resp := get(t, h, http.MethodGet, "/lcw/"+name, hdr...)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, p.contentType, resp.Header.Get("Content-Type"))
			assert.Equal(t, p.encoding, resp.Header.Get("Content-Encoding"))
			assert.Equal(t, p.cacheControl, resp.Header.Get("Cache-Control"))
			vary := "Accept-Encoding"
			if name == wasmName {
				vary += ", Available-Dictionary" // dictionary_test.go
			}
			assert.Equal(t, vary, resp.Header.Get("Vary"))
			assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
			if p.cacheControl == "no-cache" {
				assert.NotEmpty(t, resp.Header.Get("ETag"), "a revalidated file needs a validator")
			}
		})
	}
	for _, sibling := range []string{wasmName + ".br", "lcw.js.gz"} {
		assert.Equal(t, http.StatusNotFound, get(t, h, http.MethodGet, "/lcw/"+sibling).StatusCode, sibling)
	}
}

var fence = regexp.MustCompile("(?s)```(nginx|caddy)\n(.*?)```")

// TestHostingGuideConfigs: the guide's nginx and Caddy configurations say
// every content type and cache policy of its table (neither server runs
// here; this keeps the configurations and the table from drifting apart).
func TestHostingGuideConfigs(t *testing.T) {
	b, err := os.ReadFile(hostingGuide)
	require.NoError(t, err)
	guide := string(b)
	configs := map[string]string{}
	for _, m := range fence.FindAllStringSubmatch(guide, -1) {
		configs[m[1]] = m[2]
	}
	require.Contains(t, configs, "nginx")
	require.Contains(t, configs, "caddy")
	for _, p := range hostingPromises(t, guide) {
		assert.Contains(t, configs["nginx"], strings.Split(p.contentType, ";")[0], "nginx types")
		for name, cfg := range configs {
			assert.Contains(t, cfg, `"`+p.cacheControl+`"`, name)
		}
	}
	for _, want := range []string{"brotli_static on", "gzip_static   on", `add_header Vary "Accept-Encoding" always`, `Access-Control-Allow-Origin "*"`, `\.(br|gz)$`} {
		assert.Contains(t, configs["nginx"], want)
	}
	for _, want := range []string{"precompressed br gzip", `Access-Control-Allow-Origin "*"`, "respond @siblings 404"} {
		assert.Contains(t, configs["caddy"], want)
	}
}
