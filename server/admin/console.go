package admin

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/internal/runes"

	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

// MaxBody bounds the body of a console request, in bytes.
const MaxBody = 256 << 10

// AuditShown is how many audit entries GET /admin/api/audit returns.
const AuditShown = 100

// appIDPattern is what a new widget's app id may be: it goes into URLs
// and storage keys.
var appIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

//go:embed static
var static embed.FS

// Console serves /admin.
type Console struct {
	auth   *agent.Auth
	st     *store.Store
	live   *Live
	logger *slog.Logger
	now    func() time.Time
	keys   *keysProbe
}

// New returns the console for the signed-in admins of auth, changing
// the widgets of st and telling live.
func New(auth *agent.Auth, st *store.Store, live *Live, logger *slog.Logger) *Console {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Console{auth: auth, st: st, live: live, logger: logger, now: time.Now, keys: &keysProbe{}}
}

// Routes lists every route of the console, for Register and the tests
// that check each one refuses non-admins.
func (c *Console) Routes() map[string]http.HandlerFunc {
	sub, _ := fs.Sub(static, "static")
	files := http.StripPrefix("/admin/static/", http.FileServerFS(sub))
	return map[string]http.HandlerFunc{
		"GET /admin/static/": c.read(func(w http.ResponseWriter, r *http.Request, _ string) {
			w.Header().Set("Cache-Control", "no-cache")
			files.ServeHTTP(w, r)
		}),
		"GET /admin/api/session":                   c.read(c.session),
		"GET /admin/api/widgets":                   c.read(c.list),
		"POST /admin/api/widgets":                  c.change(c.create),
		"GET /admin/api/widgets/{id}":              c.read(c.show),
		"GET /admin/api/widgets/{id}/versions/{v}": c.read(c.version),
		"POST /admin/api/widgets/{id}/publish":     c.change(c.publish),
		"POST /admin/api/widgets/{id}/rollback":    c.change(c.rollback),
		"POST /admin/api/widgets/{id}/disable":     c.change(c.disable),
		"POST /admin/api/validate":                 c.change(c.validate),
		"POST /admin/api/keys-url":                 c.change(c.testKeysURL),
		"POST /admin/api/simulate":                 c.change(c.simulate),
		"GET /admin/api/audit":                     c.read(c.audit),
		"GET /admin/api/texts":                     c.read(c.texts),
		"GET /admin/preview":                       c.read(c.preview),
		"GET /admin/funnel":                        c.read(c.funnelPage),
		"GET /admin/funnel.csv":                    c.read(c.funnelCSV),
		"GET /admin/funnel-trend.csv":              c.read(c.funnelTrendCSV),
	}
}

// Register adds the console's routes to mux.
func (c *Console) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin", c.page)
	mux.Handle("GET /admin/{$}", http.RedirectHandler("/admin", http.StatusMovedPermanently))
	mux.HandleFunc("GET /admin/preview.js", previewScript)
	for pattern, h := range c.Routes() {
		mux.HandleFunc(pattern, h)
	}
}

func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", agent.ConsoleCSP)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
}

// page handles GET /admin: the console for an admin, the sign-in form
// when signed out, 403 for other agents.
func (c *Console) page(w http.ResponseWriter, r *http.Request) {
	user, _, ok := c.auth.Session(r)
	switch {
	case !ok:
		c.auth.LoginPage(w, r, http.StatusOK, "")
	case !c.auth.IsAdmin(user):
		pageHeaders(w)
		w.WriteHeader(http.StatusForbidden)
		page, _ := static.ReadFile("static/forbidden.html")
		w.Write(page)
	default:
		pageHeaders(w)
		page, _ := static.ReadFile("static/admin.html")
		w.Write(page)
	}
}

type handler func(w http.ResponseWriter, r *http.Request, user string)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// read lets a signed-in admin through: 401 signed out, 403 otherwise.
func (c *Console) read(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user, _, ok := c.auth.Session(r)
		switch {
		case !ok:
			fail(w, http.StatusUnauthorized, "admin: sign in first")
		case !c.auth.IsAdmin(user):
			fail(w, http.StatusForbidden, "admin: this account is not an admin")
		default:
			h(w, r, user)
		}
	}
}

// change is read for state changes: the request must also come from our
// own pages, carry the session's CSRF token in X-CSRF-Token, and send JSON
// (which no HTML form can).
func (c *Console) change(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !agent.SameOrigin(r) {
			fail(w, http.StatusForbidden, "admin: cross-site request refused")
			return
		}
		user, csrf, ok := c.auth.Session(r)
		switch {
		case !ok:
			fail(w, http.StatusUnauthorized, "admin: sign in first")
			return
		case !c.auth.IsAdmin(user):
			fail(w, http.StatusForbidden, "admin: this account is not an admin")
			return
		case subtle.ConstantTimeCompare([]byte(r.Header.Get("X-CSRF-Token")), []byte(csrf)) != 1:
			fail(w, http.StatusForbidden, "admin: missing or wrong CSRF token")
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			fail(w, http.StatusUnsupportedMediaType, "admin: send application/json")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		h(w, r, user)
	}
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(r.Body)
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		fail(w, http.StatusBadRequest, "admin: request body: "+err.Error())
		return false
	}
	return true
}

