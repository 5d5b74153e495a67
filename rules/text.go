package rules

import "strings"

// Regexp is a compiled regular expression. In the browser it wraps a RegExp;
// in native Go a *regexp.Regexp satisfies it.
type Regexp interface {
	MatchString(s string) bool
}

// Compiler compiles a regular expression for the "regex" operator. The
// browser supplies one backed by RegExp, so the wasm does not link Go's regexp.
type Compiler func(pattern string) (Regexp, error)

// textOps are the text operators, in the order they are documented.
var textOps = []string{"equals", "prefix", "suffix", "contains", "glob", "regex"}

// textFields are the fields of a text matcher.
var textFields = append(textOps[:len(textOps):len(textOps)], "ignoreCase")

const (
	opEquals = iota
	opPrefix
	opSuffix
	opContains
	opGlob
	opRegex
)

// text matches a string with one operator.
type text struct {
	op   int
	arg  string
	fold bool // compare lower-cased
	glob glob
	re   Regexp
}

func (t *text) match(s string) bool {
	if t.fold {
		s = strings.ToLower(s)
	}
	switch t.op {
	case opEquals:
		return s == t.arg
	case opPrefix:
		return strings.HasPrefix(s, t.arg)
	case opSuffix:
		return strings.HasSuffix(s, t.arg)
	case opContains:
		return strings.Contains(s, t.arg)
	case opGlob:
		return t.glob.match(s)
	}
	return t.re.MatchString(s)
}

// text decodes the text matcher held in m: exactly one operator, and
// ignoreCase. With optional, a matcher with no operator yields nil silently.
// With lower, the subject is known to be lower case and so is made the
// pattern (except a regex).
func (d *decoder) text(m map[string]any, path string, optional, lower bool) *text {
	var t *text
	for op, name := range textOps {
		v, ok := m[name]
		if !ok {
			continue
		}
		if t != nil {
			d.fail(path, "want one of "+strings.Join(textOps, ", "))
			return nil
		}
		s, ok := v.(string)
		if !ok {
			d.fail(path, "want "+name+" as a string")
			return nil
		}
		t = &text{op: op, arg: s}
	}
	if t == nil {
		if !optional {
			d.fail(path, "want one of "+strings.Join(textOps, ", "))
		}
		return nil
	}
	t.fold = d.boolean(m, "ignoreCase", path, false)
	if lower && t.op != opRegex {
		t.arg = strings.ToLower(t.arg)
	}
	return d.compileText(t, path)
}

// compileText prepares the glob or regular expression of t.
func (d *decoder) compileText(t *text, path string) *text {
	if t.fold {
		t.arg = strings.ToLower(t.arg)
	}
	switch {
	case t.op == opGlob:
		g, err := compileGlob(t.arg)
		if err != "" {
			d.fail(path, "glob: "+err)
			return nil
		}
		t.glob = g
	case t.op == opRegex && t.fold:
		d.fail(path, "ignoreCase does not apply to regex: put the flag in the pattern")
		return nil
	case t.op == opRegex && d.Compile == nil:
		d.fail(path, "regex: no regular expression compiler")
		return nil
	case t.op == opRegex:
		re, err := d.Compile(t.arg)
		if err != nil || re == nil {
			d.fail(path, "regex: "+errText(err))
			return nil
		}
		t.re = re
	}
	return t
}

func errText(err error) string {
	if err == nil {
		return "compiler returned nothing"
	}
	return err.Error()
}
