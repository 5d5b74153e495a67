package chat

import (
	"bytes"
	"encoding/json"
	"slices"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/runes"
)

// Budgets of a start's context, as the widget keeps them (package
// chat's MaxURLLength, MaxKeyLength, MaxVariables, MaxContextBytes and
// MaxPrechatBytes), enforced again by the server, whatever the client:
// a longer page URL or referrer is cut to MaxURLRunes characters; the
// custom variables and the prechat answers keep, in name order, the
// entries that fit (a name of at most MaxKeyRunes characters, a string
// value cut to MaxValueRunes, at most MaxVariables entries,
// MaxVariablesBytes of JSON in all); source and
// ruleId are cut to maxIDLen bytes; the visitor's name (the prechat
// "name") is cut to MaxNameRunes characters; the visitor's details as
// details.go says.
const (
	MaxURLRunes       = 2048
	MaxKeyRunes       = 100
	MaxVariables      = 100
	MaxVariablesBytes = 8 << 10
	MaxNameRunes      = 64
	MaxValueRunes     = 1000
)

// startContext is a conversation's context as the server stores it:
// only these fields, spelt this way, whatever the client sent. The
// server alone sets Authenticated.
type startContext struct {
	pageContext
	Custom map[string]json.RawMessage `json:"custom,omitempty"`
}

// fields reads a JSON object by exact (case-sensitive) names; nil when
// raw is not an object.
func fields(raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

// field decodes m[name] into v when it is there and not null; false when
// it is there but of another type.
func field(m map[string]json.RawMessage, name string, v any) bool {
	raw, ok := m[name]
	if !ok || string(raw) == "null" {
		return true
	}
	return json.Unmarshal(raw, v) == nil
}

// buildContext makes the context to store from a start's: the fields the
// server understands, each cut to its budget, and "authenticated" from
// claims alone (nil: not signed in). msg is non-empty when the context is
// not an object or a field has the wrong type.
func buildContext(raw json.RawMessage, claims *Claims) (stored json.RawMessage, msg string) {
	var c startContext
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) > 0 && string(trimmed) != "null" {
		if trimmed[0] != '{' {
			return nil, "context: want a JSON object"
		}
		m := fields(trimmed)
		if m == nil {
			return nil, "context: want a JSON object"
		}
		var prechat, custom map[string]json.RawMessage
		if !field(m, "proactive", &c.Proactive) || !field(m, "source", &c.Source) ||
			!field(m, "ruleId", &c.RuleID) || !field(m, "variant", &c.Variant) || !field(m, "pageUrl", &c.PageURL) ||
			!field(m, "referrer", &c.Referrer) || !field(m, "timeOnPageMs", &c.TimeOnPageMs) ||
			!field(m, "prechat", &prechat) || !field(m, "custom", &custom) {
			return nil, "context: fields of the wrong type"
		}
		var ok bool
		if c.visitorDetails, ok = readDetails(m); !ok {
			return nil, "context: fields of the wrong type"
		}
		c.Source = cutBytes(c.Source, maxIDLen)
		c.RuleID = cutBytes(c.RuleID, maxIDLen)
		c.Variant = cutBytes(c.Variant, maxIDLen)
		c.PageURL = runes.Prefix(c.PageURL, MaxURLRunes)
		c.Referrer = runes.Prefix(c.Referrer, MaxURLRunes)
		c.Prechat = budget(prechat)
		c.Custom = budget(custom)
	}
	c.Authenticated = claims
	out, err := json.Marshal(c)
	if err != nil {
		return nil, "context: unreadable"
	}
	return out, ""
}

// budget keeps, in name order, the entries of m that fit the variables'
// budgets; nil when none is left.
func budget(m map[string]json.RawMessage) map[string]json.RawMessage {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := map[string]json.RawMessage{}
	size := 2 // {}
	for _, k := range keys {
		if len(out) == MaxVariables {
			break
		}
		if !utf8.ValidString(k) || utf8.RuneCountInString(k) > MaxKeyRunes {
			continue
		}
		kb, _ := json.Marshal(k)
		raw := m[k]
		var str string
		if json.Unmarshal(raw, &str) == nil && utf8.RuneCountInString(str) > MaxValueRunes {
			raw, _ = json.Marshal(runes.Prefix(str, MaxValueRunes)) // a prechat name, say
		}
		var compact bytes.Buffer
		if json.Compact(&compact, raw) != nil {
			continue
		}
		n := len(kb) + 1 + compact.Len() + 1
		if size+n > MaxVariablesBytes {
			continue
		}
		size += n
		out[k] = json.RawMessage(compact.Bytes())
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// cutBytes keeps at most n bytes of s, whole characters.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// visitorContext is the part of a conversation's stored context the
// agent console shows: the page context and the custom variables.
type visitorContext struct {
	pageContext
	Custom map[string]json.RawMessage
}

// parseContext reads a stored context by exact names, so a key spelt
// another way ("Authenticated") in a conversation stored by an older
// server is nobody's identity.
func parseContext(raw json.RawMessage) visitorContext {
	var c visitorContext
	m := fields(raw)
	field(m, "proactive", &c.Proactive)
	field(m, "source", &c.Source)
	field(m, "ruleId", &c.RuleID)
	field(m, "variant", &c.Variant)
	field(m, "pageUrl", &c.PageURL)
	field(m, "referrer", &c.Referrer)
	field(m, "timeOnPageMs", &c.TimeOnPageMs)
	field(m, "prechat", &c.Prechat)
	field(m, "custom", &c.Custom)
	c.visitorDetails, _ = readDetails(m)
	var auth map[string]json.RawMessage
	if field(m, "authenticated", &auth) && auth != nil {
		var cl Claims
		if field(auth, "sub", &cl.Subject) && field(auth, "name", &cl.Name) && cl.Subject != "" {
			c.Authenticated = &cl
		}
	}
	return c
}

// displayable returns the custom context variables marked displayable
// ({"value": v, "isDisplayable": true}); bare values are not shown.
func (c visitorContext) displayable() map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, raw := range c.Custom {
		m := fields(raw)
		var shown bool
		if m != nil && field(m, "isDisplayable", &shown) && shown && len(m["value"]) > 0 {
			out[k] = m["value"]
		}
	}
	return out
}

// visitorName is the prechat "name" answer, when it is a string, cut to
// MaxNameRunes characters.
func (c visitorContext) visitorName() string {
	var name string
	if json.Unmarshal(c.Prechat["name"], &name) == nil && name != "" {
		return runes.Prefix(name, MaxNameRunes)
	}
	return "Visitor"
}
