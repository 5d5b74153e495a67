package server

import (
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
	"github.com/lcwasm/lcwasm/widget"
)

// Limits of what visitors post outside the chat channel (docs/server.md).
const (
	maxVisitorBody    = 16 << 10 // bytes of a posted offline message or rating (413 beyond)
	maxRatingComment  = 1000     // characters of a rating's comment (400 beyond)
	offlineListLength = 200      // offline messages the console page lists
)

// visitorDesk serves what visitors leave outside a conversation: offline
// messages (POST …/offline-messages, listed for agents at
// /agent/offline-messages) and post-chat ratings (POST …/rating).
type visitorDesk struct {
	live   *admin.Live
	store  *store.Store
	auth   *agent.Auth
	hub    *chat.Hub // makes an attachment a message of its conversation
	logger *slog.Logger
	now    func() time.Time
}

// visitorError answers status with {"error": msg, "code": code}.
func visitorError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": "server: " + msg, "code": code})
}

// readVisitorJSON reads r's JSON body of at most maxVisitorBody bytes into
// v for the widget in the path; false when it answered an error: 404 an
// unknown widget, 403 a page origin the widget does not allow, 413 too
// big, 400 not JSON.
func (d *visitorDesk) readVisitorJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "no-store")
	cw, ok := d.live.Chat(r.PathValue("appId"))
	if !ok {
		visitorError(w, http.StatusNotFound, "unknown_widget", "unknown widget "+r.PathValue("appId"))
		return false
	}
	if !chat.OriginAllowed(r, cw.AllowedOrigins) {
		visitorError(w, http.StatusForbidden, "origin", "the page's origin "+r.Header.Get("Origin")+" is not in the widget's allowedOrigins")
		return false
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxVisitorBody+1))
	if err != nil {
		visitorError(w, http.StatusBadRequest, "bad_body", "cannot read the body")
		return false
	}
	if len(b) > maxVisitorBody {
		visitorError(w, http.StatusRequestEntityTooLarge, "too_big", "the body is over 16 KiB")
		return false
	}
	if err := json.Unmarshal(b, v); err != nil {
		visitorError(w, http.StatusBadRequest, "bad_json", "the body is not the JSON object expected: "+err.Error())
		return false
	}
	return true
}

// serveOffline is POST /api/v1/widgets/{appId}/offline-messages:
// {name, email, message, pageUrl} checked with the widget's own rules
// (the same code the form runs), stored, 201 {"id"}. 400 "invalid" names
// the fields to fix; 507 "full" when the widget has
// store.MaxOfflineMessages.
func (d *visitorDesk) serveOffline(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name, Email, Message, PageURL string
	}
	if !d.readVisitorJSON(w, r, &in) {
		return
	}
	values := map[string]string{"name": in.Name, "email": in.Email, "message": in.Message}
	if p := (widget.Language{}).ValidatePrechat(widget.Language{}.OfflineFields(), values); len(p) > 0 {
		var fields []string
		for k, v := range p {
			fields = append(fields, k+": "+v)
		}
		visitorError(w, http.StatusBadRequest, "invalid", strings.Join(fields, "; "))
		return
	}
	if len(in.PageURL) > 2048 {
		in.PageURL = in.PageURL[:2048]
	}
	id, err := d.store.AddOfflineMessage(r.Context(), store.OfflineMessage{AppID: r.PathValue("appId"),
		Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email), Text: strings.TrimSpace(in.Message), PageURL: in.PageURL}, d.now())
	switch {
	case errors.Is(err, store.ErrFull):
		visitorError(w, http.StatusInsufficientStorage, "full", err.Error())
		return
	case err != nil:
		d.logger.Error("server: storing an offline message", "err", err)
		visitorError(w, http.StatusServiceUnavailable, "unavailable", "the message could not be stored")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"id": id})
}

