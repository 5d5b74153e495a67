package runes_test

import (
	"testing"

	"github.com/lcwasm/lcwasm/internal/runes"
)

func TestPrefix(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 0, ""},
		{"abc", 2, "ab"},
		{"abc", 3, "abc"},
		{"abc", 9, "abc"},
		{"héllo", 2, "hé"},
		{"日本語", 1, "日"},
	}
	for _, tt := range tests {
		if got := runes.Prefix(tt.s, tt.n); got != tt.want {
			t.Errorf("Prefix(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestBlank(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", true},
		{" \t\n\u00a0\u3000", true},
		{"\u200b", true},
		{"\u200b\u200c\u200d\u2060\ufeff", true},
		{"\u00ad\u200e\u200f\u202a\u202e\u2066", true},
		{" \u200b \ufe0f ", true},
		{"\u3164\u115f\u1160\uffa0\u2800\u034f", true},
		{"a", false},
		{"\u200bhi\u200b", false},
		{"👍", false},
		{"\u200d👍", false},
		{"0", false},
	}
	for _, tt := range tests {
		if got := runes.Blank(tt.s); got != tt.want {
			t.Errorf("Blank(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
