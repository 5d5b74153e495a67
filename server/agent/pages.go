package agent

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
)

// ConsoleCSP is the Content-Security-Policy of the agent pages: no inline
// script or style, nothing from elsewhere, no framing, and Trusted Types
// enforced with no policy allowed, so visitor text can never reach an HTML
// or script sink.
const ConsoleCSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
	"img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; " +
	"require-trusted-types-for 'script'; trusted-types 'none'"

//go:embed static
var static embed.FS

var loginTemplate = template.Must(template.ParseFS(static, "static/login.html"))

func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", ConsoleCSP)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
}

// LoginPage renders the sign-in form with an optional error; signed in,
// it goes on to r's next page (see nextPage).
func (a *Auth) LoginPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	pageHeaders(w)
	w.WriteHeader(status)
	next := nextPage(r)
	loginTemplate.Execute(w, struct {
		Error, Next string
		Admin       bool
	}{msg, next, next == "/admin"})
}

// ServeConsole handles GET /agent: the console when signed in, else the
// sign-in form.
func (a *Auth) ServeConsole(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := a.Session(r); !ok {
		a.LoginPage(w, r, http.StatusOK, "")
		return
	}
	page, err := static.ReadFile("static/console.html")
	if err != nil {
		http.Error(w, "server: console missing", http.StatusInternalServerError)
		return
	}
	pageHeaders(w)
	w.Write(page)
}

// Static serves the console's script and style sheet (mount under
// /agent/static/).
func Static() http.Handler {
	sub, _ := fs.Sub(static, "static")
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}
