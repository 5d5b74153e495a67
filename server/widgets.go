package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/server/admin"
)

//go:embed demo_widgets.json
var demoWidgets []byte

// DemoWidgets returns the built-in widget configurations: "lcw-demo"
// (proactive chat enabled, prechat asking for a name and an email) and
// "lcw-demo-off" (proactive chat disabled, no prechat).
func DemoWidgets() map[string]json.RawMessage {
	w, err := ParseWidgets(demoWidgets)
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return w
}

// ParseWidgets reads a JSON object mapping app ids to widget configurations.
// Each configuration must itself be a JSON object.
func ParseWidgets(data []byte) (map[string]json.RawMessage, error) {
	var w map[string]json.RawMessage
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("server: widgets: %w", err)
	}
	if w == nil {
		return nil, fmt.Errorf("server: widgets: want a JSON object of app id to configuration")
	}
	if _, err := newWidgetConfigs(w); err != nil {
		return nil, err
	}
	return w, nil
}

// DefaultConfigMaxAge is how long a browser may reuse a widget's
// configuration before asking again: a change published in /admin reaches
// every new page load within it.
const DefaultConfigMaxAge = 60 * time.Second

// widgetConfigs serves the configuration endpoint from the store's
// published versions, with an ETag (If-None-Match answers 304).
type widgetConfigs struct {
	live   *admin.Live
	maxAge time.Duration
}

func newWidgetConfigs(in map[string]json.RawMessage) (map[string]json.RawMessage, error) {
	out := make(map[string]json.RawMessage, len(in))
	for id, cfg := range in {
		trimmed := bytes.TrimSpace(cfg)
		if !json.Valid(trimmed) || len(trimmed) == 0 || trimmed[0] != '{' {
			return nil, fmt.Errorf("server: widget %q: configuration is not a JSON object", id)
		}
		out[id] = cfg
	}
	return out, nil
}

func (c widgetConfigs) serveConfig(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json")
	hdr.Set("Access-Control-Allow-Origin", "*")
	switch age := c.maxAge; {
	case age < 0:
		hdr.Set("Cache-Control", "no-cache")
	case age == 0:
		hdr.Set("Cache-Control", fmt.Sprintf("max-age=%d", int(DefaultConfigMaxAge.Seconds())))
	default:
		hdr.Set("Cache-Control", fmt.Sprintf("max-age=%d", int(age.Seconds())))
	}
	id := r.PathValue("appId")
	cfg, etag, ok := c.live.Config(id)
	if !ok {
		body, _ := json.Marshal(map[string]string{"error": fmt.Sprintf("server: unknown widget %q", id)})
		hdr.Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusNotFound)
		w.Write(body)
		return
	}
	hdr.Set("ETag", etag)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(cfg)
}

// etagMatch reports whether an If-None-Match list names etag (or is *).
func etagMatch(list, etag string) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// servePreflight answers CORS preflight requests for the configuration
// endpoint, for loaders that send non-simple requests.
func servePreflight(w http.ResponseWriter, _ *http.Request) {
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
	hdr.Set("Access-Control-Allow-Headers", "Content-Type")
	hdr.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// MergeWidgets returns base with the configurations of over added, an id
// in both taking over's: a -widgets file adds widgets to the built-in ones
// or replaces one of them, never all of them.
func MergeWidgets(base, over map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(base)+len(over))
	maps.Copy(out, base)
	maps.Copy(out, over)
	return out
}

// CheckOrigin accepts "*" and a serialized origin such as
// "http://127.0.0.1:9000": what a browser sends as Origin.
func CheckOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || strings.HasSuffix(o, "/") {
		return fmt.Errorf("server: allowed origin %q: want scheme://host[:port], e.g. http://127.0.0.1:9000 (no path, no trailing slash), or *", o)
	}
	return nil
}
