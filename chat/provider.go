package chat

import "strings"

// variables is Variables with what was left out described for the page's
// developer, or "" when everything was usable. from names the source: the
// context provider, or startChat's customContext.
func variables(provided any, from string) (map[string]any, string) {
	vars, rejected, dropped := Variables(provided)
	if _, ok := provided.(map[string]any); !ok {
		hint := ""
		if typeName(provided) == "Promise" {
			hint = " (it must return the variables, not a Promise)"
		}
		return vars, "chat: " + from + " gave " + typeName(provided) + ", not an object of variables" + hint +
			"; the chat starts without custom context"
	}
	var problems []string
	if len(rejected) > 0 {
		problems = append(problems, "not a string, number or boolean, left out: "+quoteAll(rejected))
	}
	if len(dropped) > 0 {
		problems = append(problems, "more than "+itoa(MaxVariables)+" variables, dropped "+itoa(len(dropped))+": "+quoteAll(dropped))
	}
	if len(problems) == 0 {
		return vars, ""
	}
	return vars, "chat: " + from + ": " + strings.Join(problems, "; ") + "; the chat starts with the other " + itoa(len(vars))
}
