// Package strconvlite is the part of strconv the wasm bundle needs without
// what strconv's quoting costs: double-quoted strings in Go syntax for
// names in error messages and the funnel's lines in sessionStorage, and
// decimal integers.
//
// strconv.Quote escapes every non-printable rune, which needs the unicode
// tables, and strconv.Atoi's *NumError quotes its input in its Error
// method, so either one links all of strconv's quoting: about 30 KB of
// raw wasm and its tables (docs/performance.md).
//
// [Quote] escapes what can hurt in a message or a line: the quote and the
// backslash, control characters (C0, DEL, C1), invalid UTF-8, the line and
// paragraph separators, and the invisible characters that reorder or hide
// text (bidi controls, zero-width characters, the BOM); every other
// character is written as it is, so names in any script stay readable.
// Its output is valid Go syntax: strconv.Unquote reads it back. [Unquote]
// and [QuotedPrefix] read everything strconv.Quote writes too, so lines
// stored by an earlier release are still understood. [Atoi] reads a
// decimal int as strconv.Atoi does and says only whether it could.
package strconvlite
