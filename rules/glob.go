package rules

import (
	"path"
	"strings"
)

// glob is a compiled glob. The pattern and the subject are split on "/": a
// segment "**" matches any number of segments (none included), any other
// segment follows path.Match (*, ?, [a-z], \ escapes), within one segment.
type glob struct {
	groups [][]segment // runs of segments between "**"
	star   bool        // the pattern has at least one "**"
}

// segment is one pattern segment.
type segment struct {
	pat string
	lit bool // no wildcard: compare as is
}

// compileGlob compiles pattern; it returns a message when pattern is malformed.
func compileGlob(pattern string) (glob, string) {
	var g glob
	var run []segment
	for _, s := range strings.Split(pattern, "/") {
		if s == "**" {
			g.groups, run, g.star = append(g.groups, run), nil, true
			continue
		}
		if _, err := path.Match(s, ""); err != nil {
			return glob{}, "malformed segment " + s
		}
		run = append(run, segment{pat: s, lit: !strings.ContainsAny(s, `*?[\`)})
	}
	g.groups = append(g.groups, run)
	return g, ""
}

func (g *glob) match(s string) bool {
	end, ok := matchRun(g.groups[0], s, 0)
	if !g.star {
		return ok && end == len(s)+1
	}
	last := len(g.groups) - 1
	for _, run := range g.groups[1:last] {
		if end, ok = findRun(run, s, end); !ok {
			return false
		}
	}
	return ok && matchTail(g.groups[last], s, end)
}

// matchRun matches run against the segments of s starting at byte i (the
// start of a segment). It returns where the next segment starts; len(s)+1
// means every segment was used.
func matchRun(run []segment, s string, i int) (int, bool) {
	for _, p := range run {
		if i > len(s) {
			return i, false
		}
		seg, next := s[i:], len(s)+1
		if j := strings.IndexByte(seg, '/'); j >= 0 {
			seg, next = seg[:j], i+j+1
		}
		if !p.matches(seg) {
			return i, false
		}
		i = next
	}
	return i, true
}

// findRun finds the earliest place at or after i where run matches. Taking
// the earliest is optimal: the "**" on either side absorbs the rest.
func findRun(run []segment, s string, i int) (int, bool) {
	for i <= len(s) {
		if end, ok := matchRun(run, s, i); ok {
			return end, true
		}
		j := strings.IndexByte(s[i:], '/')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return i, false
}

// matchTail matches run against the last segments of s, none before i.
func matchTail(run []segment, s string, i int) bool {
	if len(run) == 0 {
		return true
	}
	start := len(s) + 1
	for range run {
		if start == 0 {
			return false
		}
		start = strings.LastIndexByte(s[:start-1], '/') + 1
	}
	end, ok := matchRun(run, s, start)
	return start >= i && ok && end == len(s)+1
}

func (p segment) matches(seg string) bool {
	if p.lit {
		return p.pat == seg
	}
	ok, _ := path.Match(p.pat, seg)
	return ok
}
