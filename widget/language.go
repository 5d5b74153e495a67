package widget

import (
	"errors"
	"sort"
	"strings"
)

// Language is the widget's texts in one language: the tag it ships under,
// and its phrases, read from the bundle's lang-<tag>.json next to the
// wasm and the site owner's overrides. A phrase it lacks is said in
// English, so a partial translation never shows a key.
type Language struct {
	Tag     string            // a tag of [Languages]; "" is English
	Phrases map[Phrase]string // nil: English
}

// Languages are the tags the bundle ships translations for, English
// first. Their texts are data (assets/lang/<tag>.json, copied into dist as
// lang-<tag>.json), never Go code: a language costs the wasm nothing.
var Languages = []string{"en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "ja", "zh", "ar", "he"}

// rightToLeft are the shipped languages written right to left.
var rightToLeft = map[string]bool{"ar": true, "he": true}

// RTL reports whether the language is written right to left.
func (l Language) RTL() bool { return rightToLeft[l.Tag] }

// Code is the language's tag for lang attributes and Intl, "en" for
// English.
func (l Language) Code() string {
	if l.Tag == "" {
		return "en"
	}
	return l.Tag
}

// Say is the text of p in the language (English where it has none), with
// each {placeholder} of args ("name", "Ana", "n", "3") filled in.
func (l Language) Say(p Phrase, args ...string) string {
	s, ok := l.Phrases[p]
	if !ok || s == "" {
		s = English[p]
	}
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+args[i]+"}", args[i+1])
	}
	return s
}

// Direction is the widget's writing direction: a right-to-left language
// lays the widget out right to left; otherwise the page's direction holds
// (an English widget on a right-to-left page sits on the page's side, its
// texts isolated).
func Direction(l Language, page string) string {
	if l.RTL() {
		return "rtl"
	}
	if page == "rtl" {
		return "rtl"
	}
	return "ltr"
}

// PickLanguage chooses the widget's language: the configuration's
// "language", else the page's <html lang>, else the first of the browser's
// languages that ships; English when none does. Tags are BCP 47 as the
// browser's Intl.Locale maximizes them ("zh-Hans-CN", "pt-Latn-BR"), or
// plain ("fr-CA"); only the language (and for Chinese the script) counts:
// Traditional Chinese is not shipped, so "zh-Hant-TW" falls through to the
// next choice.
func PickLanguage(configured, page string, browser []string) string {
	for _, tag := range append([]string{configured, page}, browser...) {
		if l := shipped(tag); l != "" {
			return l
		}
	}
	return "en"
}

// shipped is the shipped language tag serves, or "".
func shipped(tag string) string {
	parts := strings.Split(strings.ReplaceAll(strings.ToLower(tag), "_", "-"), "-")
	base := parts[0]
	switch base {
	case "iw": // Hebrew's withdrawn code, still sent by some systems
		base = "he"
	case "zh":
		for _, p := range parts[1:] {
			if p == "hant" || p == "tw" || p == "hk" || p == "mo" {
				return ""
			}
		}
	}
	if contains(Languages, base) {
		return base
	}
	return ""
}

// DecodePhrases reads one language's phrases (a lang-<tag>.json file, or
// one language of the configuration's "texts") from a plain tree. Unknown
// keys and non-string values are errors, and are left out.
func DecodePhrases(path string, tree any) (map[Phrase]string, []error) {
	m, ok := tree.(map[string]any)
	if !ok {
		return nil, []error{errors.New("widget: " + path + ": want an object of texts like {\"send\": \"Send\"}, got " + TypeName(tree))}
	}
	out := map[Phrase]string{}
	var errs []error
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, isText := m[k].(string)
		switch {
		case !known(Phrase(k)):
			errs = append(errs, errors.New("widget: "+path+"."+k+": not a text of the widget (see docs/configuration.md#texts)"))
		case !isText:
			errs = append(errs, errors.New("widget: "+path+"."+k+": want a string, got "+TypeName(m[k])))
		default:
			out[Phrase(k)] = s
		}
	}
	return out, errs
}

func known(p Phrase) bool {
	_, ok := English[p]
	return ok
}

// WithOverrides is l with the site owner's texts for it laid over its own.
func (l Language) WithOverrides(over map[Phrase]string) Language {
	if len(over) == 0 {
		return l
	}
	out := Language{Tag: l.Tag, Phrases: map[Phrase]string{}}
	for k, v := range l.Phrases {
		out.Phrases[k] = v
	}
	for k, v := range over {
		out.Phrases[k] = v
	}
	return out
}

// InvitationTexts are the invitation's texts in the language, before the
// page's customization callback has its say.
func (l Language) InvitationTexts() Texts {
	return Texts{
		Title:          l.Say(PhraseInviteTitle),
		Subtitle:       l.Say(PhraseInviteSubtitle),
		DefaultMessage: l.Say(PhraseInviteMessage),
		StartButton:    l.Say(PhraseInviteStart),
		StartLabel:     l.Say(PhraseInviteStart),
		CloseLabel:     l.Say(PhraseClose),
		PaneLabel:      l.Say(PhraseInviteLabel),
	}
}
