package build_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/internal/build"
	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// TestLauncherTemplateIsTheView checks that the chat button the built
// lcw.js stamps out before the wasm is ready is node for node what the
// widget's own view renders at start (the Chromium e2e TestPrewasm*
// compares the two in the page).
func TestLauncherTemplateIsTheView(t *testing.T) {
	root := fakeModule(t, goodLoader)
	out := filepath.Join(t.TempDir(), "dist")
	_, err := buildFake(t, root, out)
	require.NoError(t, err)
	loader := readFile(t, out, "lcw.js")
	_, embedded, ok := strings.Cut(loader, "const launcher = ")
	require.True(t, ok, "the built loader holds the template")
	embedded, _, _ = strings.Cut(embedded, ";\n")
	var got build.Launcher
	require.NoError(t, json.Unmarshal([]byte(embedded), &got))

	doc := domtest.New()
	view := widget.NewDOMView(doc)
	w := widget.New(widget.Config{}, widget.Deps{View: view})
	view.Bind(w)
	want := domtest.Serialize(doc.RootNode())

	assert.Equal(t, want, serializeTemplate(got.Tree, 0))
	assert.Contains(t, want, `<button id="oc-lcw-chat-button"`, "the view renders the chat button at start")
	assert.Equal(t, "en", got.Lang)
	assert.Equal(t, widget.Languages, got.Languages)
}

// serializeTemplate writes template nodes as domtest.Serialize writes a
// tree.
func serializeTemplate(nodes []any, depth int) string {
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(strings.Repeat("  ", depth))
		if s, ok := n.(string); ok {
			b.WriteString(`"` + s + `"` + "\n")
			continue
		}
		el := n.([]any)
		b.WriteString("<" + el[0].(string))
		attrs := el[1].([]any)
		for i := 0; i+1 < len(attrs); i += 2 {
			b.WriteString(" " + attrs[i].(string) + `="` + attrs[i+1].(string) + `"`)
		}
		b.WriteString(">\n")
		b.WriteString(serializeTemplate(el[2:], depth+1))
	}
	return b.String()
}
