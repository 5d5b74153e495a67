package agent

import "time"

// SetClock replaces a's clock, for tests of session expiry.
func SetClock(a *Auth, now func() time.Time) { a.now = now }
