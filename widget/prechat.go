package widget

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxAnswerLength is the longest prechat answer accepted, in characters.
const MaxAnswerLength = 2000

// ValidatePrechat returns, per field name, what the visitor must fix, in
// English; an empty map means the answers are fine.
func ValidatePrechat(fields []Field, values map[string]string) map[string]string {
	return Language{}.ValidatePrechat(fields, values)
}

// ValidatePrechat is [ValidatePrechat] saying what to fix in l.
func (l Language) ValidatePrechat(fields []Field, values map[string]string) map[string]string {
	problems := map[string]string{}
	for _, f := range fields {
		if p := problem(f, strings.TrimSpace(values[f.Name])); p != "" {
			problems[f.Name] = l.Say(p, "name", f.Label, "n", strconv.Itoa(MaxAnswerLength))
		}
	}
	return problems
}

func problem(f Field, v string) Phrase {
	switch {
	case v == "" && f.Required && f.Type == "checkbox":
		return PhraseTickBox
	case v == "" && f.Required:
		return PhraseFieldRequired
	case v == "":
		return ""
	case utf8.RuneCountInString(v) > MaxAnswerLength:
		return PhraseTooLongAnswer
	case f.Type == "email" && !looksLikeEmail(v):
		return PhraseBadEmail
	case f.Type == "tel" && !looksLikePhone(v):
		return PhraseBadPhone
	case f.Type == "select" && len(f.Options) > 0 && !contains(f.Options, v):
		return PhraseBadOption
	}
	return ""
}

func looksLikeEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.ContainsAny(s, " \t\n<>") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

func looksLikePhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-().", r):
		default:
			return false
		}
	}
	return digits >= 5
}
