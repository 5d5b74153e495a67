package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/agent"
	"github.com/lcwasm/lcwasm/server/store"
)

// keysURLApp is the widget of the keys URL test's own chat service: its
// published authKey names the JWKS URL of an identity provider of the
// test's own (an httptest TLS server).
const keysURLApp = "e2e-keysurl"

// identityProvider is an https JWKS endpoint serving the public halves of
// its keys, by kid, counting its fetches.
type identityProvider struct {
	*httptest.Server
	keys    map[string]*rsa.PrivateKey
	fetches atomic.Int32
}

func newIdentityProvider(t *testing.T, kids ...string) *identityProvider {
	t.Helper()
	idp := &identityProvider{keys: map[string]*rsa.PrivateKey{}}
	enc := base64.RawURLEncoding.EncodeToString
	var set []map[string]string
	for _, kid := range kids {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		require.NoError(t, err)
		idp.keys[kid] = k
		set = append(set, map[string]string{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
			"n": enc(k.N.Bytes()), "e": enc(big.NewInt(int64(k.E)).Bytes())})
	}
	body, err := json.Marshal(map[string]any{"keys": set})
	require.NoError(t, err)
	idp.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		idp.fetches.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	t.Cleanup(idp.Close)
	return idp
}

func (idp *identityProvider) jwksURL() string { return idp.URL + "/.well-known/jwks.json" }

// token is a visitor's JWT signed with key, naming kid.
func (idp *identityProvider) token(t *testing.T, key *rsa.PrivateKey, kid, sub, name string) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"sub": sub, "name": name, "aud": keysURLApp,
		"exp": time.Now().Add(time.Hour).Unix()})
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	require.NoError(t, err)
	return s
}

// keysURLService is a chat service of the test's own (as newChatService)
// whose widget keysURLApp verifies tokens with the keys of idp's JWKS
// URL, trusting idp's certificate and allowed to reach its loopback
// address. Its agent is an admin, for its site console.
func keysURLService(t *testing.T, idp *identityProvider) *chatService {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "lcwasm.db"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	hash, err := testHash(faultsAgent)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(idp.Certificate())
	o := server.Options{
		Site: os.DirFS(".."), Dist: os.DirFS(distDir),
		Widgets: map[string]json.RawMessage{keysURLApp: json.RawMessage(`{"appId": "` + keysURLApp + `",
			"proactiveChat": {"enabled": true}, "chat": {"enabled": true}, "allowedOrigins": [` + jsString(baseURL) + `],
			"authKey": {"alg": "RS256", "keysUrl": ` + jsString(idp.jwksURL()) + `, "aud": "` + keysURLApp + `"}}`)},
		Store: st, Logger: slog.New(slog.DiscardHandler),
		Agents: []agent.Account{{User: faultsAgent, Name: "Faye", PasswordHash: hash, Role: agent.RoleAdmin}},
	}
	o.AuthKeysFetch.AllowPrivate = true
	o.AuthKeysFetch.RootCAs = pool
	h, err := server.New(o)
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Shutdown(t.Context()) })
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &chatService{t: t, url: srv.URL, st: st}
}

