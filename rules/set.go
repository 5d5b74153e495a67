package rules

import (
	"slices"

	"github.com/lcwasm/lcwasm/internal/instant"
)

// Set is a decoded rules configuration. It is immutable and may be shared;
// an Engine evaluates it.
type Set struct {
	rules     []*rule          // enabled rules in evaluation order
	index     map[string]int   // rule id -> position in rules
	disabled  []disabled       // malformed rules, in config order
	budget    int              // invitations per session; -1: no budget
	cooldown  instant.Duration // after any decline or time-out
	zones     Zones
	selectors []string
}

// rule is one enabled rule.
type rule struct {
	id       string
	priority int
	when     all
	limits   limits
	inv      Invitation
	holdout  int  // percent of visitors in the control group
	off      bool // "enabled": false: decoded and checked, never evaluated
	agents   bool // it has an agentsAvailable condition (cond_agents.go)
}

// disabled is a rule turned off by its first decoding error, with what
// could be read of its priority and invitation.
type disabled struct {
	id       string
	err      error
	priority int
	inv      Invitation
}

// Invitation is what a rule raises: the same three arguments as the SDK's
// startProactiveChat(notificationUIConfig, showPrechat, {inNewWindow}).
type Invitation struct {
	Message     string // the invitation text; "" means the widget's default text
	ShowPrechat bool   // show the prechat survey on accept (default true)
	InNewWindow bool   // open the chat in a pop-out window (default false)
	// Variants are the texts under test (variant.go); nil for a rule
	// with one text. Message is then "": the runner picks a variant.
	Variants []Variant
}

// Rules returns the ids of the enabled rules in evaluation order: priority
// descending, then id ascending (byte order), so ties break the same way on
// every run.
func (s *Set) Rules() []string {
	ids := make([]string, len(s.rules))
	for i, r := range s.rules {
		ids[i] = r.id
	}
	return ids
}

// Selectors returns the CSS selectors that enabled rules watch with
// "elementVisible", without duplicates, for the browser to observe.
func (s *Set) Selectors() []string { return slices.Clone(s.selectors) }

// add appends an enabled rule, or records a disabled one.
func (s *Set) add(r *rule, id string, err error, selectors []string) {
	if err != nil {
		d := disabled{id: id, err: err, inv: Invitation{ShowPrechat: true}}
		if r != nil {
			d.priority, d.inv = r.priority, r.inv
		}
		s.disabled = append(s.disabled, d)
		return
	}
	s.rules = append(s.rules, r)
	for _, sel := range selectors {
		if !slices.Contains(s.selectors, sel) {
			s.selectors = append(s.selectors, sel)
		}
	}
}

// sort puts the rules in evaluation order and indexes them. It is a
// bottom-up merge sort: a generic sort would add its own copy of pdqsort to
// the wasm.
func (s *Set) sort() {
	buf := make([]*rule, len(s.rules))
	for width := 1; width < len(s.rules); width *= 2 {
		for lo := 0; lo < len(s.rules); lo += 2 * width {
			mid, hi := min(lo+width, len(s.rules)), min(lo+2*width, len(s.rules))
			merge(buf[lo:hi], s.rules[lo:mid], s.rules[mid:hi])
		}
		copy(s.rules, buf)
	}
	s.index = make(map[string]int, len(s.rules))
	for i, r := range s.rules {
		s.index[r.id] = i
	}
}

// merge merges the ordered runs a and b into dst.
func merge(dst, a, b []*rule) {
	i, j := 0, 0
	for k := range dst {
		if j == len(b) || i < len(a) && !before(b[j], a[i]) {
			dst[k], i = a[i], i+1
		} else {
			dst[k], j = b[j], j+1
		}
	}
}

// before is the evaluation order: priority descending, then id ascending.
func before(a, b *rule) bool {
	if a.priority != b.priority {
		return a.priority > b.priority
	}
	return a.id < b.id
}
