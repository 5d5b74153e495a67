package instant

// Time is an instant: nanoseconds since 1970-01-01 00:00:00 UTC, which
// reaches from 1677 to 2262. The zero
// Time means "no time" ([Time.IsZero]); the epoch itself is never a
// reading of the clock.
type Time int64

// Duration is an interval in nanoseconds, as time.Duration.
type Duration int64

// Units of Duration.
const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

// Unix is the instant sec seconds and nsec nanoseconds after the epoch.
func Unix(sec, nsec int64) Time { return Time(sec*int64(Second) + nsec) }

// UnixMilli is the instant ms milliseconds after the epoch.
func UnixMilli(ms int64) Time { return Time(ms * int64(Millisecond)) }

// From converts a time.Time (or anything with its two methods) without
// importing time: the zero time.Time becomes the zero Time.
func From(t interface {
	IsZero() bool
	UnixNano() int64
}) Time {
	if t.IsZero() {
		return 0
	}
	return Time(t.UnixNano())
}

// IsZero reports whether t is the zero Time ("no time").
func (t Time) IsZero() bool { return t == 0 }

// UnixNano is t in nanoseconds since the epoch (time.Unix(0, n) on a host).
func (t Time) UnixNano() int64 { return int64(t) }

// UnixMilli is t in whole milliseconds since the epoch, rounded down.
func (t Time) UnixMilli() int64 { return floorDiv(int64(t), int64(Millisecond)) }

// Unix is t in whole seconds since the epoch, rounded down.
func (t Time) Unix() int64 { return floorDiv(int64(t), int64(Second)) }

// Add is t+d.
func (t Time) Add(d Duration) Time { return t + Time(d) }

// Sub is t-u.
func (t Time) Sub(u Time) Duration { return Duration(t - u) }

// Before reports whether t is before u.
func (t Time) Before(u Time) bool { return t < u }

// After reports whether t is after u.
func (t Time) After(u Time) bool { return t > u }

// Equal reports whether t and u are the same instant.
func (t Time) Equal(u Time) bool { return t == u }

// Compare is -1, 0 or +1 as t is before, equal to or after u.
func (t Time) Compare(u Time) int {
	switch {
	case t < u:
		return -1
	case t > u:
		return 1
	}
	return 0
}

// Truncate rounds t down to a multiple of d since the epoch (d > 0).
func (t Time) Truncate(d Duration) Time {
	if d <= 0 {
		return t
	}
	return Time(floorDiv(int64(t), int64(d)) * int64(d))
}

// Milliseconds is d in whole milliseconds, towards zero.
func (d Duration) Milliseconds() int64 { return int64(d / Millisecond) }

// Seconds is d in seconds.
func (d Duration) Seconds() float64 { return float64(d) / float64(Second) }

// Minutes is d in minutes.
func (d Duration) Minutes() float64 { return float64(d) / float64(Minute) }

// Truncate rounds d towards zero to a multiple of m (m > 0).
func (d Duration) Truncate(m Duration) Duration {
	if m <= 0 {
		return d
	}
	return d - d%m
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// String formats d as time.Duration does ("1h2m3.5s", "250ms", "0s").
func (d Duration) String() string {
	if d == 0 {
		return "0s"
	}
	var b []byte
	u := uint64(d)
	if d < 0 {
		b = append(b, '-')
		u = -u
	}
	if u < uint64(Second) {
		switch {
		case u < uint64(Microsecond):
			return string(appendUint(b, u)) + "ns"
		case u < uint64(Millisecond):
			return string(appendFrac(b, u, 3)) + "µs"
		}
		return string(appendFrac(b, u, 6)) + "ms"
	}
	if h := u / uint64(Hour); h > 0 {
		b = append(appendUint(b, h), 'h')
	}
	if u >= uint64(Minute) {
		b = append(appendUint(b, u/uint64(Minute)%60), 'm')
	}
	return string(appendFrac(b, u%uint64(Minute), 9)) + "s"
}

// appendFrac appends v/10^prec with its trailing zeros cut.
func appendFrac(b []byte, v uint64, prec int) []byte {
	p := uint64(1)
	for range prec {
		p *= 10
	}
	b = appendUint(b, v/p)
	if f := v % p; f != 0 {
		digits := make([]byte, 0, prec)
		for range prec {
			p /= 10
			digits = append(digits, byte('0'+f/p%10))
		}
		for len(digits) > 0 && digits[len(digits)-1] == '0' {
			digits = digits[:len(digits)-1]
		}
		b = append(append(b, '.'), digits...)
	}
	return b
}

func appendUint(b []byte, v uint64) []byte {
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + v%10)
		if v /= 10; v == 0 {
			break
		}
	}
	return append(b, tmp[i:]...)
}
