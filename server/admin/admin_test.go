package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/admin"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
	"github.com/lcwasm/lcwasm/widget"
)

// env is a whole server with an admin ("ann") and an agent ("bob").
type env struct {
	t   *testing.T
	srv *httptest.Server
	st  *store.Store
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// newEnvWith is newEnv with more server options.
func newEnvWith(t *testing.T, more func(*server.Options)) *env {
	t.Helper()
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	var accounts []agent.Account
	for _, a := range [][2]string{{"ann", agent.RoleAdmin}, {"bob", ""}} {
		h, err := agent.HashPassword(a[0])
		require.NoError(t, err)
		accounts = append(accounts, agent.Account{User: a[0], PasswordHash: h, Role: a[1]})
	}
	o := server.Options{
		Site:    fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>x</title>")}},
		Dist:    fstest.MapFS{"lcw.js": {Data: []byte("//")}},
		Widgets: server.DemoWidgets(),
		Store:   st,
		Agents:  accounts,
	}
	if more != nil {
		more(&o)
	}
	h, err := server.New(o)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, st: st}
}

// user is a signed-in browser: its cookie and CSRF token.
type user struct {
	e      *env
	cookie *http.Cookie
	csrf   string
}

func (e *env) signIn(name string) *user {
	e.t.Helper()
	resp, err := noRedirect.PostForm(e.srv.URL+"/agent/login", url.Values{"user": {name}, "password": {name}, "next": {"/admin"}})
	require.NoError(e.t, err)
	resp.Body.Close()
	require.Equal(e.t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(e.t, "/admin", resp.Header.Get("Location"), "the sign-in goes back to the site console")
	u := &user{e: e}
	for _, c := range resp.Cookies() {
		if c.Name == agent.CookieName {
			u.cookie = c
		}
	}
	require.NotNil(e.t, u.cookie)
	var s struct{ CSRF string }
	code, body := u.do("GET", "/agent/session", "", nil)
	require.Equal(e.t, http.StatusOK, code)
	require.NoError(e.t, json.Unmarshal([]byte(body), &s))
	u.csrf = s.CSRF
	return u
}

// do sends a request as u; body "" sends none. Headers come in pairs;
// POSTs get the CSRF token, JSON and the server's Origin unless headers
// set them.
func (u *user) do(method, path, body string, headers map[string]string) (int, string) {
	u.e.t.Helper()
	req, _ := http.NewRequest(method, u.e.srv.URL+path, strings.NewReader(body))
	if u != nil && u.cookie != nil {
		req.AddCookie(u.cookie)
	}
	if method == "POST" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", u.csrf)
		req.Header.Set("Origin", u.e.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := noRedirect.Do(req)
	require.NoError(u.e.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// routes are every route of the console, with its parameters filled in.
func routes(t *testing.T) []string {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	defer st.Close()
	auth, err := agent.New(agent.DemoAccounts(), st, nil)
	require.NoError(t, err)
	live, err := admin.NewLive(t.Context(), st, nil, nil, t0)
	require.NoError(t, err)
	out := []string{"GET /admin"}
	for pattern := range admin.New(auth, st, live, nil).Routes() {
		p := strings.NewReplacer("{id}", "lcw-demo", "{v}", "1").Replace(pattern)
		if strings.HasSuffix(p, "/") {
			p += "admin.js"
		}
		out = append(out, p)
	}
	return out
}

const validBody = `{"appId":"lcw-demo","config":{"appId":"lcw-demo"},"version":1,"disabled":false,"visit":{}}`

// TestNonAdminIsRefusedEverywhere: an agent without the admin role gets
// 403 on every route of the console, with a valid session, CSRF token and
// origin; signed out, the API answers 401 and the page is the sign-in.
func TestNonAdminIsRefusedEverywhere(t *testing.T) {
	e := newEnv(t)
	bob, ann := e.signIn("bob"), e.signIn("ann")
	all := routes(t)
	require.Len(t, all, 19)
	for _, r := range all {
		method, path, _ := strings.Cut(r, " ")
		body := ""
		if method == "POST" {
			body = validBody
		}
		code, _ := bob.do(method, path, body, nil)
		assert.Equal(t, http.StatusForbidden, code, "agent bob: %s", r)
		code, _ = ann.do(method, path, body, nil)
		assert.NotContains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, code, "admin ann: %s", r)
		anon := &user{e: e}
		code, page := anon.do(method, path, body, nil)
		if path == "/admin" {
			assert.Equal(t, http.StatusOK, code)
			assert.Contains(t, page, `name="next" value="/admin"`, "signed out: the sign-in form, back to /admin")
			assert.NotContains(t, page, "admin.js")
		} else {
			assert.Contains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, code, "signed out: %s", r)
		}
	}
	list, err := e.st.Audit(t.Context(), 100)
	require.NoError(t, err)
	for _, a := range list {
		assert.Equal(t, "ann", a.User, "only the admin changed anything")
	}
}

func TestAdminPageHeaders(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	req, _ := http.NewRequest("GET", e.srv.URL+"/admin", nil)
	req.AddCookie(ann.cookie)
	resp, err := noRedirect.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, agent.ConsoleCSP, resp.Header.Get("Content-Security-Policy"))
	assert.Contains(t, agent.ConsoleCSP, "require-trusted-types-for 'script'")
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
	assert.Equal(t, "same-origin", resp.Header.Get("Cross-Origin-Opener-Policy"))
}

// TestChangesNeedCSRFSameOriginAndJSON: every state change of the console
// refuses a missing or wrong CSRF token, another site's Origin or
// Sec-Fetch-Site, and a form body; nothing is published.
func TestChangesNeedCSRFSameOriginAndJSON(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	publish := `{"config":{"appId":"lcw-demo-off","proactiveChat":{"enabled":true}}}`
	for _, r := range routes(t) {
		method, path, _ := strings.Cut(r, " ")
		if method != "POST" {
			continue
		}
		for _, h := range []map[string]string{
			{"X-CSRF-Token": ""},
			{"X-CSRF-Token": "forged"},
			{"Origin": "https://evil.example"},
			{"Origin": "null"},
			{"Sec-Fetch-Site": "cross-site"},
			{"Sec-Fetch-Site": "same-site"},
		} {
			code, _ := ann.do(method, path, validBody, h)
			assert.Equal(t, http.StatusForbidden, code, "%s with %v", r, h)
		}
		code, _ := ann.do(method, path, "appId=x", map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		assert.Equal(t, http.StatusUnsupportedMediaType, code, "%s as a form", r)
	}
	w, err := e.st.Widget(t.Context(), "lcw-demo-off")
	require.NoError(t, err)
	assert.Equal(t, 1, w.Version, "nothing was published")
	code, _ := ann.do("POST", "/admin/api/widgets/lcw-demo-off/publish", publish, nil)
	assert.Equal(t, http.StatusOK, code, "with all of them")
}

// TestPublishServesANewVersionAtOnce: the configuration endpoint serves
// the published version with an ETag and max-age=60, answers 304 to the
// ETag it gave, changes on publish and rollback without a restart, and
// says 404 while the widget is disabled. Each change is in the audit log.
func TestPublishServesANewVersionAtOnce(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	get := func(etag string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/widgets/lcw-demo-off/config", nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get("")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "max-age=60", resp.Header.Get("Cache-Control"))
	first := resp.Header.Get("ETag")
	assert.Regexp(t, `^"[0-9a-f]{24}"$`, first)
	assert.Contains(t, body, `"enabled": false`)
	resp, body = get(first)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)
	assert.Empty(t, body)

	code, out := ann.do("POST", "/admin/api/widgets/lcw-demo-off/publish",
		`{"config":{"appId":"lcw-demo-off","proactiveChat":{"enabled":true},"proactiveRules":{"rules":[{"id":"r1","conditions":[{"timeOnPage":{"seconds":1}}]}]}},"note":"on"}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.JSONEq(t, `{"appId":"lcw-demo-off","version":2}`, out)
	resp, body = get(first)
	require.Equal(t, http.StatusOK, resp.StatusCode, "the old ETag no longer matches")
	assert.Contains(t, body, `"proactiveChat":{"enabled":true}`)
	second := resp.Header.Get("ETag")
	assert.NotEqual(t, first, second)

	code, out = ann.do("POST", "/admin/api/widgets/lcw-demo-off/rollback", `{"version":1}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.JSONEq(t, `{"appId":"lcw-demo-off","version":3}`, out)
	resp, _ = get(first)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode, "version 3 is version 1 again")

	code, _ = ann.do("POST", "/admin/api/widgets/lcw-demo-off/disable", `{"disabled":true}`, nil)
	require.Equal(t, http.StatusOK, code)
	resp, _ = get("")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "a disabled widget serves nothing")

	code, out = ann.do("GET", "/admin/api/widgets/lcw-demo-off", "", nil)
	require.Equal(t, http.StatusOK, code)
	var w struct {
		Version  int
		Disabled bool
		History  []struct {
			Version      int
			Author, Note string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &w))
	assert.True(t, w.Disabled)
	require.Len(t, w.History, 3)
	assert.Equal(t, "rollback to v1", w.History[0].Note)
	assert.Equal(t, "ann", w.History[1].Author)
	assert.Equal(t, store.SeedAuthor, w.History[2].Author)

	audit, err := e.st.Audit(t.Context(), 10)
	require.NoError(t, err)
	var got []string
	for _, a := range audit {
		got = append(got, a.User+" "+a.Action+" "+a.AppID)
	}
	assert.Equal(t, []string{"ann disable lcw-demo-off", "ann rollback lcw-demo-off", "ann publish lcw-demo-off"}, got)
}

// TestInvalidRuleCannotBePublished: 422 with the rule and the field path
// as lcw:error code 9 names them; the published version stays.
func TestInvalidRuleCannotBePublished(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	code, out := ann.do("POST", "/admin/api/widgets/lcw-demo/publish",
		`{"config":{"appId":"lcw-demo","proactiveChat":{"enabled":true},"proactiveRules":{"rules":[
			{"id":"ok","conditions":[{"exitIntent":true}]},
			{"id":"pricing","conditions":[{"exitIntent":true},{"timeOnPage":{"seconds":-5}}]}]}}}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, code, out)
	var body struct{ Problems []admin.Problem }
	require.NoError(t, json.Unmarshal([]byte(out), &body))
	require.Len(t, body.Problems, 1, out)
	p := body.Problems[0]
	assert.Equal(t, "rules", p.Source)
	assert.Equal(t, "pricing", p.Rule)
	assert.Equal(t, "conditions[1].timeOnPage", p.Path)
	assert.Equal(t, `rules: rule "pricing": conditions[1].timeOnPage: `+p.Message, p.Text)
	w, err := e.st.Widget(t.Context(), "lcw-demo")
	require.NoError(t, err)
	assert.Equal(t, 1, w.Version)

	code, out = ann.do("POST", "/admin/api/validate", `{"appId":"lcw-demo","config":{"appId":"lcw-demo"}}`, nil)
	assert.Equal(t, http.StatusOK, code)
	assert.JSONEq(t, `{"problems":[]}`, out)
}

func TestCreateWidget(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	code, out := ann.do("POST", "/admin/api/widgets", `{"appId":"shop-eu"}`, nil)
	require.Equal(t, http.StatusCreated, code, out)
	code, _ = ann.do("POST", "/admin/api/widgets", `{"appId":"shop-eu"}`, nil)
	assert.Equal(t, http.StatusConflict, code)
	code, _ = ann.do("POST", "/admin/api/widgets", `{"appId":"../x"}`, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	resp, err := http.Get(e.srv.URL + "/api/v1/widgets/shop-eu/config")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"appId":"shop-eu","proactiveChat":{"enabled":false},"chat":{"enabled":true}}`, string(b), "proactive chat starts off")
}

func TestSimulateExplainsTheRules(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	code, out := ann.do("POST", "/admin/api/simulate", `{"config":{"proactiveChat":{"enabled":true},"proactiveRules":{"rules":[
		{"id":"slow","conditions":[{"timeOnPage":{"seconds":60}}]},
		{"id":"pricing","conditions":[{"url":{"contains":"/pricing"}},{"timeOnPage":{"seconds":10}}]}]}},
		"visit":{"url":"https://shop.example/pricing","timeOnPageSeconds":30,"at":"2026-12-03T09:00:00Z"}}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	var got struct {
		Rules []struct {
			Rule         string
			Fires, Holds bool
			Next         *int64
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	fires := map[string]bool{}
	for _, r := range got.Rules {
		fires[r.Rule] = r.Fires
	}
	assert.Equal(t, map[string]bool{"slow": false, "pricing": true}, fires)
}

// TestSignedOutSessionIsRefused: after sign-out the old cookie opens
// nothing of the console (sessions end as the agent console's do).
func TestSignedOutSessionIsRefused(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	code, _ := ann.do("GET", "/admin/api/widgets", "", nil)
	require.Equal(t, http.StatusOK, code)
	code, _ = ann.do("POST", "/agent/logout", "csrf="+ann.csrf, map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	require.Equal(t, http.StatusSeeOther, code)
	code, _ = ann.do("GET", "/admin/api/widgets", "", nil)
	assert.Equal(t, http.StatusUnauthorized, code)
	code, _ = ann.do("POST", "/admin/api/widgets/lcw-demo/disable", `{"disabled":true}`, nil)
	assert.Equal(t, http.StatusUnauthorized, code)
	code, page := ann.do("GET", "/admin", "", nil)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, `id="signin-form"`)
}

// TestNoInlineCodeAndTextOnly: the console's page has no inline script
// or style, and its script never hands a string to an HTML sink.
func TestNoInlineCodeAndTextOnly(t *testing.T) {
	page, err := os.ReadFile("static/admin.html")
	require.NoError(t, err)
	js, err := os.ReadFile("static/admin.js")
	require.NoError(t, err)
	assert.NotRegexp(t, `\sstyle=|<style|\son[a-z]+=`, string(page))
	tags := regexp.MustCompile(`<script[^>]*>`).FindAllString(string(page), -1)
	require.NotEmpty(t, tags)
	for _, tag := range tags {
		assert.Contains(t, tag, ` src="/admin/static/`, "no inline script")
	}
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", ".style."} {
		assert.NotContains(t, string(js), sink)
	}
}

