package build

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/lcwasm/lcwasm/widget"
	"github.com/lcwasm/lcwasm/widget/domtest"
)

// LauncherPlaceholder is replaced in lcw.js by the early chat button's
// template (see Launcher): the loader stamps it out while the wasm still
// downloads.
const LauncherPlaceholder = "/*__LCW_LAUNCHER__*/null"

// Launcher is the template of the early chat button: what the widget's
// own view (widget.DOMView) renders in its shadow root at start, with no
// unread messages, in every language dist has texts for. The loader
// stamps it out with createElement, setAttribute and textContent only (no
// markup is parsed, so Trusted Types have nothing to say), and the
// runtime replaces it at ready.
//
// Its JSON is
//
//	{"languages": [shipped tags], "rtl": [right-to-left tags],
//	 "keys": [phrases], "texts": {tag: [values]}, "tree": [nodes]}
//
// a node being a string (a text node), a number i (a text node saying
// texts[tag][i], the phrase keys[i] in that language), or [tag, [name,
// value, ...], child...] where a value may be such a number too. The
// loader picks the language as widget.PickLanguage does among languages
// and stamps only when texts has it; the host is right to left when rtl
// has it (widget.Direction), else as the page. The tree is rendered once
// with a marker for each phrase, and the build checks that filling it in
// with each language's values gives what the view renders in that
// language (RenderLauncher), so a view whose button says something the
// template cannot tell fails the build.
type Launcher struct {
	Languages []string            `json:"languages"`
	RTL       []string            `json:"rtl"`
	Keys      []widget.Phrase     `json:"keys"`
	Texts     map[string][]string `json:"texts"`
	Tree      []any               `json:"tree"`
}

// RenderLauncher renders the chat button with the real view into
// recording documents and returns it as the loader's template. phrases
// are the texts of the languages dist ships a lang-<tag>.json for, as the
// runtime decodes them (widget.DecodePhrases); English is built in.
func RenderLauncher(phrases map[string]map[widget.Phrase]string) (Launcher, error) {
	l := Launcher{Languages: widget.Languages, RTL: []string{}, Texts: map[string][]string{}}
	tree, err := l.holes(renderIn(probe()))
	if err != nil {
		return Launcher{}, err
	}
	l.Tree = tree
	for _, tag := range widget.Languages {
		p, ok := phrases[tag]
		if !ok && tag != "en" {
			continue // no lang-<tag>.json: the runtime would speak English
		}
		lang := widget.Language{Tag: tag, Phrases: p}
		if widget.Direction(lang, "ltr") == "rtl" {
			l.RTL = append(l.RTL, tag)
		}
		values := make([]string, len(l.Keys))
		for i, k := range l.Keys {
			values[i] = lang.Say(k)
		}
		want := templateNodes(renderIn(lang))
		if got := l.Fill(values); !reflect.DeepEqual(got, want) {
			return Launcher{}, fmt.Errorf("build: the chat button in %q is not the template's: the view renders %v, the template %v", tag, want, got)
		}
		l.Texts[tag] = values
	}
	return l, nil
}

// renderIn is the view's chat button at start, in l.
func renderIn(l widget.Language) []*domtest.Node {
	doc := domtest.New()
	view := widget.NewDOMView(doc)
	view.SetLanguage(l)
	view.Launcher(true)
	return doc.RootNode().Children()
}

// Markers of the probe language: every phrase says mark+key+markEnd
// (private-use characters no text of the widget holds).
const mark, markEnd = "\uE000", "\uE001"

func probe() widget.Language {
	p := map[widget.Phrase]string{}
	for k := range widget.English {
		p[k] = mark + string(k) + markEnd
	}
	return widget.Language{Tag: "en", Phrases: p}
}

