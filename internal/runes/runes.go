package runes

// Prefix keeps the first n characters of s (all of s when it has fewer).
func Prefix(s string, n int) string {
	i := 0
	for at := range s {
		if i == n {
			return s[:at]
		}
		i++
	}
	return s
}
