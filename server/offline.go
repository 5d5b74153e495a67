package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"mime"
	"net/http"

	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

// The agents' side of offline messages: the console's list
// (GET /agent/offline-messages, the waiting ones, ?show=handled the
// handled) and marking one handled
// (POST /agent/api/offline-messages/{id}/handled). The visitors' side,
// POST …/offline-messages, is serveOffline in visitor.go.

// offlineListLength is how many offline messages the console page lists.
const offlineListLength = 200

// limitOffline names the per-address cap of offline messages in
// lcwasm_limit_refusals_total, beside chat.LimitSockets and
// chat.LimitStarts.
const limitOffline = "offline_per_hour"

// OfflinePerHour is how many offline messages one client address may
// leave on one widget an hour by default (Options.OfflinePerHour); more
// are refused with 429 "rate". A visitor leaves one, maybe a second to
// correct it; a script that posts in a loop is stopped at five, so it
// cannot bury the others under store.MaxOfflineMessages.
const OfflinePerHour = 5

// offlineView is an offline message as the console page shows it.
type offlineView struct {
	store.OfflineMessage
	HandledByName string
}

// offlineList is what the console page shows.
type offlineList struct {
	Handled  bool // the handled ones, not the waiting ones
	CSRF     string
	Messages []offlineView
	More     bool // there may be more than the page lists
	Length   int  // offlineListLength
}

