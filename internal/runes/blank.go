package runes

import "unicode"

// Blank reports whether s shows nothing: it is empty or made only of white
// space (unicode.IsSpace) and characters that have no glyph of their own —
// format characters (Unicode category Cf: U+200B zero width space, U+200C
// and U+200D joiners, U+2060 word joiner, U+FEFF, U+00AD soft hyphen, the
// bidirectional marks), variation selectors, U+034F combining grapheme
// joiner, and the blank letters U+115F, U+1160, U+3164, U+FFA0 (Hangul
// fillers) and U+2800 (braille blank).
func Blank(s string) bool {
	for _, r := range s {
		if !invisible(r) {
			return false
		}
	}
	return true
}

func invisible(r rune) bool {
	switch {
	case unicode.IsSpace(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
		return true
	}
	switch r {
	case 0x034F, 0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0:
		return true
	}
	return false
}
