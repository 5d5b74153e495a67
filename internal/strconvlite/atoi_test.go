package strconvlite_test

import (
	"strconv"
	"testing"

	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// TestAtoi agrees with strconv.Atoi on what it accepts and refuses.
func TestAtoi(t *testing.T) {
	for _, s := range []string{"0", "7", "-7", "+7", "007", "", "-", "+", "1_000", " 1", "1 ", "0x10", "12a",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"18446744073709551616", "99999999999999999999999"} {
		want, err := strconv.Atoi(s)
		got, ok := strconvlite.Atoi(s)
		if ok != (err == nil) || ok && got != want {
			t.Errorf("Atoi(%q) = %d, %v; strconv says %d, %v", s, got, ok, want, err)
		}
	}
}

// FuzzAtoi: the same answer as strconv.Atoi for any text.
func FuzzAtoi(f *testing.F) {
	for _, s := range []string{"0", "-12", "+3", "9223372036854775807", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := strconv.Atoi(s)
		got, ok := strconvlite.Atoi(s)
		if ok != (err == nil) || ok && got != want {
			t.Fatalf("Atoi(%q) = %d, %v; strconv says %d, %v", s, got, ok, want, err)
		}
	})
}