var offlinePage = template.Must(template.New("offline").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Handled}}Handled offline messages{{else}}Offline messages{{end}} · lcwasm agent console</title>
<link rel="stylesheet" href="/agent/static/console.css">
<script src="/agent/static/offline.js" defer></script></head>
<body>
<main id="offline-messages" data-csrf="{{.CSRF}}" data-show="{{if .Handled}}handled{{else}}waiting{{end}}">
<h1 id="offline-title" tabindex="-1">Offline messages</h1>
<p><a href="/agent">Back to the console</a></p>
<nav aria-label="Which messages" class="offline-filter"><ul>
<li><a href="/agent/offline-messages" id="offline-show-waiting"{{if not .Handled}} aria-current="page"{{end}}>Waiting</a></li>
<li><a href="/agent/offline-messages?show=handled" id="offline-show-handled"{{if .Handled}} aria-current="page"{{end}}>Handled</a></li>
</ul></nav>
<p id="offline-status" role="status"></p>
<p id="offline-none"{{if .Messages}} hidden{{end}}>{{if .Handled}}No message has been marked handled.{{else}}No message waits for an agent.{{end}}</p>
{{if .More}}<p id="offline-more" class="muted">{{if .Handled}}The {{.Length}} most recently handled are shown.{{else}}The newest {{.Length}} are shown; mark some handled to see older ones.{{end}}</p>{{end}}
{{range .Messages}}<article class="offline-message" id="om-{{.ID}}" aria-labelledby="om-{{.ID}}-who">
<h2 id="om-{{.ID}}-who">{{if .Name}}<bdi>{{.Name}}</bdi>{{else}}A visitor{{end}}{{if .Email}} · <a href="mailto:{{.Email}}"><bdi>{{.Email}}</bdi></a>{{end}}</h2>
<p><time datetime="{{.Created.UTC.Format "2006-01-02T15:04:05Z"}}">{{.Created.UTC.Format "2006-01-02 15:04 UTC"}}</time> · widget <code>{{.AppID}}</code>{{if .PageURL}} · from <bdi>{{.PageURL}}</bdi>{{end}}</p>
{{if .Text}}<pre dir="auto" class="offline-text">{{.Text}}</pre>{{end}}
{{if .Answers}}<dl class="offline-answers">{{range .Answers}}<dt><bdi>{{.Label}}</bdi></dt><dd><bdi>{{.Value}}</bdi></dd>{{end}}</dl>{{end}}
{{if .Handled}}<p class="offline-handled">Handled by <bdi>{{.HandledByName}}</bdi> · <time datetime="{{.HandledAt.UTC.Format "2006-01-02T15:04:05Z"}}">{{.HandledAt.UTC.Format "2006-01-02 15:04 UTC"}}</time></p>{{end}}
<p><button type="button" class="offline-handle" id="om-{{.ID}}-mark" data-id="{{.ID}}" data-handled="{{not .Handled}}" aria-describedby="om-{{.ID}}-who">{{if .Handled}}Mark as waiting{{else}}Mark handled{{end}}</button></p>
</article>{{end}}
</main>
</body>
</html>`))

// serveOfflineList is GET /agent/offline-messages: the newest offline
// messages waiting for an agent (?show=handled: the most recently
// handled, with who handled them and when) for a signed-in agent; others go to the
// sign-in page. The page's script (offline.js) marks them.
func (d *visitorDesk) serveOfflineList(w http.ResponseWriter, r *http.Request) {
	_, csrf, ok := d.auth.Session(r)
	if !ok {
		http.Redirect(w, r, "/agent", http.StatusSeeOther)
		return
	}
	handled := r.URL.Query().Get("show") == "handled"
	list, err := d.store.OfflineMessages(r.Context(), store.OfflineQuery{Handled: handled, Limit: offlineListLength})
	if err != nil {
		d.logger.Error("server: listing offline messages", "err", err)
		http.Error(w, "server: the offline messages cannot be read now", http.StatusServiceUnavailable)
		return
	}
	page := offlineList{Handled: handled, CSRF: csrf, More: len(list) == offlineListLength, Length: offlineListLength}
	for _, m := range list {
		page.Messages = append(page.Messages, offlineView{OfflineMessage: m, HandledByName: d.auth.Name(m.HandledBy)})
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "+
		"frame-ancestors 'none'; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'")
	offlinePage.Execute(w, page)
}

// handledJSON is an offline message's handling as the API answers it;
// handledAt is Unix milliseconds, 0 while it waits.
type handledJSON struct {
	ID            string `json:"id"`
	Handled       bool   `json:"handled"`
	HandledBy     string `json:"handledBy"`
	HandledByName string `json:"handledByName"`
	HandledAt     int64  `json:"handledAt"`
}

// serveHandled is POST /agent/api/offline-messages/{id}/handled
// {"handled": true | false} for a signed-in agent, from our own pages,
// with the session's CSRF token in X-CSRF-Token and a JSON body (which
// no HTML form can send): the message is marked handled by the agent
// (false: waiting again). 200 handledJSON. 403 "origin" or "csrf", 401
// "session", 415 "json", 400 "bad_json", 404 "not_found".
func (d *visitorDesk) serveHandled(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	user, ok := d.agentChange(w, r)
	if !ok {
		return
	}
	var in struct {
		Handled *bool `json:"handled"`
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<10))
	if err == nil {
		err = json.Unmarshal(b, &in)
	}
	if err != nil || in.Handled == nil {
		visitorError(w, http.StatusBadRequest, "bad_json", `want {"handled": true} or {"handled": false}`)
		return
	}
	m, err := d.store.HandleOfflineMessage(r.Context(), r.PathValue("id"), user, *in.Handled, d.now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		visitorError(w, http.StatusNotFound, "not_found", "no such offline message (retention may have deleted it)")
		return
	case err != nil:
		d.logger.Error("server: marking an offline message", "err", err)
		visitorError(w, http.StatusServiceUnavailable, "unavailable", "the offline message could not be marked now")
		return
	}
	if d.hub != nil {
		d.hub.OfflineChanged() // the consoles' count, on every instance
	}
	out := handledJSON{ID: m.ID, Handled: m.Handled(), HandledBy: m.HandledBy}
	if m.Handled() {
		out.HandledByName, out.HandledAt = d.auth.Name(m.HandledBy), m.HandledAt.UnixMilli()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// agentChange lets through a state change of a signed-in agent:
// agentRequest's checks and a JSON body. Otherwise it answers the error
// and says false.
func (d *visitorDesk) agentChange(w http.ResponseWriter, r *http.Request) (user string, ok bool) {
	if user, ok = d.agentRequest(w, r); !ok {
		return "", false
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		visitorError(w, http.StatusUnsupportedMediaType, "json", "send application/json")
		return "", false
	}
	return user, true
}

// agentRequest lets through a request of a signed-in agent from our own
// pages, with the session's CSRF token in X-CSRF-Token (403 "origin" or
// "csrf", 401 "session"). Otherwise it answers the error and says false.
func (d *visitorDesk) agentRequest(w http.ResponseWriter, r *http.Request) (user string, ok bool) {
	if !agent.SameOrigin(r) {
		visitorError(w, http.StatusForbidden, "origin", "cross-site request refused")
		return "", false
	}
	user, csrf, ok := d.auth.Session(r)
	switch {
	case !ok:
		visitorError(w, http.StatusUnauthorized, "session", "sign in first")
		return "", false
	case subtle.ConstantTimeCompare([]byte(r.Header.Get("X-CSRF-Token")), []byte(csrf)) != 1:
		visitorError(w, http.StatusForbidden, "csrf", "missing or wrong CSRF token")
		return "", false
	}
	return user, true
}
