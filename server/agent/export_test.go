package agent

import "time"

// SetClock replaces a's clock, for tests of session expiry.
func SetClock(a *Auth, now func() time.Time) { a.now = now }

// WrapCompare wraps the password comparison of a, to count or time it.
func WrapCompare(a *Auth, wrap func(compare func(hash, password []byte) error) func(hash, password []byte) error) {
	a.checker.compare = wrap(a.checker.compare)
}

// SetBcryptWait replaces how long an attempt waits for a bcrypt slot
// (a loaded test machine under -race needs longer than BcryptWait).
func SetBcryptWait(a *Auth, d time.Duration) { a.checker.wait = d }