// holes turns the probe's rendering into the template: a text node or an
// attribute value that is one phrase becomes its index in l.Keys; a
// phrase inside a longer text is an error (the template cannot say it).
func (l *Launcher) holes(nodes []*domtest.Node) ([]any, error) {
	out := make([]any, 0, len(nodes))
	for _, n := range nodes {
		if n.IsText() {
			v, err := l.hole(n.Text())
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			continue
		}
		attrs := n.Attrs()
		el := []any{n.Tag(), make([]any, len(attrs))}
		for i, a := range attrs {
			v, err := l.hole(a)
			if err != nil {
				return nil, err
			}
			el[1].([]any)[i] = v
		}
		kids, err := l.holes(n.Children())
		if err != nil {
			return nil, err
		}
		out = append(out, append(el, kids...))
	}
	return out, nil
}

func (l *Launcher) hole(s string) (any, error) {
	if !strings.Contains(s, mark) {
		return s, nil
	}
	k, ok := strings.CutPrefix(s, mark)
	k, whole := strings.CutSuffix(k, markEnd)
	if !ok || !whole || strings.Contains(k, mark) {
		return nil, fmt.Errorf("build: the chat button says %q: a phrase inside a longer text, which its template cannot hold", s)
	}
	for i, have := range l.Keys {
		if string(have) == k {
			return i, nil
		}
	}
	l.Keys = append(l.Keys, widget.Phrase(k))
	return len(l.Keys) - 1, nil
}

// Fill is the template's tree with each hole i replaced by values[i], as
// the loader stamps it: nodes as templateNodes writes them.
func (l Launcher) Fill(values []string) []any { return fill(l.Tree, values) }

func fill(nodes []any, values []string) []any {
	out := make([]any, 0, len(nodes))
	for _, n := range nodes {
		el, isEl := n.([]any)
		if !isEl {
			out = append(out, value(n, values))
			continue
		}
		attrs := el[1].([]any)
		got := make([]string, len(attrs))
		for i, a := range attrs {
			got[i] = value(a, values)
		}
		out = append(out, append([]any{el[0], got}, fill(el[2:], values)...))
	}
	return out
}

// value is a string of the template as it is, a hole as its value (JSON
// numbers decode as float64).
func value(v any, values []string) string {
	switch v := v.(type) {
	case int:
		return values[v]
	case float64:
		return values[int(v)]
	}
	return v.(string)
}

// templateNodes writes rendered nodes as the template's: a text node as
// its string, an element as [tag, []string{name, value, ...}, child...].
func templateNodes(nodes []*domtest.Node) []any {
	out := make([]any, 0, len(nodes))
	for _, n := range nodes {
		if n.IsText() {
			out = append(out, n.Text())
			continue
		}
		el := []any{n.Tag(), n.Attrs()}
		out = append(out, append(el, templateNodes(n.Children())...))
	}
	return out
}

// launcherJSON is the template as the loader embeds it, for the
// languages of langs (dist's lang-<tag>.json files).
func launcherJSON(langs []file) ([]byte, error) {
	phrases, err := langPhrases(langs)
	if err != nil {
		return nil, err
	}
	l, err := RenderLauncher(phrases)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(l)
	if err != nil {
		return nil, fmt.Errorf("build: the chat button's template: %w", err)
	}
	return b, nil
}

// langPhrases decodes dist's lang-<tag>.json files as the runtime does
// (a phrase the widget does not know is left out there too). A file that
// is not JSON fails the build: the runtime would fall back to English.
func langPhrases(langs []file) (map[string]map[widget.Phrase]string, error) {
	out := map[string]map[widget.Phrase]string{}
	for _, f := range langs {
		tag := strings.TrimSuffix(strings.TrimPrefix(f.name, "lang-"), ".json")
		var tree any
		if err := json.Unmarshal(f.content, &tree); err != nil {
			return nil, fmt.Errorf("build: assets/lang/%s.json: %w", tag, err)
		}
		p, _ := widget.DecodePhrases(f.name, tree)
		out[tag] = p
	}
	return out, nil
}
