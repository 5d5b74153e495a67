//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// PageLanguage is the page's <html lang>, as Intl.Locale maximizes it
// ("fr" → "fr-Latn-FR"), or "".
func PageLanguage() string {
	return Maximize(str(get(document, "documentElement", "lang")))
}

// BrowserLanguages are the visitor's languages in their order of
// preference (navigator.languages, else navigator.language), each as
// Intl.Locale maximizes it: "zh-TW" becomes "zh-Hant-TW", so the widget
// can tell Traditional from Simplified Chinese without a table of its own.
func BrowserLanguages() []string {
	var out []string
	list := get(global, "navigator", "languages")
	n, _ := get(list, "length").Int()
	for i := 0; i < n; i++ {
		v, err := list.Index(i)
		if err == nil {
			out = append(out, Maximize(str(v)))
		}
	}
	if len(out) == 0 {
		if l := str(get(global, "navigator", "language")); l != "" {
			out = append(out, Maximize(l))
		}
	}
	return out
}

// Maximize is new Intl.Locale(tag).maximize().toString(): the tag with
// its likely script and region; tag itself when Intl refuses it (not a
// well-formed tag, or no Intl.Locale), "" for "".
func Maximize(tag string) string {
	if tag == "" {
		return ""
	}
	l, err := get(global, "Intl", "Locale").New(tag)
	if err != nil {
		return tag
	}
	m, err := l.Call("maximize")
	if err != nil {
		return tag
	}
	s, err := m.Call("toString")
	if err != nil || s.Type() != safejs.TypeString {
		return tag
	}
	return str(s)
}

// FetchTree fetches the JSON at url and waits for it: the parsed tree, or
// nil and why not (see FetchJSON). Call it from a goroutine that may
// block (package main's start), never from a callback.
func FetchTree(url string) (tree any, failure string) {
	type answer struct {
		tree    any
		failure string
	}
	got := make(chan answer, 1)
	FetchJSON(url, func(body any, why string) any {
		got <- answer{body, why}
		return nil
	})
	a := <-got
	return a.tree, a.failure
}
