package strconvlite

// Atoi reads s as a decimal int, with an optional sign, as strconv.Atoi
// does (no spaces, no underscores, no other base); ok is false when s is
// not one or does not fit in an int.
func Atoi(s string) (n int, ok bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	const maxInt = int(^uint(0) >> 1)
	var u uint
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint(c - '0')
		if u > (uint(maxInt)+1-d)/10 {
			return 0, false
		}
		u = u*10 + d
	}
	if !neg && u > uint(maxInt) {
		return 0, false
	}
	if neg {
		return -int(u), true // -(maxInt+1) wraps to itself, as it should
	}
	return int(u), true
}
