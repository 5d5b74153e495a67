//go:build js && wasm

package jsbridge

import (
	"errors"
	"strings"

	"github.com/hack-pad/safejs"
	"github.com/lcwasm/lcwasm/rules"
)

// Regexp is a browser RegExp; Go's regexp package would add ~120 KB to the
// wasm.
type Regexp struct{ re safejs.Value }

// CompileRegexp compiles pattern as a JavaScript RegExp. A leading
// RE2-style flag group such as (?i) or (?is) becomes the RegExp's flags, so
// the same pattern means the same in Go tests and in the browser.
func CompileRegexp(pattern string) (rules.Regexp, error) {
	flags := ""
	if rest, ok := strings.CutPrefix(pattern, "(?"); ok {
		if end := strings.IndexByte(rest, ')'); end > 0 && strings.Trim(rest[:end], "ims") == "" {
			flags, pattern = rest[:end], rest[end+1:]
		}
	}
	re, err := newObject("RegExp", pattern, flags)
	if err != nil {
		return nil, errors.New("jsbridge: invalid regular expression: " + err.Error())
	}
	return Regexp{re: re}, nil
}

// MatchString reports whether s contains a match.
func (r Regexp) MatchString(s string) bool {
	ok, err := r.re.Call("test", s)
	return err == nil && truthy(ok)
}
