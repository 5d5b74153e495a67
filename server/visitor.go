package server

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
	"github.com/lcwasm/lcwasm/widget"
)

// Limits of what visitors post outside the chat channel (docs/server.md).
const (
	maxVisitorBody   = 16 << 10 // bytes of a posted offline message or rating (413 beyond)
	maxRatingComment = 1000     // characters of a rating's comment (400 beyond)
)

// visitorDesk serves what visitors leave outside a conversation: offline
// messages (POST …/offline-messages, listed for agents at
// /agent/offline-messages) and post-chat ratings (POST …/rating).
type visitorDesk struct {
	live   *admin.Live
	store  *store.Store
	auth   *agent.Auth
	hub    *chat.Hub // told of each survey, for the agent, and of each offline message left or marked; makes an attachment a message; nil in tests without one
	logger *slog.Logger
	now    func() time.Time
	// offline counts the offline messages of each client address on
	// each widget (newOfflineLimit); refused is told of each refusal
	// (metrics.Metrics.Refused, limitOffline).
	offline *offlineLimit
	refused func(limit string)
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

// widgetConfig is appID's configuration as the widget decodes it, so
// that the server checks answers against the questions the visitor saw.
func (d *visitorDesk) widgetConfig(appID string) widget.Config {
	var cfg widget.Config
	if b, _, ok := d.live.Config(appID); ok {
		var tree any
		if json.Unmarshal(b, &tree) == nil {
			widget.DecodeConfig(&cfg, tree)
		}
	}
	return cfg
}

// checkAnswers returns what is wrong with values for fields ("" when
// nothing): an answer to no field, or what the widget's own rules say.
func checkAnswers(fields []widget.Field, values map[string]string) string {
	var bad []string
	for k := range values {
		if !slices.ContainsFunc(fields, func(f widget.Field) bool { return f.Name == k }) {
			bad = append(bad, "answers."+k+": not a question of the form")
		}
	}
	for k, v := range widget.ValidatePrechat(fields, values) {
		bad = append(bad, k+": "+v)
	}
	slices.Sort(bad)
	return strings.Join(bad, "; ")
}

// serveOffline is POST /api/v1/widgets/{appId}/offline-messages:
// {answers: {field name: value}, pageUrl} checked against the widget's
// offline.fields with the widget's own rules (the same code the form
// runs), stored, 201 {"id"}. {name, email, message} without answers is
// read as the default form's. 400 "invalid" names the fields to fix; 429
// "rate" (with Retry-After) past OfflinePerHour from the client's address
// on this widget (across the instances on a PostgreSQL store); 507 "full" when the widget has store.MaxOfflineMessages
// waiting for an agent.
func (d *visitorDesk) serveOffline(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name, Email, Message, PageURL string
		Answers                       map[string]string
	}
	if !d.readVisitorJSON(w, r, &in) {
		return
	}
	values := in.Answers
	if values == nil {
		values = map[string]string{"name": in.Name, "email": in.Email, "message": in.Message}
	}
	fields := widget.Language{}.OfflineFields(d.widgetConfig(r.PathValue("appId")).OfflineFields)
	if p := checkAnswers(fields, values); p != "" {
		visitorError(w, http.StatusBadRequest, "invalid", p)
		return
	}
	if ok, retry := d.offline.admit(r.Context(), r.PathValue("appId"), agent.AddrKey(clientAddr(r)), d.now()); !ok {
		d.refused(limitOffline)
		w.Header().Set("Retry-After", retryAfter(retry))
		visitorError(w, http.StatusTooManyRequests, wire.OfflineRate,
			"too many messages from this address; at most "+strconv.Itoa(d.offline.limit)+" an hour")
		return
	}
	if len(in.PageURL) > 2048 {
		in.PageURL = in.PageURL[:2048]
	}
	m := store.OfflineMessage{AppID: r.PathValue("appId"), PageURL: in.PageURL}
	for _, a := range widget.Answers(fields, values) {
		switch a.Name { // the default form's fields have columns of their own
		case "name":
			m.Name = a.Value
		case "email":
			m.Email = a.Value
		case "message":
			m.Text = a.Value
		default:
			m.Answers = append(m.Answers, store.Answer{Name: a.Name, Label: a.Label, Value: a.Value})
		}
	}
	id, err := d.store.AddOfflineMessage(r.Context(), m, d.now())
	switch {
	case errors.Is(err, store.ErrFull):
		visitorError(w, http.StatusInsufficientStorage, wire.OfflineFull, err.Error())
		return
	case err != nil:
		d.logger.Error("server: storing an offline message", "err", err)
		visitorError(w, http.StatusServiceUnavailable, "unavailable", "the message could not be stored")
		return
	}
	if d.hub != nil {
		d.hub.OfflineChanged() // the consoles' count, on every instance
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"id": id})
}