func (c *Console) session(w http.ResponseWriter, r *http.Request, user string) {
	_, csrf, _ := c.auth.Session(r)
	writeJSON(w, http.StatusOK, map[string]any{"user": user, "name": c.auth.Name(user), "csrf": csrf,
		"serverOrigins": append([]string{}, c.live.Everywhere()...), "serverOnly": serverOnlyFields})
}

// widgetJSON is a widget as the console's API shows it.
type widgetJSON struct {
	AppID    string          `json:"appId"`
	Disabled bool            `json:"disabled"`
	Version  int             `json:"version"`
	Author   string          `json:"author"`
	At       int64           `json:"at"` // epoch milliseconds
	Note     string          `json:"note"`
	Config   json.RawMessage `json:"config,omitempty"`
	History  []versionJSON   `json:"history,omitempty"`
}

type versionJSON struct {
	Version int             `json:"version"`
	Author  string          `json:"author"`
	At      int64           `json:"at"`
	Note    string          `json:"note"`
	Config  json.RawMessage `json:"config,omitempty"`
}

func (c *Console) list(w http.ResponseWriter, r *http.Request, _ string) {
	list, err := c.st.Widgets(r.Context())
	if err != nil {
		c.internal(w, err)
		return
	}
	out := []widgetJSON{}
	for _, x := range list {
		out = append(out, widgetJSON{AppID: x.AppID, Disabled: x.Disabled, Version: x.Version, Author: x.Author, At: x.At.UnixMilli(), Note: x.Note})
	}
	writeJSON(w, http.StatusOK, out)
}

func (c *Console) show(w http.ResponseWriter, r *http.Request, _ string) {
	id := r.PathValue("id")
	x, err := c.st.Widget(r.Context(), id)
	if c.notFound(w, err) {
		return
	}
	hist, err := c.st.WidgetVersions(r.Context(), id)
	if err != nil {
		c.internal(w, err)
		return
	}
	out := widgetJSON{AppID: x.AppID, Disabled: x.Disabled, Version: x.Version, Author: x.Author, At: x.At.UnixMilli(),
		Note: x.Note, Config: json.RawMessage(x.Config)}
	for _, v := range hist {
		out.History = append(out.History, versionJSON{Version: v.Version, Author: v.Author, At: v.At.UnixMilli(), Note: v.Note})
	}
	writeJSON(w, http.StatusOK, out)
}

func (c *Console) version(w http.ResponseWriter, r *http.Request, _ string) {
	n, err := strconv.Atoi(r.PathValue("v"))
	if err != nil {
		fail(w, http.StatusNotFound, "admin: no such version")
		return
	}
	v, err := c.st.WidgetVersion(r.Context(), r.PathValue("id"), n)
	if c.notFound(w, err) {
		return
	}
	writeJSON(w, http.StatusOK, versionJSON{Version: v.Version, Author: v.Author, At: v.At.UnixMilli(), Note: v.Note, Config: json.RawMessage(v.Config)})
}

func (c *Console) notFound(w http.ResponseWriter, err error) bool {
	switch {
	case errors.Is(err, store.ErrNotFound):
		fail(w, http.StatusNotFound, "admin: no such widget or version")
	case err != nil:
		c.internal(w, err)
	default:
		return false
	}
	return true
}

func (c *Console) internal(w http.ResponseWriter, err error) {
	c.logger.Error("admin", "err", err)
	fail(w, http.StatusInternalServerError, "admin: the store failed; see the server's log")
}

// refuse answers 422 with the problems of a configuration.
func refuse(w http.ResponseWriter, problems []Problem) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"error":    "admin: the configuration has problems; nothing was published",
		"problems": problems,
	})
}

// canonical re-encodes a configuration compactly, keeping its fields'
// order (json.Compact).
func canonical(raw json.RawMessage) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}

