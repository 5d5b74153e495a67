package chat

import "strings"

// CheckVariables is [Variables] with what was left out described for the
// page's developer, or "" when everything was usable. from names the
// source: the context provider, or startChat's customContext.
func CheckVariables(provided any, from string) (map[string]any, string) {
	vars, left := Variables(provided)
	if _, ok := provided.(map[string]any); !ok {
		hint := ""
		if typeName(provided) == "Promise" {
			hint = " (it must return the variables, not a Promise)"
		}
		return vars, "chat: " + from + " gave " + typeName(provided) + ", not an object of variables" + hint +
			"; the chat starts without custom context"
	}
	var problems []string
	if len(left.Rejected) > 0 {
		problems = append(problems, "not a string, number or boolean, left out: "+quoteAll(left.Rejected))
	}
	if len(left.TooLong) > 0 {
		problems = append(problems, "names over "+itoa(MaxKeyLength)+" or values over "+itoa(MaxValueLength)+
			" characters, left out: "+quoteAll(left.TooLong))
	}
	if len(left.Dropped) > 0 {
		problems = append(problems, "more than "+itoa(MaxVariables)+" variables, dropped "+itoa(len(left.Dropped))+": "+quoteAll(left.Dropped))
	}
	if len(left.Overflow) > 0 {
		problems = append(problems, "more than "+itoa(MaxContextBytes>>10)+" KiB of variables, dropped "+itoa(len(left.Overflow))+": "+quoteAll(left.Overflow))
	}
	if len(problems) == 0 {
		return vars, ""
	}
	return vars, "chat: " + from + ": " + strings.Join(problems, "; ") + "; the chat starts with the other " + itoa(len(vars))
}