// serveRating is POST /api/v1/widgets/{appId}/conversations/{id}/rating:
// {token, rating: 1 | -1 (0 when the survey asks none), comment,
// answers: {field name: value}}, the visitor's post-chat survey of an
// ended conversation (the widget's postChat), authorized by the
// conversation's token; 204, and the agent's console is sent it. 403
// "token" for a wrong token or unknown conversation, 409 "not_ended"
// while it runs, 400 "invalid" for a rating or comment the survey does
// not ask, a comment over 1,000 characters, or answers the survey's
// fields refuse.
func (d *visitorDesk) serveRating(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token   string
		Rating  int
		Comment string
		Answers map[string]string
	}
	if !d.readVisitorJSON(w, r, &in) {
		return
	}
	pc := d.widgetConfig(r.PathValue("appId")).PostChat
	if msg := checkSurvey(pc, in.Rating, in.Comment); msg != "" {
		visitorError(w, http.StatusBadRequest, "invalid", msg)
		return
	}
	if p := checkAnswers(pc.Fields, in.Answers); p != "" {
		visitorError(w, http.StatusBadRequest, "invalid", p)
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
	rating := store.Rating{Rating: in.Rating, Comment: strings.TrimSpace(in.Comment), At: now}
	for _, a := range widget.Answers(pc.Fields, in.Answers) {
		rating.Answers = append(rating.Answers, store.Answer{Name: a.Name, Label: a.Label, Value: a.Value})
	}
	first, err := d.store.Rate(r.Context(), conv.ID, rating)
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
	if d.hub != nil {
		d.hub.Surveyed(r.Context(), conv.ID)
	}
	w.WriteHeader(http.StatusNoContent)
}

// checkSurvey says what is wrong with a rating and comment for survey pc
// ("" when nothing).
func checkSurvey(pc widget.PostChat, rating int, comment string) string {
	switch {
	case !pc.Asks():
		return "the widget asks no post-chat survey (postChat.enabled is false)"
	case pc.NoRating && rating != 0:
		return "rating: want 0: the widget's survey asks no rating"
	case !pc.NoRating && rating != 1 && rating != -1:
		return "rating: want 1 (thumbs up) or -1 (thumbs down)"
	case pc.NoComment && strings.TrimSpace(comment) != "":
		return "comment: the widget's survey asks none"
	case utf8.RuneCountInString(comment) > maxRatingComment || !utf8.ValidString(comment):
		return "comment: want valid text of at most 1000 characters"
	}
	return ""
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

// mountVisitorDesk registers the visitor desk's routes.
func mountVisitorDesk(mux *http.ServeMux, d *visitorDesk) {
	mux.HandleFunc("POST /api/v1/widgets/{appId}/offline-messages", d.serveOffline)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/offline-messages", servePostPreflight)
	mux.HandleFunc("POST /api/v1/widgets/{appId}/conversations/{id}/rating", d.serveRating)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/conversations/{id}/rating", servePostPreflight)
	mux.HandleFunc("GET /agent/offline-messages", d.serveOfflineList)
	mux.HandleFunc("POST /agent/api/offline-messages/{id}/handled", d.serveHandled)
	mux.HandleFunc("POST /api/v1/widgets/{appId}/conversations/{id}/attachments", d.serveAttach)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/conversations/{id}/attachments", serveAttachPreflight)
	mux.HandleFunc("GET /api/v1/widgets/{appId}/conversations/{id}/attachments/{aid}", d.serveVisitorAttachment)
	mux.HandleFunc("OPTIONS /api/v1/widgets/{appId}/conversations/{id}/attachments/{aid}", serveAttachPreflight)
	mux.HandleFunc("GET /agent/attachments/{id}/{aid}", d.serveAgentAttachment)
	mux.HandleFunc("POST /agent/attachments/{id}", d.serveAgentAttach)
}
