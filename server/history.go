package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// Limits of the history's search parameters (docs/server.md).
const (
	// MaxHistoryQueryRunes is the longest q, in characters.
	MaxHistoryQueryRunes = 200
	// maxHistoryFilterBytes is the longest agent or rule.
	maxHistoryFilterBytes = 128
)

// historyDesk serves the agent console's history: the search of the
// conversations over, one of them read-only, and a live chat's
// returning visitor.
type historyDesk struct {
	store  *store.Store
	auth   *agent.Auth
	logger *slog.Logger
}

func mountHistory(mux *http.ServeMux, d *historyDesk) {
	mux.HandleFunc("GET /agent/api/history", d.signedIn(d.serveSearch))
	mux.HandleFunc("GET /agent/api/history/{id}", d.signedIn(d.serveConversation))
	mux.HandleFunc("GET /agent/api/conversations/{id}/earlier", d.signedIn(d.serveEarlier))
}

// signedIn lets a signed-in agent through (401 otherwise) and marks the
// answer private.
func (d *historyDesk) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if _, _, ok := d.auth.Session(r); !ok {
			visitorError(w, http.StatusUnauthorized, "signed_out", "sign in first")
			return
		}
		h(w, r)
	}
}

func writeHistoryJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// historyHit is a hit as the API shows it; times are Unix milliseconds.
type historyHit struct {
	Conversation string `json:"conversation"`
	AppID        string `json:"appId"`
	State        string `json:"state"`
	VisitorName  string `json:"visitorName"`
	Email        string `json:"email"`
	Sub          string `json:"sub"`
	Rule         string `json:"rule"`
	Agent        string `json:"agent"`
	AgentName    string `json:"agentName"`
	StartedAt    int64  `json:"startedAt"`
	EndedAt      int64  `json:"endedAt"`
	Messages     int    `json:"messages"`
	Snippet      string `json:"snippet"`
}

func (d *historyDesk) hits(hs []store.HistoryHit) []historyHit {
	out := make([]historyHit, 0, len(hs))
	for _, h := range hs {
		name := h.Name
		if name == "" {
			name = "Visitor"
		}
		agentName := ""
		if h.Agent != "" {
			agentName = d.auth.Name(h.Agent)
		}
		out = append(out, historyHit{Conversation: h.Conversation, AppID: h.AppID, State: h.State, VisitorName: name,
			Email: h.Email, Sub: h.Sub, Rule: h.Rule, Agent: h.Agent, AgentName: agentName,
			StartedAt: h.Created.UnixMilli(), EndedAt: h.Ended.UnixMilli(), Messages: h.Messages, Snippet: h.Snippet})
	}
	return out
}

// historyParamError is a refused search parameter: its code and why.
type historyParamError struct{ code, msg string }

func (e *historyParamError) Error() string { return e.msg }

// parseHistoryQuery reads GET /agent/api/history's parameters.
func parseHistoryQuery(v url.Values) (store.HistoryQuery, error) {
	q := store.HistoryQuery{Text: v.Get("q"), Agent: v.Get("agent"), Rule: v.Get("rule"), Limit: store.MaxHistoryPage}
	if !utf8.ValidString(q.Text) || !utf8.ValidString(q.Agent) || !utf8.ValidString(q.Rule) {
		return q, &historyParamError{"bad_text", "q, agent and rule must be UTF-8"}
	}
	if utf8.RuneCountInString(q.Text) > MaxHistoryQueryRunes {
		return q, &historyParamError{"query_too_long", "q is longer than " + strconv.Itoa(MaxHistoryQueryRunes) + " characters"}
	}
	if len(q.Agent) > maxHistoryFilterBytes || len(q.Rule) > maxHistoryFilterBytes {
		return q, &historyParamError{"filter_too_long", "agent and rule are at most " + strconv.Itoa(maxHistoryFilterBytes) + " bytes"}
	}
	var err error
	if q.From, err = historyDate(v.Get("from"), false); err != nil {
		return q, err
	}
	if q.To, err = historyDate(v.Get("to"), true); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, &historyParamError{"bad_range", "from must be before to"}
	}
	if c := v.Get("cursor"); c != "" {
		if q.Before, err = strconv.ParseInt(c, 10, 64); err != nil || q.Before <= 0 {
			return q, &historyParamError{"bad_cursor", "cursor is the next of an earlier page"}
		}
	}
	if l := v.Get("limit"); l != "" {
		if q.Limit, err = strconv.Atoi(l); err != nil || q.Limit < 1 || q.Limit > store.MaxHistoryPage {
			return q, &historyParamError{"bad_limit", "limit is 1 to " + strconv.Itoa(store.MaxHistoryPage)}
		}
	}
	return q, nil
}

// historyDate reads from or to: RFC 3339, or a date (UTC midnight; a to
// date includes its day, so it ends at the next midnight).
func historyDate(s string, to bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, &historyParamError{"bad_date", "from and to are dates (2026-12-07) or RFC 3339 times"}
	}
	if to {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// serveSearch is GET /agent/api/history: {"hits": […], "next": cursor
// or ""}.
func (d *historyDesk) serveSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseHistoryQuery(r.URL.Query())
	if pe := (*historyParamError)(nil); errors.As(err, &pe) {
		visitorError(w, http.StatusBadRequest, pe.code, pe.msg)
		return
	}
	hits, err := d.store.SearchHistory(r.Context(), q)
	if err != nil {
		d.unavailable(w, "searching the history", err)
		return
	}
	next := ""
	if len(hits) == q.Limit {
		next = strconv.FormatInt(hits[len(hits)-1].Cursor, 10)
	}
	writeHistoryJSON(w, map[string]any{"hits": d.hits(hits), "next": next})
}

