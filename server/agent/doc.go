// Package agent signs agents in to the console (and admins to the site
// owner's console at /admin, package admin): accounts with bcrypt
// password hashes, sessions kept (hashed) in the store behind an HttpOnly,
// SameSite=Strict cookie (Secure over TLS or behind a proxy that says
// https), and a CSRF token per session for state-changing requests.
// A session ends [SessionTTL] after sign-in or [SessionIdle] after its
// last use, and at sign-out, which deletes it from the store. Sign-in and
// sign-out refuse cross-site requests (Origin, Sec-Fetch-Site).
//
// Routes served by [Auth] (registered by package server):
//
//	GET  /agent           the console when signed in, else the sign-in page
//	POST /agent/login     form user, password[, next=/admin] → 303 /agent (or /admin) with the cookie (path /); 401 page when wrong;
//	                      429 after too many failures from one address; 403 cross-site
//	POST /agent/logout    form or X-CSRF-Token header csrf → 303 /agent, session deleted
//	GET  /agent/session   JSON {"user", "name", "csrf"} for the console's script; 401 when signed out
//	GET  /agent/static/*  the console's script, style sheet
package agent
