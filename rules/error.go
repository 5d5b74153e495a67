package rules

import "github.com/lcwasm/lcwasm/internal/strconvlite"

// Error is one problem in a rules configuration. Decode returns them; a rule
// with an Error is disabled and the other rules keep working.
type Error struct {
	Rule string // the rule's id; "" for the top level or a rule without a usable id
	Path string // the bad field, inside the rule ("conditions[1].timeOnPage") or the config ("rules[2].id")
	Msg  string // what is wrong, e.g. "want seconds >= 0"
}

// Error formats e as `rules: rule "pricing": conditions[1].timeOnPage: want seconds >= 0`.
func (e *Error) Error() string {
	s := "rules: "
	if e.Rule != "" {
		s += "rule " + strconvlite.Quote(e.Rule) + ": "
	}
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.Msg
}
