package rules

import (
	"strconv"
	"strings"
)

// expand replaces each {{name}} in an invitation message with the audience
// attribute name ("" when absent), so that one rule can say "your case
// {{caseId}} is in progress".
func expand(msg string, attrs map[string]any) string {
	if !strings.Contains(msg, "{{") {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.Index(msg, "{{")
		j := strings.Index(msg[i+2:], "}}")
		if i < 0 || j < 0 {
			break
		}
		b.WriteString(msg[:i])
		b.WriteString(attrText(attrs[strings.TrimSpace(msg[i+2:i+2+j])]))
		msg = msg[i+2+j+2:]
		if !strings.Contains(msg, "{{") {
			break
		}
	}
	b.WriteString(msg)
	return b.String()
}

// attrText formats an attribute value for a message.
func attrText(v any) string {
	switch v := primitive(v).(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}