// TestChatWithAKeysURL: a widget whose key is a JWKS URL (Auth0, Okta,
// Cognito publish one; Omnichannel's "public key URL"). The page's
// getAuthToken gives a JWT signed by the provider's second key, named by
// its kid: the chat starts signed in and the agent sees the verified
// identity. A token signed by a key the URL does not serve is refused
// (lcw:error 4) and starts nothing, and the URL was fetched once.
func TestChatWithAKeysURL(t *testing.T) {
	t.Parallel()
	idp := newIdentityProvider(t, "2026-11", "2026-12")
	svc := keysURLService(t, idp)
	agentTab := svc.signIn(t)

	good := idp.token(t, idp.keys["2026-12"], "2026-12", "customer-7", "Grace")
	tb, run := faultsPage(t, svc.url, "&inline&authfn=getAuthToken&app="+keysURLApp)
	tb.eval(`window.getAuthToken = (cb) => setTimeout(() => cb(` + jsString(good) + `), 20);`)
	tb.eval(sdk + `.startChat()`)
	tb.waitEvent("lcw:chatQueued")
	assert.Empty(t, tb.events("lcw:error"))
	sc := contextOf(t, svc.one(run))
	if assert.NotNil(t, sc.Authenticated, "the service verified the token with the JWKS key") {
		assert.Equal(t, "customer-7", sc.Authenticated.Sub)
	}
	acceptChat(t, agentTab, run)
	waitJS(t, agentTab.ctx, `document.querySelector("#details .verified")?.textContent === "customer-7 (Grace) — verified"`, waitTimeout)

	stranger, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	for name, tok := range map[string]string{
		"an unknown kid":         idp.token(t, stranger, "2027-01", "mallory", "M"),
		"a known kid, wrong key": idp.token(t, stranger, "2026-11", "mallory", "M"),
	} {
		t.Run(name, func(t *testing.T) {
			bad, badRun := faultsPage(t, svc.url, "&inline&authfn=getAuthToken&app="+keysURLApp)
			bad.eval(`window.getAuthToken = (cb) => cb(` + jsString(tok) + `);`)
			bad.eval(sdk + `.startChat()`)
			e := bad.waitEvent("lcw:error")
			assert.EqualValues(t, 4, e.Detail["errorCode"])
			assert.Contains(t, e.Detail["errorDescription"], "the chat service refused the auth token: chat: token: ")
			waitJS(t, bad.ctx, `__e2e.text("oc-lcw-chat")?.includes("The chat service refused this chat.")`, waitTimeout)
			assert.Empty(t, svc.find(badRun), "no conversation")
		})
	}
	assert.EqualValues(t, 1, idp.fetches.Load(), "fetched at the first token; the unknown kid within a minute fetched nothing more")
}

// TestKeysURLTestedInTheConsole: in the site console of a server that may
// reach the identity provider, the published keys URL shows as the key's
// source, Test URL lists the keys it serves by kid, and a URL the
// provider does not serve is reported at the field.
func TestKeysURLTestedInTheConsole(t *testing.T) {
	t.Parallel()
	idp := newIdentityProvider(t, "2026-11", "2026-12")
	svc := keysURLService(t, idp)
	owner := openTab(t, browserCtx, chromedp.WithNewBrowserContext())
	owner.do(chromedp.Navigate(svc.url + "/admin?widget=" + keysURLApp))
	waitJS(t, owner.ctx, `!!document.querySelector("#signin-form")`, waitTimeout)
	release := signInSlot()
	owner.do(sendKeys("#user", faultsAgent), sendKeys("#password", faultsAgent), chromedp.Submit("#signin-form"))
	release()
	waitJS(t, owner.ctx, `document.querySelector("#status")?.textContent === "Signed in"`, waitTimeout)
	owner.do(chromedp.Navigate(svc.url + "/admin?widget=" + keysURLApp)) // the sign-in lands on /admin
	waitJS(t, owner.ctx, `document.querySelector("#widget-title")?.textContent === "Widget `+keysURLApp+`" && document.querySelector("#valid")?.textContent.startsWith("Valid")`, waitTimeout)
	assert.True(t, evalJS[bool](owner, `document.querySelector("#ak-src-url").checked`), "the published key's source")
	assert.Equal(t, idp.jwksURL(), evalJS[string](owner, `document.querySelector("#ak-url").value`))

	owner.do(chromedp.Click("#ak-test"))
	waitJS(t, owner.ctx, `document.querySelector("#ak-test-result").textContent === "Serves 2 RS256 keys: kid 2026-11 (RSA), kid 2026-12 (RSA)"`, waitTimeout)
	owner.assertAccessible("keys URL tested")

	owner.eval(`(() => { const u = document.querySelector("#ak-url"); u.value = ` + jsString(idp.URL+"/jwks") + `; u.dispatchEvent(new Event("input", {bubbles: true})); })()`)
	waitJS(t, owner.ctx, `document.querySelector('.field-error[data-wpath="authKey"]')?.textContent === "server: authKey.keysUrl: serves no keys: HTTP status 404, want 200"`, waitTimeout)
	owner.do(chromedp.Click("#ak-test"))
	waitJS(t, owner.ctx, `document.querySelector("#ak-test-result").textContent === "Serves no keys: HTTP status 404, want 200"`, waitTimeout)
	owner.assertCleanConsole()
}
