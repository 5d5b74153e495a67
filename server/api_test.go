package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
)

func TestWidgetConfig(t *testing.T) {
	h := newHandler(t, fixture())
	tests := []struct {
		name, path string
		status     int
		body       string
		cache      string
	}{
		{"known widget verbatim", "/api/v1/widgets/w1/config", http.StatusOK, `{"appId":"w1", "proactiveChat":{"enabled":true}}`, "max-age=60"},
		{"unknown widget", "/api/v1/widgets/nope/config", http.StatusNotFound, `{"error":"server: unknown widget \"nope\""}`, "no-cache"},
		{"quote in id", "/api/v1/widgets/a%22b/config", http.StatusNotFound, `{"error":"server: unknown widget \"a\\\"b\""}`, "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(t, h, http.MethodGet, tt.path, "Origin", "https://shop.example")
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, tt.cache, resp.Header.Get("Cache-Control"))
			assert.Equal(t, tt.body, body(t, resp))
		})
	}
}

func TestWidgetConfigPreflight(t *testing.T) {
	resp := get(t, newHandler(t, fixture()), http.MethodOptions, "/api/v1/widgets/w1/config",
		"Origin", "https://shop.example", "Access-Control-Request-Method", "GET")
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, resp.Header.Get("Access-Control-Allow-Methods"), "GET")
}

func TestSecurityHeaders(t *testing.T) {
	h := newHandler(t, fixture())
	tests := []struct {
		path string
		csp  bool
	}{
		{"/", true}, {"/index.html", true}, {"/about.html", true}, {"/demo.js", false},
		{"/lcw/lcw.js", false}, {"/lcw/popout.html", false}, {"/e2e/page.html", false},
		{"/api/v1/widgets/w1/config", false}, {"/healthz", false}, {"/missing", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := get(t, h, http.MethodGet, tt.path)
			assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
			assert.Equal(t, "strict-origin-when-cross-origin", resp.Header.Get("Referrer-Policy"))
			want := ""
			if tt.csp {
				want = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; " +
					"img-src 'self' blob:; require-trusted-types-for 'script'; trusted-types 'none'"
			}
			assert.Equal(t, want, resp.Header.Get("Content-Security-Policy"))
		})
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*server.Options)
		want   string
	}{
		{"no site", func(o *server.Options) { o.Site = nil }, "server: Options.Site and Options.Dist are required"},
		{"no dist", func(o *server.Options) { o.Dist = nil }, "server: Options.Site and Options.Dist are required"},
		{"config not JSON", func(o *server.Options) { o.Widgets["bad"] = json.RawMessage(`{`) }, `server: widget "bad"`},
		{"config not an object", func(o *server.Options) { o.Widgets["bad"] = json.RawMessage(`[1]`) }, `server: widget "bad"`},
		{"prefix without slashes", func(o *server.Options) { o.Extra["e2e"] = fstest.MapFS{} }, `server: Extra prefix "e2e"`},
		{"root prefix", func(o *server.Options) { o.Extra["/"] = fstest.MapFS{} }, `server: Extra prefix "/"`},
		{"prefix on our routes", func(o *server.Options) { o.Extra["/lcw/x/"] = fstest.MapFS{} }, "collides with /lcw/"},
		{"nil mount", func(o *server.Options) { o.Extra["/x/"] = nil }, `server: Extra["/x/"] is nil`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := fixture()
			tt.modify(&o)
			_, err := server.New(o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestNilMapsAreFine(t *testing.T) {
	h, err := server.New(server.Options{Site: fstest.MapFS{}, Dist: fstest.MapFS{}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, get(t, h, http.MethodGet, "/api/v1/widgets/x/config").StatusCode)
	assert.Equal(t, http.StatusNotFound, get(t, h, http.MethodGet, "/").StatusCode)
}

func TestDemoWidgets(t *testing.T) {
	w := server.DemoWidgets()
	require.Contains(t, w, "lcw-demo")
	require.Contains(t, w, "lcw-demo-off")
	var demo struct {
		AppID         string                 `json:"appId"`
		ProactiveChat struct{ Enabled bool } `json:"proactiveChat"`
		Prechat       struct {
			Fields []struct {
				Name     string `json:"name"`
				Required bool   `json:"required"`
			} `json:"fields"`
		} `json:"prechat"`
	}
	require.NoError(t, json.Unmarshal(w["lcw-demo"], &demo))
	assert.Equal(t, "lcw-demo", demo.AppID)
	assert.True(t, demo.ProactiveChat.Enabled)
	require.Len(t, demo.Prechat.Fields, 2)
	assert.Equal(t, "name", demo.Prechat.Fields[0].Name)
	assert.True(t, demo.Prechat.Fields[0].Required)
	assert.Equal(t, "email", demo.Prechat.Fields[1].Name)
	assert.JSONEq(t, `{"appId":"lcw-demo-off","proactiveChat":{"enabled":false}}`, string(w["lcw-demo-off"]))
}

func TestParseWidgets(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"object of objects", `{"a":{"appId":"a"},"b":{}}`, true},
		{"not JSON", `{`, false},
		{"null", `null`, false},
		{"array", `[]`, false},
		{"config is a string", `{"a":"x"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := server.ParseWidgets([]byte(tt.in))
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, "server: ")
			}
		})
	}
}

func TestRequestsAreLogged(t *testing.T) {
	var buf bytes.Buffer
	o := fixture()
	o.Logger = slog.New(slog.NewJSONHandler(&buf, nil))
	get(t, newHandler(t, o), http.MethodGet, "/lcw/missing.js")
	var rec map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &rec))
	assert.Equal(t, "request", rec["msg"])
	assert.Equal(t, "/lcw/missing.js", rec["path"])
	assert.EqualValues(t, http.StatusNotFound, rec["status"])
}

func ExampleNew() {
	h, err := server.New(server.Options{
		Site:    fstest.MapFS{"index.html": {Data: []byte("<h1>Shop</h1>")}},
		Dist:    fstest.MapFS{"lcw.js": {Data: []byte("/* loader */")}},
		Widgets: server.DemoWidgets(),
		Extra:   map[string]fs.FS{"/fixtures/": fstest.MapFS{}},
	})
	if err != nil {
		panic(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/lcw/lcw.js", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
	// Output: 200 text/javascript; charset=utf-8 no-cache
}
