package agent

import "net/http"

// IsAdmin reports whether user's account has the admin role.
func (a *Auth) IsAdmin(user string) bool {
	acc, ok := a.accounts[user]
	return ok && acc.Role == RoleAdmin
}

// IsSupervisor reports whether user's account has the supervisor flag.
func (a *Auth) IsSupervisor(user string) bool {
	acc, ok := a.accounts[user]
	return ok && acc.Supervisor
}

// SameOrigin reports whether r comes from a page of this server (Origin
// and Sec-Fetch-Site), as sign-in and sign-out require; the site owner's
// console asks the same of every change.
func SameOrigin(r *http.Request) bool { return sameOrigin(r) }

// nextPage is where a sign-in goes on to: the form's "next" when it is
// the site owner's console, else the agent console. Nothing else is
// accepted, so the form cannot be made to redirect elsewhere.
func nextPage(r *http.Request) string {
	if r.Method == http.MethodPost && r.PostFormValue("next") == "/admin" {
		return "/admin"
	}
	if r.Method == http.MethodGet && (r.URL.Path == "/admin" || r.URL.Path == "/admin/") {
		return "/admin"
	}
	return "/agent"
}
