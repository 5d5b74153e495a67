package widget

import "strings"

// Segment is a run of a message's text: plain text, or a link whose
// address is the text itself.
type Segment struct {
	Text string
	Link bool // Text is an http, https or mailto address
}

// linkSchemes are the only addresses made links, lower case: a message
// can never make javascript:, data: or any other scheme clickable.
var linkSchemes = []string{"https://", "http://", "mailto:"}

// Linkify splits text into plain runs and the addresses in it, in order;
// joined, the segments are text again. An address starts with one of
// linkSchemes (in any case) at the start of the text or after a
// character that is not a letter or digit, and runs to the next space or
// one of < > " ` ; punctuation that ends a sentence (. , ; : ! ? ' and a
// closing bracket without its opening one) is left out of it. A scheme
// with nothing after it is text.
func Linkify(text string) []Segment {
	var out []Segment
	plain := 0
	for i := 0; i < len(text); {
		n := addressAt(text, i)
		if n == 0 {
			i++
			continue
		}
		if plain < i {
			out = append(out, Segment{Text: text[plain:i]})
		}
		out = append(out, Segment{Text: text[i : i+n], Link: true})
		i += n
		plain = i
	}
	if plain < len(text) {
		out = append(out, Segment{Text: text[plain:]})
	}
	return out
}

// addressAt is the length of the address at text[i:], 0 for none.
func addressAt(text string, i int) int {
	if i > 0 && isWordByte(text[i-1]) {
		return 0
	}
	scheme := ""
	for _, s := range linkSchemes {
		if len(text)-i >= len(s) && strings.EqualFold(text[i:i+len(s)], s) {
			scheme = s
			break
		}
	}
	if scheme == "" {
		return 0
	}
	end := i + len(scheme)
	for end < len(text) && !endsAddress(text[end]) && !endsAddressRune(text[end:]) {
		end++
	}
	end = trimTrailing(text, i+len(scheme), end)
	if end == i+len(scheme) {
		return 0
	}
	return end - i
}

// isWordByte: an address glued to a Latin letter or digit is part of a
// word ("xhttps://"); after other scripts (Japanese writes no spaces) it
// starts one.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// closers are the non-ASCII marks that end an address: closing quotes and
// brackets, and CJK sentence punctuation.
var closers = []string{"»", "”", "’", "」", "』", "）", "。", "、", "，", "\u00a0"}

func endsAddressRune(rest string) bool {
	if rest[0] < 0x80 {
		return false
	}
	for _, c := range closers {
		if strings.HasPrefix(rest, c) {
			return true
		}
	}
	return false
}

func endsAddress(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\r', '\f', '<', '>', '"', '`':
		return true
	}
	return false
}

// trimTrailing drops the sentence punctuation that ends text[from:end],
// and closing brackets that have no opening one inside it.
func trimTrailing(text string, from, end int) int {
	for end > from {
		switch c := text[end-1]; c {
		case '.', ',', ';', ':', '!', '?', '\'', '*':
			end--
			continue
		case ')', ']', '}':
			open := map[byte]byte{')': '(', ']': '[', '}': '{'}[c]
			if strings.Count(text[from:end], string(open)) < strings.Count(text[from:end], string(c)) {
				end--
				continue
			}
		}
		break
	}
	return end
}