// TestAllowedOriginsApplyAtOnce: the first chat of a page on another
// origin is refused until the owner adds the origin in /admin; then it is
// accepted, with no restart (the README's first-run story).
func TestAllowedOriginsApplyAtOnce(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	err := dialChat(e, "lcw-demo-off", "https://shop.example")
	assert.Equal(t, websocket.StatusCode(4403), websocket.CloseStatus(err), "https://shop.example is not allowed yet: %v", err)
	code, out := ann.do("POST", "/admin/api/widgets/lcw-demo-off/publish",
		`{"config":{"appId":"lcw-demo-off","chat":{"enabled":true},"allowedOrigins":["https://shop.example"]}}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.NoError(t, dialChat(e, "lcw-demo-off", "https://shop.example"), "allowed as soon as it is published")
}

// TestServerOriginsApplyToConsoleWidgets: the server's -allow-origin
// origins let pages chat with every widget, one created in the console
// included, without being written into any configuration; the console
// says which they are.
func TestServerOriginsApplyToConsoleWidgets(t *testing.T) {
	e := newEnvWith(t, func(o *server.Options) { o.AllowOrigins = []string{"http://localhost:3000"} })
	ann := e.signIn("ann")
	code, out := ann.do("POST", "/admin/api/widgets", `{"appId":"fresh","config":{"appId":"fresh","chat":{"enabled":true}}}`, nil)
	require.Equal(t, http.StatusCreated, code, out)
	assert.NoError(t, dialChat(e, "fresh", "http://localhost:3000"), "a widget made in the console")
	assert.NoError(t, dialChat(e, "lcw-demo", "http://localhost:3000"), "a seeded one")
	err := dialChat(e, "fresh", "https://shop.example")
	assert.Equal(t, websocket.StatusCode(4403), websocket.CloseStatus(err), "other origins are still refused: %v", err)

	code, out = ann.do("POST", "/admin/api/widgets/fresh/publish",
		`{"config":{"appId":"fresh","chat":{"enabled":true},"allowedOrigins":["https://shop.example"]}}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.NoError(t, dialChat(e, "fresh", "https://shop.example"), "the widget's own origin")
	assert.NoError(t, dialChat(e, "fresh", "http://localhost:3000"), "and the server's, still")

	for _, id := range []string{"fresh", "lcw-demo"} {
		w, err := e.st.Widget(t.Context(), id)
		require.NoError(t, err)
		assert.NotContains(t, w.Config, "localhost:3000", "%s: the server's origin is not written into the configuration", id)
	}
	_, out = ann.do("GET", "/admin/api/session", "", nil)
	assert.Contains(t, out, `"serverOrigins":["http://localhost:3000"]`)
}

// dialChat starts a chat with widget app as a page of origin; the server
// refuses an origin by closing with 4403 after the upgrade.
func dialChat(e *env, app, origin string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+"/api/v1/widgets/"+app+"/chat",
		&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}, HTTPHeader: http.Header{"Origin": {origin}}})
	if err != nil {
		return err
	}
	defer ws.CloseNow()
	if err := ws.Write(ctx, websocket.MessageText, []byte(`{"type":"start","cid":"s","visitor":{"id":"v"}}`)); err != nil {
		return err
	}
	_, b, err := ws.Read(ctx)
	if err != nil {
		return err
	}
	if !strings.Contains(string(b), `"type":"started"`) {
		return fmt.Errorf("got %s", b)
	}
	return nil
}

