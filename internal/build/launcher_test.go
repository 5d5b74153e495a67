package build_test

import (
	"encoding/json"
	"os"
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
// lcw.js stamps out before the wasm is ready is, in every shipped
// language, node for node what the widget's own view renders at start in
// that language (the Chromium e2e TestPrewasm* compares the two in the
// page), and that the loader's way with a site owner's text for the
// button (texts.<tag>.launcher, a non-empty string put in the phrase's
// holes) is what the runtime renders with it.
func TestLauncherTemplateIsTheView(t *testing.T) {
	root := fakeModule(t, goodLoader)
	withLanguages(t, root)
	out := filepath.Join(t.TempDir(), "dist")
	_, err := buildFake(t, root, out)
	require.NoError(t, err)
	got := embeddedLauncher(t, readFile(t, out, "lcw.js"))

	assert.Equal(t, widget.Languages, got.Languages)
	assert.Equal(t, []string{"ar", "he"}, got.RTL, "the right-to-left languages, as widget.Direction says")
	assert.Equal(t, []widget.Phrase{widget.PhraseLauncher}, got.Keys, "the phrases the button says")
	require.Len(t, got.Texts, len(widget.Languages), "texts in every shipped language")
	const override = "Talk to us {name}" // said as it is: the button fills in no placeholder
	for _, tag := range widget.Languages {
		t.Run(tag, func(t *testing.T) {
			lang := runtimeLanguage(t, out, tag)
			values, ok := got.Texts[tag]
			require.True(t, ok, "the template has texts in %s", tag)
			want := viewAtStart(lang)
			assert.Equal(t, want, serializeTemplate(got.Fill(values), 0))
			assert.Contains(t, want, `<button id="oc-lcw-chat-button"`, "the view renders the chat button at start")
			assert.Equal(t, lang.Say(widget.PhraseLauncher), values[0])
			if tag != "en" {
				assert.NotEqual(t, widget.English[widget.PhraseLauncher], values[0], "the button speaks %s", tag)
			}

			over := lang.WithOverrides(map[widget.Phrase]string{widget.PhraseLauncher: override})
			assert.Equal(t, viewAtStart(over), serializeTemplate(got.Fill([]string{override}), 0),
				"the configured text, in the phrase's holes")
		})
	}
}

// TestLauncherWithoutLanguages: a language with no lang-<tag>.json in dist
// gets no template texts (the runtime would speak English), English always
// has them.
func TestLauncherWithoutLanguages(t *testing.T) {
	l, err := build.RenderLauncher(map[string]map[widget.Phrase]string{"fr": {widget.PhraseLauncher: "Discutons"}})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"en": {"Let's Chat"}, "fr": {"Discutons"}}, l.Texts)
	assert.Empty(t, l.RTL)
}

// TestLauncherBadLanguageFile: a lang file that is not JSON fails the
// build, naming it.
func TestLauncherBadLanguageFile(t *testing.T) {
	root := fakeModule(t, goodLoader)
	require.NoError(t, os.MkdirAll(filepath.Join(root, "assets", "lang"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "assets", "lang", "fr.json"), []byte(`{"launcher": `), 0o644))
	_, err := buildFake(t, root, filepath.Join(t.TempDir(), "dist"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "build: assets/lang/fr.json")
}

// withLanguages copies the repository's assets/lang/ into the fake module.
func withLanguages(t *testing.T, root string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "assets", "lang", "*.json"))
	require.NoError(t, err)
	require.Len(t, paths, len(widget.Languages)-1, "a file for every shipped language but English")
	require.NoError(t, os.MkdirAll(filepath.Join(root, "assets", "lang"), 0o755))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(root, "assets", "lang", filepath.Base(p)), b, 0o644))
	}
}

// embeddedLauncher is the template in a built loader.
func embeddedLauncher(t *testing.T, loader string) build.Launcher {
	t.Helper()
	_, embedded, ok := strings.Cut(loader, "const launcher = ")
	require.True(t, ok, "the built loader holds the template")
	embedded, _, _ = strings.Cut(embedded, ";\n")
	var got build.Launcher
	require.NoError(t, json.Unmarshal([]byte(embedded), &got))
	return got
}

// runtimeLanguage is the language as the runtime has it (wasm/main.go):
// dist's lang-<tag>.json decoded, English built in.
func runtimeLanguage(t *testing.T, dist, tag string) widget.Language {
	t.Helper()
	if tag == "en" {
		return widget.Language{Tag: "en"}
	}
	var tree any
	require.NoError(t, json.Unmarshal([]byte(readFile(t, dist, "lang-"+tag+".json")), &tree))
	phrases, errs := widget.DecodePhrases("lang-"+tag+".json", tree)
	require.Empty(t, errs)
	return widget.Language{Tag: tag, Phrases: phrases}
}

// viewAtStart is the widget's shadow root when it starts in l, as the
// runtime starts it.
func viewAtStart(l widget.Language) string {
	doc := domtest.New()
	view := widget.NewDOMView(doc)
	view.SetLanguage(l)
	w := widget.New(widget.Config{Lang: l, Texts: l.InvitationTexts()}, widget.Deps{View: view})
	view.Bind(w)
	return domtest.Serialize(doc.RootNode())
}

// serializeTemplate writes filled-in template nodes as domtest.Serialize
// writes a tree.
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
		attrs := el[1].([]string)
		for i := 0; i+1 < len(attrs); i += 2 {
			b.WriteString(" " + attrs[i] + `="` + attrs[i+1] + `"`)
		}
		b.WriteString(">\n")
		b.WriteString(serializeTemplate(el[2:], depth+1))
	}
	return b.String()
}
