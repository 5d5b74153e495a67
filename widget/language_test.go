package widget_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/widget"
)

// readLanguage reads assets/lang/<tag>.json as the wasm does.
func readLanguage(t *testing.T, tag string) map[widget.Phrase]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "assets", "lang", tag+".json"))
	require.NoError(t, err)
	var tree any
	require.NoError(t, json.Unmarshal(b, &tree))
	p, errs := widget.DecodePhrases(tag, tree)
	require.Empty(t, errs)
	return p
}

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

func placeholders(s string) []string {
	p := placeholder.FindAllString(s, -1)
	sort.Strings(p)
	return p
}

// TestEveryLanguageHasEveryPhrase: each shipped translation has every
// phrase of English, no other, none empty, with the same placeholders.
func TestEveryLanguageHasEveryPhrase(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "assets", "lang", "*.json"))
	require.NoError(t, err)
	var tags []string
	for _, f := range files {
		tags = append(tags, filepath.Base(f[:len(f)-len(".json")]))
	}
	want := slices.Clone(widget.Languages[1:])
	sort.Strings(want)
	require.Equal(t, want, tags, "a file per shipped language but English (English is in Go)")
	for _, tag := range tags {
		t.Run(tag, func(t *testing.T) {
			p := readLanguage(t, tag)
			for k, en := range widget.English {
				s, ok := p[k]
				if assert.True(t, ok, "%s lacks %q", tag, k) {
					assert.NotEmpty(t, s, "%s.%s", tag, k)
					assert.Equal(t, placeholders(en), placeholders(s), "%s.%s: %q", tag, k, s)
				}
			}
			assert.Len(t, p, len(widget.English))
		})
	}
}

func TestPickLanguage(t *testing.T) {
	tests := []struct {
		name, configured, page string
		browser                []string
		want                   string
	}{
		{"nothing: English", "", "", nil, "en"},
		{"the configuration first", "de", "fr", []string{"es-Latn-ES"}, "de"},
		{"then the page", "", "fr-FR", []string{"es"}, "fr"},
		{"then the browser, in order", "", "", []string{"sv-SE", "pt-Latn-BR", "es"}, "pt"},
		{"a configured language not shipped falls through", "sv", "", []string{"nl-NL"}, "nl"},
		{"Simplified Chinese ships", "", "", []string{"zh-Hans-CN"}, "zh"},
		{"Traditional Chinese does not", "", "", []string{"zh-Hant-TW", "ja-Jpan-JP"}, "ja"},
		{"plain zh-TW neither", "", "", []string{"zh-TW"}, "en"},
		{"Hebrew's old code", "", "", []string{"iw-IL"}, "he"},
		{"case and underscores", "", "AR_eg", nil, "ar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, widget.PickLanguage(tt.configured, tt.page, tt.browser))
		})
	}
}

func TestLanguageSayFallsBackToEnglish(t *testing.T) {
	fr := widget.Language{Tag: "fr", Phrases: map[widget.Phrase]string{widget.PhraseQueue: "Numéro {n}"}}
	assert.Equal(t, "Numéro 3", fr.Say(widget.PhraseQueue, "n", "3"))
	assert.Equal(t, "Send", fr.Say(widget.PhraseSend), "a phrase it lacks is English")
	assert.Equal(t, "Ada is typing…", widget.Language{}.Say(widget.PhraseTyping, "name", "Ada"))
	assert.Equal(t, "en", widget.Language{}.Code())
	assert.False(t, fr.RTL())
	assert.True(t, widget.Language{Tag: "he"}.RTL())
}

func TestDirection(t *testing.T) {
	assert.Equal(t, "rtl", widget.Direction(widget.Language{Tag: "ar"}, "ltr"), "an RTL language")
	assert.Equal(t, "rtl", widget.Direction(widget.Language{}, "rtl"), "English on an RTL page keeps its side")
	assert.Equal(t, "ltr", widget.Direction(widget.Language{Tag: "fr"}, ""))
}

func TestDecodeConfigLanguageTextsScheme(t *testing.T) {
	var cfg widget.Config
	errs := widget.DecodeConfig(&cfg, map[string]any{
		"language":    "fr",
		"colorScheme": "dark",
		"texts": map[string]any{
			"fr-CA": map[string]any{"send": "Envoyer!", "nope": "x", "close": 3.0},
			"xx":    map[string]any{"send": "?"},
		},
	})
	assert.Equal(t, "fr", cfg.Language)
	assert.Equal(t, "dark", cfg.ColorScheme)
	assert.Equal(t, map[string]map[widget.Phrase]string{"fr": {widget.PhraseSend: "Envoyer!"}}, cfg.TextOverrides)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	sort.Strings(msgs)
	assert.Equal(t, []string{
		`widget: texts.fr-CA.close: want a string, got number`,
		`widget: texts.fr-CA.nope: not a text of the widget (see docs/configuration.md#texts)`,
		`widget: texts.xx: not a language the widget ships (en, es, fr, de, it, pt, nl, pl, tr, ja, zh, ar, he)`,
	}, msgs)

	cfg = widget.Config{}
	errs = widget.DecodeConfig(&cfg, map[string]any{"colorScheme": "sepia"})
	require.Len(t, errs, 1)
	assert.Equal(t, `widget: colorScheme: want one of auto, light, dark, got "sepia"`, errs[0].Error())
	assert.Empty(t, cfg.ColorScheme)
}

func TestLanguageOverridesAndInvitation(t *testing.T) {
	de := widget.Language{Tag: "de", Phrases: map[widget.Phrase]string{widget.PhraseInviteStart: "Jetzt chatten", widget.PhraseSend: "Senden"}}
	got := de.WithOverrides(map[widget.Phrase]string{widget.PhraseSend: "Los"})
	assert.Equal(t, "Los", got.Say(widget.PhraseSend))
	assert.Equal(t, "Senden", de.Say(widget.PhraseSend), "the original is not changed")
	texts := got.InvitationTexts()
	assert.Equal(t, "Jetzt chatten", texts.StartButton)
	assert.Equal(t, widget.DefaultTexts(), widget.Language{}.InvitationTexts(), "English is Microsoft's default pane")
}