func (d *historyDesk) unavailable(w http.ResponseWriter, doing string, err error) {
	d.logger.Error("server: "+doing, "err", err)
	visitorError(w, http.StatusServiceUnavailable, "unavailable", "the history cannot be read now")
}

type historyMessage struct {
	Seq        int64              `json:"seq"`
	From       string             `json:"from"`
	Name       string             `json:"name"`
	Text       string             `json:"text"`
	At         int64              `json:"at"`
	Attachment *historyAttachment `json:"attachment,omitempty"` // as the message frames spell it
}

type historyAttachment struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	Size int64  `json:"size"`
}

// historySurvey is the visitor's post-chat survey (store.Rate), as the
// survey frame spells it.
type historySurvey struct {
	Rating  int            `json:"rating"`
	Comment string         `json:"comment"`
	Answers []store.Answer `json:"answers"`
	At      int64          `json:"at"`
}

type historyNote struct {
	Seq  int64  `json:"seq"`
	Name string `json:"name"`
	Text string `json:"text"`
	At   int64  `json:"at"`
}

// serveConversation is GET /agent/api/history/{id}: a conversation over,
// with its transcript, details and internal notes; 404 for one that is
// unknown or not over.
func (d *historyDesk) serveConversation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := d.store.Get(ctx, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) || err == nil && c.State != store.Ended && c.State != store.Abandoned {
		visitorError(w, http.StatusNotFound, "not_in_history", "no such conversation in the history")
		return
	}
	if err != nil {
		d.unavailable(w, "reading a conversation of the history", err)
		return
	}
	msgs, err := d.store.Messages(ctx, c.ID, 0)
	if err != nil {
		d.unavailable(w, "reading a transcript of the history", err)
		return
	}
	notes, err := d.store.Notes(ctx, c.ID)
	if err != nil {
		d.unavailable(w, "reading notes of the history", err)
		return
	}
	out := struct {
		Conversation string           `json:"conversation"`
		AppID        string           `json:"appId"`
		State        string           `json:"state"`
		VisitorName  string           `json:"visitorName"`
		Agent        string           `json:"agent"`
		AgentName    string           `json:"agentName"`
		EndedBy      string           `json:"endedBy"`
		StartedAt    int64            `json:"startedAt"`
		EndedAt      int64            `json:"endedAt"`
		Details      any              `json:"details"`
		Messages     []historyMessage `json:"messages"`
		Notes        []historyNote    `json:"notes"`
		Survey       *historySurvey   `json:"survey"` // null when the visitor answered none
	}{Conversation: c.ID, AppID: c.AppID, State: c.State, Agent: c.Agent, EndedBy: c.EndedBy,
		StartedAt: c.Created.UnixMilli(), EndedAt: c.Ended.UnixMilli(), Messages: []historyMessage{}, Notes: []historyNote{}}
	out.VisitorName, out.Details = chat.StoredDetails(c.Context)
	if c.Agent != "" {
		out.AgentName = d.auth.Name(c.Agent)
	}
	for _, m := range msgs {
		hm := historyMessage{Seq: m.Seq, From: m.From, Name: m.Name, Text: m.Text, At: m.At.UnixMilli()}
		if a := m.Attachment; a.ID != "" {
			hm.Attachment = &historyAttachment{ID: a.ID, Name: m.Text, Type: a.Type, Size: a.Size}
		}
		out.Messages = append(out.Messages, hm)
	}
	if rt, ok, err := d.store.RatingOf(ctx, c.ID); err != nil {
		d.unavailable(w, "reading a survey of the history", err)
		return
	} else if ok {
		answers := rt.Answers
		if answers == nil {
			answers = []store.Answer{}
		}
		out.Survey = &historySurvey{Rating: rt.Rating, Comment: rt.Comment, Answers: answers, At: rt.At.UnixMilli()}
	}
	for _, n := range notes {
		out.Notes = append(out.Notes, historyNote{n.Seq, n.Name, n.Text, n.At.UnixMilli()})
	}
	writeHistoryJSON(w, out)
}

// serveEarlier is GET /agent/api/conversations/{id}/earlier: the
// conversations over of the same visitor (store.MatchOf) started before
// it: {"by": "sub"|"email"|"visitor", "count": n, "latest": [hits]}.
func (d *historyDesk) serveEarlier(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := d.store.Get(ctx, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		visitorError(w, http.StatusNotFound, "unknown_conversation", "no such conversation")
		return
	}
	if err != nil {
		d.unavailable(w, "reading a conversation", err)
		return
	}
	m := store.MatchOf(c)
	e, err := d.store.EarlierConversations(ctx, m, c.Created)
	if err != nil {
		d.unavailable(w, "finding earlier conversations", err)
		return
	}
	writeHistoryJSON(w, map[string]any{"by": m.By(), "count": e.Count, "latest": d.hits(e.Latest)})
}
