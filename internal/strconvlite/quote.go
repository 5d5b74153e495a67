package strconvlite

import (
	"errors"
	"unicode/utf8"
)

// ErrSyntax is the error of Unquote and QuotedPrefix for text that is not
// one double-quoted string.
var ErrSyntax = errors.New("strconvlite: invalid syntax")

const hex = "0123456789abcdef"

// Quote returns s double-quoted, with the characters described in the
// package documentation escaped.
func Quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, '\\', 'x', hex[s[i]>>4], hex[s[i]&15])
			i++
			continue
		}
		i += size
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20 || r == 0x7f:
			b = append(b, '\\', 'x', hex[r>>4], hex[r&15])
		case hidden(r):
			b = append(b, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(append(b, '"'))
}

// hidden reports the runes Quote escapes above ASCII: C1 controls, the
// Arabic letter mark, zero-width characters, bidi marks, embeddings,
// overrides and isolates, the line and paragraph separators, word joiner
// and invisible operators, and the BOM.
func hidden(r rune) bool {
	switch {
	case 0x80 <= r && r <= 0x9f, r == 0xad, r == 0x61c, r == 0x180e:
		return true
	case 0x200b <= r && r <= 0x200f, 0x2028 <= r && r <= 0x202e, 0x2060 <= r && r <= 0x206f:
		return true
	case r == 0xfeff, 0xfff9 <= r && r <= 0xfffb:
		return true
	}
	return false
}

// QuotedPrefix returns the double-quoted string at the start of s.
func QuotedPrefix(s string) (string, error) {
	if len(s) == 0 || s[0] != '"' {
		return "", ErrSyntax
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '\n':
			return "", ErrSyntax
		case '"':
			if _, err := Unquote(s[:i+1]); err != nil {
				return "", err
			}
			return s[:i+1], nil
		}
	}
	return "", ErrSyntax
}

// Unquote returns the string that the double-quoted s stands for, with
// the escapes of Go's double-quoted strings: \a \b \f \n \r \t \v \\ \"
// \xHH \uHHHH \UHHHHHHHH and octal \OOO.
func Unquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", ErrSyntax
	}
	s = s[1 : len(s)-1]
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '"' || c == '\n' {
			return "", ErrSyntax
		}
		if c != '\\' {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, r) // as strconv.Unquote: a raw invalid byte reads as U+FFFD
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		if i+1 >= len(s) {
			return "", ErrSyntax
		}
		e := s[i+1]
		i += 2
		if c, ok := simpleEscape(e); ok {
			b = append(b, c)
			continue
		}
		switch e {
		case 'x', 'u', 'U':
			n := 2
			if e == 'u' {
				n = 4
			} else if e == 'U' {
				n = 8
			}
			v, ok := digits(s, i, n, 16)
			if !ok {
				return "", ErrSyntax
			}
			i += n
			if e == 'x' {
				b = append(b, byte(v))
				break
			}
			if !utf8.ValidRune(rune(v)) {
				return "", ErrSyntax
			}
			b = utf8.AppendRune(b, rune(v))
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v, ok := digits(s, i-1, 3, 8)
			if !ok || v > 255 {
				return "", ErrSyntax
			}
			i += 2
			b = append(b, byte(v))
		default:
			return "", ErrSyntax
		}
	}
	return string(b), nil
}

// escapes pairs each one-letter escape of a double-quoted string with
// the byte it stands for.
const escapes = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\""

// simpleEscape is the byte the one-letter escape \e stands for.
func simpleEscape(e byte) (byte, bool) {
	for i := 0; i < len(escapes); i += 2 {
		if escapes[i] == e {
			return escapes[i+1], true
		}
	}
	return 0, false
}

// digits reads n digits of base (8 or 16) at s[i:].
func digits(s string, i, n int, base uint32) (uint32, bool) {
	if i+n > len(s) {
		return 0, false
	}
	var v uint32
	for _, c := range []byte(s[i : i+n]) {
		var d uint32
		switch {
		case '0' <= c && c <= '9':
			d = uint32(c - '0')
		case 'a' <= c && c <= 'f':
			d = uint32(c-'a') + 10
		case 'A' <= c && c <= 'F':
			d = uint32(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		v = v*base + d
	}
	return v, true
}
