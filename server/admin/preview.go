package admin

import (
	"html/template"
	"net/http"
	"regexp"
)

// PreviewCSP is the policy of the invitation preview (GET /admin/preview):
// the widget's own strict policy (Trusted Types with no policy, no inline
// script or style; 'wasm-unsafe-eval' for its WebAssembly), framed only by
// the console, and sandboxed: the page runs in an opaque origin, so
// nothing it runs can read the console's cookies, storage or DOM.
const PreviewCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; " +
	"img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; " +
	"require-trusted-types-for 'script'; trusted-types 'none'; sandbox allow-scripts"

// What the preview accepts for the script tag's colour and font
// attributes; the widget checks them again as it does on any page.
var (
	previewColor = regexp.MustCompile(`^(#[0-9A-Fa-f]{3,8}|[A-Za-z]{1,30})$`)
	previewFont  = regexp.MustCompile(`^[A-Za-z0-9 ,'"-]{1,100}$`)
)

// previewPage boots the real bundle (/lcw/lcw.js) as a site page would.
// preview.js runs first: it puts the configuration from the fragment in
// the inline configuration block the loader reads, with chat and
// reporting off, so the preview contacts no chat service.
var previewPage = template.Must(template.New("preview").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Invitation preview</title>
<script src="/admin/preview.js"></script>
<script id="Microsoft_Omnichannel_LCWidget" src="/lcw/lcw.js" data-app-id="{{.App}}" data-org-id="preview"{{if .Color}} data-color-override="{{.Color}}"{{end}}{{if .Font}} data-font-family-override="{{.Font}}"{{end}}></script>
</head>
<body>
<main><h1>Your page</h1><p>The invitation appears at the bottom of the page, as on your site.</p></main>
</body>
</html>
`))

// preview handles GET /admin/preview?app=&color=&font=: the page the
// console frames to show the invitation drawn by the real widget bundle
// with the configuration being edited (in the URL's fragment, never sent
// to the server).
func (c *Console) preview(w http.ResponseWriter, r *http.Request, _ string) {
	q := r.URL.Query()
	data := struct{ App, Color, Font string }{App: "preview", Color: q.Get("color"), Font: q.Get("font")}
	if appIDPattern.MatchString(q.Get("app")) {
		data.App = q.Get("app")
	}
	if !previewColor.MatchString(data.Color) {
		data.Color = ""
	}
	if !previewFont.MatchString(data.Font) {
		data.Font = ""
	}
	h := w.Header()
	h.Set("Content-Security-Policy", PreviewCSP)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	previewPage.Execute(w, data)
}

// previewScript handles GET /admin/preview.js. The sandboxed preview asks
// for it from an opaque origin, which sends no cookie: it is the one file
// of /admin served without a session (static code, no data).
func previewScript(w http.ResponseWriter, _ *http.Request) {
	b, _ := static.ReadFile("static/preview.js")
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}
