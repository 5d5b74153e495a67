package strconvlite_test

import (
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

var samples = []string{
	"", "pricing", `say "hi"`, `back\slash`, "line\nbreak\r\t", "\x00\x1f\x7f",
	"héllo wörld", "مرحبا", "שלום", "日本語", "emoji 👍", "\xff\xfe broken",
	"\u202eevil\u202c", "zero\u200bwidth", "\ufeffbom", "sep\u2028\u2029", "\u0085c1", "soft\u00adhyphen",
}

// TestQuote: Quote's output is Go syntax that strconv reads back, escapes
// what hides or breaks text, and leaves other scripts readable.
func TestQuote(t *testing.T) {
	for _, s := range samples {
		q := strconvlite.Quote(s)
		back, err := strconv.Unquote(q)
		if err != nil || back != s {
			t.Errorf("strconv.Unquote(Quote(%q)) = %q, %v", s, back, err)
		}
		for _, r := range q {
			if r < 0x20 || r == 0x7f || (0x80 <= r && r <= 0x9f) || (0x200b <= r && r <= 0x200f) ||
				(0x2028 <= r && r <= 0x202e) || r == 0xfeff || r == utf8.RuneError {
				t.Errorf("Quote(%q) = %s keeps %U", s, q, r)
			}
		}
	}
	for s, want := range map[string]string{
		"pricing": `"pricing"`, `a"b`: `"a\"b"`, "مرحبا": `"مرحبا"`, "日本語 👍": `"日本語 👍"`,
		"\u202e": `"\u202e"`, "\x01": `"\x01"`, "\xff": `"\xff"`, "a\nb": `"a\nb"`,
	} {
		if got := strconvlite.Quote(s); got != want {
			t.Errorf("Quote(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestUnquoteReadsStrconv: what strconv.Quote wrote (lines of an earlier
// release) and what Quote writes read back the same.
func TestUnquoteReadsStrconv(t *testing.T) {
	for _, s := range samples {
		for _, q := range []string{strconv.Quote(s), strconv.QuoteToASCII(s), strconvlite.Quote(s)} {
			got, err := strconvlite.Unquote(q)
			if err != nil || got != s {
				t.Errorf("Unquote(%s) = %q, %v, want %q", q, got, err, s)
			}
			p, err := strconvlite.QuotedPrefix(q + ` "next"`)
			if err != nil || p != q {
				t.Errorf("QuotedPrefix(%s …) = %s, %v", q, p, err)
			}
		}
	}
	for _, q := range []string{`"\a\b\f\v\101\x41\u0041\U00000041"`} {
		want, _ := strconv.Unquote(q)
		if got, err := strconvlite.Unquote(q); err != nil || got != want {
			t.Errorf("Unquote(%s) = %q, %v, want %q", q, got, err, want)
		}
	}
}

// TestUnquoteRefuses: what is not one double-quoted string is an error.
func TestUnquoteRefuses(t *testing.T) {
	for _, q := range []string{``, `"`, `abc`, `"abc`, `abc"`, `"a"b"`, "\"a\nb\"", `"\q"`, `"\x4"`, `"\xzz"`,
		`"\ud800"`, `"\U00110000"`, `"\400"`, `"\'"`, `"\"`} {
		if got, err := strconvlite.Unquote(q); err == nil {
			t.Errorf("Unquote(%s) = %q, want an error", q, got)
		}
	}
	for _, s := range []string{``, `abc`, `"abc`, "\"a\nb\"", `"\q" x`} {
		if p, err := strconvlite.QuotedPrefix(s); err == nil {
			t.Errorf("QuotedPrefix(%s) = %s, want an error", s, p)
		}
	}
}

// FuzzRoundTrip: for any string, Quote is read back by both Unquotes, and
// Unquote agrees with strconv.Unquote wherever strconv accepts the text.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range samples {
		f.Add(s)
		f.Add(strconv.Quote(s))
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := strconvlite.Quote(s)
		if got, err := strconvlite.Unquote(q); err != nil || got != s {
			t.Fatalf("Unquote(Quote(%q)) = %q, %v", s, got, err)
		}
		if got, err := strconv.Unquote(q); err != nil || got != s {
			t.Fatalf("strconv.Unquote(Quote(%q)) = %q, %v", s, got, err)
		}
		if want, err := strconv.Unquote(s); err == nil && len(s) > 0 && s[0] == '"' {
			if got, err := strconvlite.Unquote(s); err != nil || got != want {
				t.Fatalf("Unquote(%s) = %q, %v, want %q as strconv", s, got, err, want)
			}
		}
	})
}
