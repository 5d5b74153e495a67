package widget

import (
	"strings"
	"unicode/utf8"
)

// MaxAnswerLength is the longest prechat answer accepted, in characters.
const MaxAnswerLength = 2000

// ValidatePrechat returns, per field name, what the visitor must fix; an
// empty map means the answers are fine.
func ValidatePrechat(fields []Field, values map[string]string) map[string]string {
	problems := map[string]string{}
	for _, f := range fields {
		if p := problem(f, strings.TrimSpace(values[f.Name])); p != "" {
			problems[f.Name] = p
		}
	}
	return problems
}

func problem(f Field, v string) string {
	switch {
	case v == "" && f.Required && f.Type == "checkbox":
		return "Please tick this box to continue."
	case v == "" && f.Required:
		return f.Label + " is required."
	case v == "":
		return ""
	case utf8.RuneCountInString(v) > MaxAnswerLength:
		return "Please keep this under 2000 characters."
	case f.Type == "email" && !looksLikeEmail(v):
		return "Please enter an email address like name@example.com."
	case f.Type == "tel" && !looksLikePhone(v):
		return "Please enter a phone number using digits, spaces and + - ( )."
	case f.Type == "select" && len(f.Options) > 0 && !contains(f.Options, v):
		return "Please choose one of the options."
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
