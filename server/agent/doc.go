// Package agent signs agents in to the console (and admins to the site
// owner's console at /admin, package admin): accounts with bcrypt
// password hashes, sessions kept (hashed) in the store behind an HttpOnly,
// SameSite=Strict cookie (Secure over TLS or behind a proxy that says
// https), and a CSRF token per session for state-changing requests.
// A session ends [SessionTTL] after sign-in or [SessionIdle] after its
// last use, and at sign-out, which deletes it from the store. Sign-in and
// sign-out refuse cross-site requests (Origin, Sec-Fetch-Site).
//
// Sign-in limits: each attempt is counted before its password is checked
// (a right password gives it back), at most [MaxAddressFailures] per
// client address (IPv6: per /64) and [MaxAccountFailures] per user name,
// whatever the address, in [FailureWindow]; past either the answer is 429 with
// Retry-After (seconds until the oldest counted attempt leaves the
// window), even for the right password. An attempt that brings a valid
// device cookie ([DeviceCookieName]) for its user name is counted against
// that cookie ([MaxDeviceFailures]) instead of the user name, so a flood
// of someone's user name does not lock out the browsers they signed in
// from (see device.go). At most [BcryptConcurrency]
// bcrypt checks run at once over all clients; an attempt that found no
// free slot in [BcryptWait] is refused with 503 and Retry-After: 5, and
// not counted. An unknown user name is checked against a hash of the
// highest bcrypt cost among the accounts, so it takes as long as a wrong
// password. Forms larger than [MaxFormBytes] are refused with 413.
//
// Routes served by [Auth] (registered by package server):
//
//	GET  /agent           the console when signed in, else the sign-in page
//	POST /agent/login     form user, password[, next=/admin] → 303 /agent (or /admin) with the cookie (path /)
//	                      and a new device cookie (path /agent/login);
//	                      401 page when wrong; 429 after too many attempts (address, account or device cookie); 503 when
//	                      sign-ins are busy or the store cannot be written; 413 form too large; 403 cross-site
//	POST /agent/logout    form or X-CSRF-Token header csrf → 303 /agent, session deleted (the device cookie kept)
//	GET  /agent/session   JSON {"user", "name", "csrf"} for the console's script; 401 when signed out
//	GET  /agent/static/*  the console's script, style sheet
package agent
