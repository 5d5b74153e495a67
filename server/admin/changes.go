package admin

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// changes says, for the audit log, what a new configuration changes from
// the one it replaces: the top-level fields it changes, adds or removes,
// and for proactiveRules the rules by id, e.g.
// "proactiveChat, proactiveRules (added pricing; changed welcome)".
// The history's diff has every line; this is the line a reader scans.
func changes(before, after string) string {
	var a, b map[string]json.RawMessage
	if json.Unmarshal([]byte(before), &a) != nil || json.Unmarshal([]byte(after), &b) != nil {
		return ""
	}
	keys := slices.Sorted(maps.Keys(union(a, b)))
	var out []string
	for _, k := range keys {
		if canonical(a[k]) == canonical(b[k]) {
			continue
		}
		if k == "proactiveRules" {
			if r := ruleChanges(a[k], b[k]); r != "" {
				k += " (" + r + ")"
			}
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return "no change"
	}
	return strings.Join(out, ", ")
}

func union(a, b map[string]json.RawMessage) map[string]json.RawMessage {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]json.RawMessage{}
	}
	maps.Copy(out, b)
	return out
}

// ruleChanges names the rules added, changed and removed, by id.
func ruleChanges(before, after json.RawMessage) string {
	a, b := rulesByID(before), rulesByID(after)
	var added, changed, removed []string
	for id, r := range b {
		switch old, ok := a[id]; {
		case !ok:
			added = append(added, id)
		case old != r:
			changed = append(changed, id)
		}
	}
	for id := range a {
		if _, ok := b[id]; !ok {
			removed = append(removed, id)
		}
	}
	var out []string
	for _, part := range []struct {
		what string
		ids  []string
	}{{"added", added}, {"changed", changed}, {"removed", removed}} {
		if len(part.ids) > 0 {
			slices.Sort(part.ids)
			out = append(out, part.what+" "+strings.Join(part.ids, ", "))
		}
	}
	return strings.Join(out, "; ")
}

// rulesByID maps each rule's id to its compact JSON.
func rulesByID(raw json.RawMessage) map[string]string {
	var set struct {
		Rules []json.RawMessage `json:"rules"`
	}
	out := map[string]string{}
	if json.Unmarshal(raw, &set) != nil {
		return out
	}
	for _, r := range set.Rules {
		var head struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(r, &head) == nil {
			out[head.ID] = canonical(r)
		}
	}
	return out
}