func (c *Console) create(w http.ResponseWriter, r *http.Request, user string) {
	var body struct {
		AppID  string          `json:"appId"`
		Config json.RawMessage `json:"config"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if !appIDPattern.MatchString(body.AppID) {
		refuse(w, []Problem{serverProblem("appId", "want 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")})
		return
	}
	if len(body.Config) == 0 {
		body.Config = json.RawMessage(fmt.Sprintf(`{"appId":%q,"proactiveChat":{"enabled":false},"chat":{"enabled":true}}`, body.AppID))
	}
	if p := Validate(body.AppID, body.Config); len(p) > 0 {
		refuse(w, p)
		return
	}
	now := c.now()
	err := c.st.CreateWidget(r.Context(), body.AppID, canonical(body.Config), user, "created", now)
	if errors.Is(err, store.ErrExists) {
		fail(w, http.StatusConflict, fmt.Sprintf("admin: a widget %q exists", body.AppID))
		return
	}
	if err != nil {
		c.internal(w, err)
		return
	}
	c.changed(r.Context(), user, "create", body.AppID, "v1", now)
	writeJSON(w, http.StatusCreated, map[string]any{"appId": body.AppID, "version": 1})
}

func (c *Console) publish(w http.ResponseWriter, r *http.Request, user string) {
	id := r.PathValue("id")
	var body struct {
		Config json.RawMessage `json:"config"`
		Note   string          `json:"note"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if !c.live.Has(id) {
		fail(w, http.StatusNotFound, "admin: no such widget")
		return
	}
	if p := Validate(id, body.Config); len(p) > 0 {
		refuse(w, p)
		return
	}
	note := runes.Prefix(strings.TrimSpace(body.Note), 200)
	now := c.now()
	before := c.published(r.Context(), id)
	v, err := c.st.PublishWidget(r.Context(), id, canonical(body.Config), user, note, now)
	if c.notFound(w, err) {
		return
	}
	c.changed(r.Context(), user, "publish", id, detail(v, changes(before, canonical(body.Config)), note), now)
	writeJSON(w, http.StatusOK, map[string]any{"appId": id, "version": v})
}

func (c *Console) rollback(w http.ResponseWriter, r *http.Request, user string) {
	id := r.PathValue("id")
	var body struct {
		Version int `json:"version"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	now := c.now()
	before := c.published(r.Context(), id)
	v, err := c.st.RollbackWidget(r.Context(), id, body.Version, user, now)
	if c.notFound(w, err) {
		return
	}
	c.changed(r.Context(), user, "rollback", id, detail(v, changes(before, c.published(r.Context(), id)), fmt.Sprintf("= v%d", body.Version)), now)
	writeJSON(w, http.StatusOK, map[string]any{"appId": id, "version": v})
}

func (c *Console) disable(w http.ResponseWriter, r *http.Request, user string) {
	id := r.PathValue("id")
	var body struct {
		Disabled bool `json:"disabled"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	now := c.now()
	if c.notFound(w, c.st.SetWidgetDisabled(r.Context(), id, body.Disabled, now)) {
		return
	}
	action := "enable"
	if body.Disabled {
		action = "disable"
	}
	c.changed(r.Context(), user, action, id, "", now)
	writeJSON(w, http.StatusOK, map[string]any{"appId": id, "disabled": body.Disabled})
}

// published returns the published configuration of id, "" when it has none.
func (c *Console) published(ctx context.Context, id string) string {
	w, err := c.st.Widget(ctx, id)
	if err != nil {
		return ""
	}
	return w.Config
}

// detail is an audit entry's detail: "v3: proactiveChat · note".
func detail(v int, what, note string) string {
	s := "v" + strconv.Itoa(v)
	if what != "" {
		s += ": " + what
	}
	if note != "" {
		s += " · " + note
	}
	return s
}

// changed records a change in the audit log and makes it live.
func (c *Console) changed(ctx context.Context, user, action, appID, detail string, now time.Time) {
	if err := c.st.AddAudit(ctx, store.AuditEntry{At: now, User: user, Action: action, AppID: appID, Detail: strings.TrimSpace(detail)}); err != nil {
		c.logger.Error("admin: audit", "err", err)
	}
	if err := c.live.reload(ctx, appID); err != nil {
		c.logger.Error("admin: reload", "widget", appID, "err", err)
	}
	c.live.changed(appID)
	c.logger.Info("admin: change", "user", user, "action", action, "widget", appID, "detail", detail)
}

func (c *Console) validate(w http.ResponseWriter, r *http.Request, _ string) {
	var body struct {
		AppID  string          `json:"appId"`
		Config json.RawMessage `json:"config"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	p := Validate(body.AppID, body.Config)
	p = append(p, c.keysProblems(r.Context(), body.Config, p)...)
	if p == nil {
		p = []Problem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"problems": p})
}

func (c *Console) audit(w http.ResponseWriter, r *http.Request, _ string) {
	list, err := c.st.Audit(r.Context(), AuditShown)
	if err != nil {
		c.internal(w, err)
		return
	}
	type entryJSON struct {
		At     int64  `json:"at"`
		User   string `json:"user"`
		Action string `json:"action"`
		AppID  string `json:"appId"`
		Detail string `json:"detail"`
	}
	out := []entryJSON{}
	for _, e := range list {
		out = append(out, entryJSON{At: e.At.UnixMilli(), User: e.User, Action: e.Action, AppID: e.AppID, Detail: e.Detail})
	}
	writeJSON(w, http.StatusOK, out)
}
