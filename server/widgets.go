package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
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

// widgetConfigs serves the configuration endpoint.
type widgetConfigs map[string]json.RawMessage

func newWidgetConfigs(in map[string]json.RawMessage) (widgetConfigs, error) {
	out := make(widgetConfigs, len(in))
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
	hdr.Set("Cache-Control", "no-cache")
	id := r.PathValue("appId")
	cfg, ok := c[id]
	if !ok {
		body, _ := json.Marshal(map[string]string{"error": fmt.Sprintf("server: unknown widget %q", id)})
		w.WriteHeader(http.StatusNotFound)
		w.Write(body)
		return
	}
	w.Write(cfg)
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