// TestPreviewPage: the preview boots the real loader under PreviewCSP,
// sandboxed and framed only by the console; the colour and font reach the
// script tag only when they are a colour and a font.
func TestPreviewPage(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	code, body := ann.do("GET", `/admin/preview?app=shop&color=%23aa3300&font=Georgia,%20serif`, "", nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `<script id="Microsoft_Omnichannel_LCWidget" src="/lcw/lcw.js" data-app-id="shop" data-org-id="preview" data-color-override="#aa3300" data-font-family-override="Georgia, serif"></script>`)
	assert.Less(t, strings.Index(body, `/admin/preview.js`), strings.Index(body, `/lcw/lcw.js`), "preview.js writes the configuration first")
	_, body = ann.do("GET", `/admin/preview?app=%22x&color=red%22%3E&font=%3Cscript%3E`, "", nil)
	assert.Contains(t, body, `data-app-id="preview" data-org-id="preview"></script>`, "a bad app id, colour or font is left out")

	resp, err := e.srv.Client().Get(e.srv.URL + "/admin/preview")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the page needs the admin session")
	resp, err = e.srv.Client().Get(e.srv.URL + "/admin/preview.js")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "its script does not: an opaque origin sends no cookie")
}

// TestTextsCatalog: the texts form lists every phrase of the widget with
// its English text, and every language it ships; a text the form writes
// for each is one the widget's decoder accepts.
func TestTextsCatalog(t *testing.T) {
	e := newEnv(t)
	code, out := e.signIn("ann").do("GET", "/admin/api/texts", "", nil)
	require.Equal(t, http.StatusOK, code)
	var cat struct {
		Languages []string
		Phrases   []struct{ Key, English string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &cat))
	assert.Equal(t, widget.Languages, cat.Languages)
	require.Len(t, cat.Phrases, len(widget.English))
	texts := map[string]map[string]string{}
	for _, lang := range cat.Languages {
		texts[lang] = map[string]string{}
		for _, p := range cat.Phrases {
			assert.Equal(t, widget.English[widget.Phrase(p.Key)], p.English, p.Key)
			texts[lang][p.Key] = "x " + p.English
		}
	}
	b, _ := json.Marshal(map[string]any{"texts": texts, "language": "fr", "colorScheme": "dark"})
	assert.Empty(t, admin.Validate("w", b), "every text of every language, as the form writes them")
}