// serveRating is POST /api/v1/widgets/{appId}/conversations/{id}/rating:
// {token, rating: 1 | -1, comment}, the visitor's post-chat rating of an
// ended conversation, authorized by the conversation's token; 204. 403
// "token" for a wrong token or unknown conversation, 409 "not_ended"
// while it runs, 400 "invalid" for another rating or a comment over 1,000
// characters.
func (d *visitorDesk) serveRating(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token   string
		Rating  int
		Comment string
	}
	if !d.readVisitorJSON(w, r, &in) {
		return
	}
	if in.Rating != 1 && in.Rating != -1 {
		visitorError(w, http.StatusBadRequest, "invalid", "rating: want 1 (thumbs up) or -1 (thumbs down)")
		return
	}
	if n := utf8.RuneCountInString(in.Comment); n > maxRatingComment || !utf8.ValidString(in.Comment) {
		visitorError(w, http.StatusBadRequest, "invalid", "comment: want valid text of at most 1000 characters")
		return
	}
	conv, err := d.store.Authorize(r.Context(), r.PathValue("id"), in.Token)
	if err != nil || conv.AppID != r.PathValue("appId") {
		visitorError(w, http.StatusForbidden, "token", "no such conversation, or not its token")
		return
	}
	if conv.State != "ended" {
		visitorError(w, http.StatusConflict, "not_ended", "the conversation has not ended")
		return
	}
	now := d.now()
	first, err := d.store.Rate(r.Context(), conv.ID, store.Rating{Rating: in.Rating, Comment: strings.TrimSpace(in.Comment), At: now})
	if err != nil {
		d.logger.Error("server: storing a rating", "err", err)
		visitorError(w, http.StatusServiceUnavailable, "unavailable", "the rating could not be stored")
		return
	}
	if first { // the funnel's "rated", once per conversation (store.CountRated)
		if err := d.store.CountRated(r.Context(), conv.ID, now); err != nil {
			d.logger.Warn("server: counting a rating for the funnel", "err", err)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// servePostPreflight answers the CORS preflight of the visitor POSTs.
func servePostPreflight(w http.ResponseWriter, _ *http.Request) {
	hdr := w.Header()
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
	hdr.Set("Access-Control-Allow-Headers", "Content-Type")
	hdr.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

var offlinePage = template.Must(template.New("offline").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Offline messages · lcwasm agent console</title>
<link rel="stylesheet" href="/agent/static/console.css"></head>
<body>
<main id="offline-messages">
<h1>Offline messages</h1>
<p><a href="/agent">Back to the console</a></p>
{{if not .}}<p id="offline-none">No visitor has left a message.</p>{{end}}
{{range .}}<article class="offline-message">
<h2><bdi>{{.Name}}</bdi> · <a href="mailto:{{.Email}}"><bdi>{{.Email}}</bdi></a></h2>
<p><time datetime="{{.Created.UTC.Format "2006-01-02T15:04:05Z"}}">{{.Created.UTC.Format "2006-01-02 15:04 UTC"}}</time> · widget <code>{{.AppID}}</code>{{if .PageURL}} · from <bdi>{{.PageURL}}</bdi>{{end}}</p>
<pre dir="auto" class="offline-text">{{.Text}}</pre>
</article>{{end}}
</main>
</body>
</html>`))

// serveOfflineList is GET /agent/offline-messages: the newest offline
// messages for a signed-in agent; others go to the sign-in page.
func (d *visitorDesk) serveOfflineList(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := d.auth.Session(r); !ok {
		http.Redirect(w, r, "/agent", http.StatusSeeOther)
		return
	}
	list, err := d.store.OfflineMessages(r.Context(), offlineListLength)
	if err != nil {
		d.logger.Error("server: listing offline messages", "err", err)
		http.Error(w, "server: the offline messages cannot be read now", http.StatusServiceUnavailable)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	offlinePage.Execute(w, list)
}

// mountVisitorDesk registers the visitor desk's routes.
func mountVisitorDesk(mux *http.ServeMux, d *visitorDesk) {
	mux.HandleFunc("POST /api/v1/widgets/{appId}/offline-messages", d.serveOffline)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/offline-messages", servePostPreflight)
	mux.HandleFunc("POST /api/v1/widgets/{appId}/conversations/{id}/rating", d.serveRating)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/conversations/{id}/rating", servePostPreflight)
	mux.HandleFunc("GET /agent/offline-messages", d.serveOfflineList)
	mux.HandleFunc("POST /api/v1/widgets/{appId}/conversations/{id}/attachments", d.serveAttach)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/conversations/{id}/attachments", serveAttachPreflight)
	mux.HandleFunc("GET /api/v1/widgets/{appId}/conversations/{id}/attachments/{aid}", d.serveVisitorAttachment)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/conversations/{id}/attachments/{aid}", serveAttachPreflight)
	mux.HandleFunc("GET /agent/attachments/{id}/{aid}", d.serveAgentAttachment)
	mux.HandleFunc("POST /agent/attachments/{id}", d.serveAgentAttach)
}
