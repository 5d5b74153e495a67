package widget_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/rules"
	"github.com/lcwasm/lcwasm/widget"
)

// docFiles are the Markdown files that document the configuration: the
// README and everything under docs/.
func docFiles(t *testing.T) map[string]string {
	t.Helper()
	names, err := filepath.Glob("../docs/*.md")
	require.NoError(t, err)
	names = append(names, "../README.md")
	out := map[string]string{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		require.NoError(t, err)
		out[filepath.ToSlash(n)] = string(b)
	}
	return out
}

var jsonBlock = regexp.MustCompile("(?s)```json\n(.*?)```")

// documentedConfigs returns every widget configuration shown in the docs:
// a JSON block with an "appId", or a -widgets file (an object of such).
func documentedConfigs(t *testing.T, docs map[string]string) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for name, text := range docs {
		for i, m := range jsonBlock.FindAllStringSubmatch(text, -1) {
			var v map[string]any
			if json.Unmarshal([]byte(m[1]), &v) != nil {
				continue
			}
			where := fmt.Sprintf("%s block %d", name, i+1)
			if _, ok := v["appId"]; ok {
				out[where] = v
				continue
			}
			for id, cfg := range v {
				if c, ok := cfg.(map[string]any); ok && c["appId"] != nil {
					out[where+" "+id] = c
				}
			}
		}
	}
	return out
}

// configSection is the part of a doc that lists configuration fields: all
// of docs/configuration.md, the README's "Widget configuration" section.
func configSection(name, text string) string {
	if strings.HasSuffix(name, "docs/configuration.md") {
		return text
	}
	_, rest, ok := strings.Cut(text, "\n## Widget configuration\n")
	if !ok {
		return ""
	}
	sec, _, _ := strings.Cut(rest, "\n## ")
	return sec
}

// fieldBullet is a bullet that documents a field: "- `prechat.fields`: ...".
var fieldBullet = regexp.MustCompile("(?m)^- `([a-zA-Z][a-zA-Z.]*)`:")

// paths lists the dotted key paths of a tree (array items add no segment).
func paths(prefix string, v any, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			paths(p, x, out)
		}
	case []any:
		for _, x := range v {
			paths(prefix, x, out)
		}
	}
}

// TestDocumentedConfigurationDecodes decodes every configuration the docs
// show, and requires every field the docs list to be in one of them: a
// field documented but unknown to the decoder fails here, not on a
// newcomer's console.
func TestDocumentedConfigurationDecodes(t *testing.T) {
	docs := docFiles(t)
	configs := documentedConfigs(t, docs)
	require.NotEmpty(t, configs, "no widget configuration (a ```json block with an appId) in the docs")
	shown := map[string]bool{}
	for where, cfg := range configs {
		paths("", cfg, shown)
		t.Run(where, func(t *testing.T) {
			var c widget.Config
			assert.Empty(t, widget.DecodeConfig(&c, cfg), "the widget decoder warns")
			if r, ok := cfg["proactiveRules"]; ok {
				_, errs := rules.Decode(r)
				assert.Empty(t, errs, "the rules decoder warns")
			}
		})
	}
	var listed []string
	for name, text := range docs {
		for _, m := range fieldBullet.FindAllStringSubmatch(configSection(name, text), -1) {
			listed = append(listed, m[1])
			assert.True(t, shown[m[1]], "%s documents %q, but no example configuration in the docs has it, so it is never decoded here", name, m[1])
		}
	}
	require.NotEmpty(t, listed, "no field bullets (- `field`: ...) found in the configuration docs")
	slices.Sort(listed)
	t.Logf("documented fields: %v", slices.Compact(listed))
}

// TestAllowedOriginsIsKnown: the chat service's field, documented for the
// configuration, is no "unknown field" to the widget.
func TestAllowedOriginsIsKnown(t *testing.T) {
	var c widget.Config
	errs := widget.DecodeConfig(&c, tree(t, `{"appId": "shop", "allowedOrigins": ["https://shop.example"], "chat": {"enabled": true}}`))
	assert.Empty(t, errs)
	errs = widget.DecodeConfig(&c, tree(t, `{"appId": "shop", "allowedOrigin": ["https://shop.example"]}`))
	assert.Len(t, errs, 1, "a misspelt field is still reported")
}