// TestSimulateAgents: the owner simulates with and without agents. A
// rule with agentsAvailable follows the answer; one without fires but
// is held for want of an agent (unless inviteWhenNoAgent); with the
// chat off no agent is ever available.
func TestSimulateAgents(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	type rule struct {
		Rule               string
		Fires, HeldNoAgent bool
	}
	sim := func(chat, inviteWhenNoAgent bool, agents string) map[string]rule {
		t.Helper()
		cfg := fmt.Sprintf(`{"proactiveChat":{"enabled":true,"inviteWhenNoAgent":%v},"chat":{"enabled":%v},"proactiveRules":{"rules":[
			{"id":"staffed","conditions":[{"agentsAvailable":true}]},
			{"id":"empty","conditions":[{"agentsAvailable":false}]},
			{"id":"plain","conditions":[]}]}}`, inviteWhenNoAgent, chat)
		visit := `{"url":"https://shop.example/","at":"2026-12-03T09:00:00Z"}`
		if agents != "" {
			visit = `{"url":"https://shop.example/","at":"2026-12-03T09:00:00Z","agentsAvailable":` + agents + `}`
		}
		code, out := ann.do("POST", "/admin/api/simulate", `{"config":`+cfg+`,"visit":`+visit+`}`, nil)
		require.Equal(t, http.StatusOK, code, out)
		var got struct{ Rules []rule }
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		m := map[string]rule{}
		for _, r := range got.Rules {
			m[r.Rule] = rule{Fires: r.Fires, HeldNoAgent: r.HeldNoAgent}
		}
		return m
	}
	for _, c := range []struct {
		name      string
		chat, off bool
		agents    string
		want      map[string]rule
	}{
		{"an agent", true, false, "true", map[string]rule{"staffed": {Fires: true}, "empty": {}, "plain": {Fires: true}}},
		{"no agent", true, false, "false", map[string]rule{"staffed": {}, "empty": {Fires: true}, "plain": {Fires: true, HeldNoAgent: true}}},
		{"no agent, hold off", true, true, "false", map[string]rule{"staffed": {}, "empty": {Fires: true}, "plain": {Fires: true}}},
		{"no answer", true, false, "null", map[string]rule{"staffed": {}, "empty": {}, "plain": {Fires: true}}},
		{"absent", true, false, "", map[string]rule{"staffed": {}, "empty": {}, "plain": {Fires: true}}},
		{"chat off", false, false, "true", map[string]rule{"staffed": {}, "empty": {Fires: true}, "plain": {Fires: true}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, sim(c.chat, c.off, c.agents))
		})
	}
}
