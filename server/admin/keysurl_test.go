package admin_test

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/admin"
)

func TestValidateKeysURL(t *testing.T) {
	_, pemKey := newES256(t)
	for _, tt := range []struct{ name, key, want string }{
		{"https", `{"alg":"ES256","keysUrl":"https://idp.example/.well-known/jwks.json"}`, ""},
		{"http", `{"alg":"ES256","keysUrl":"http://idp.example/jwks"}`, "server: authKey.keysUrl: keysUrl must be an https URL"},
		{"empty", `{"alg":"ES256","keysUrl":""}`, "server: authKey.keysUrl: want an https URL serving a JWKS or a PEM public key"},
		{"no host", `{"alg":"ES256","keysUrl":"https:///jwks"}`, "server: authKey.keysUrl: keysUrl has no host"},
		{"both", `{"alg":"ES256","keysUrl":"https://idp.example/jwks","publicKey":` + jsonString(pemKey) + `}`,
			"server: authKey.keysUrl: publicKey and keysUrl: want one of them"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range admin.Validate("w", json.RawMessage(`{"authKey":`+tt.key+`}`)) {
				got = append(got, p.Text)
			}
			if tt.want == "" {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, []string{tt.want}, got)
			}
		})
	}
}

// keysEnv is a console whose server fetches keys URLs from loopback,
// trusting keys's certificate.
func keysEnv(t *testing.T, keys *httptest.Server) *env {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(keys.Certificate())
	return newEnvWith(t, func(o *server.Options) {
		o.AuthKeysFetch.AllowPrivate = true
		o.AuthKeysFetch.RootCAs = pool
	})
}

// jwksOf serves the JWKS of the ES256 key pemKey's private half signs with.
func jwksServer(t *testing.T, body *atomic.Value, hits *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/jwks.json" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body.Load().(string)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestKeysURLInTheConsole: the validation says when a keys URL serves no
// keys (fetching each URL once a minute as the admin types), the Test URL
// endpoint lists the keys it serves, and a published keys URL makes the
// chat service require a token one of them verifies.
func TestKeysURLInTheConsole(t *testing.T) {
	priv, pemKey := newES256(t)
	var body atomic.Value
	body.Store(pemKey)
	var hits atomic.Int32
	keys := jwksServer(t, &body, &hits)
	e := keysEnv(t, keys)
	ann := e.signIn("ann")

	validate := func(url string) string {
		code, out := ann.do("POST", "/admin/api/validate",
			`{"appId":"lcw-demo-off","config":{"appId":"lcw-demo-off","authKey":{"alg":"ES256","keysUrl":`+jsonString(url)+`}}}`, nil)
		require.Equal(t, http.StatusOK, code, out)
		return out
	}
	out := validate(keys.URL + "/missing")
	assert.Contains(t, out, `"path":"authKey.keysUrl"`)
	assert.Contains(t, out, "server: authKey.keysUrl: serves no keys: HTTP status 404, want 200")
	validate(keys.URL + "/missing")
	assert.EqualValues(t, 1, hits.Load(), "validating again within a minute does not fetch again")
	assert.Contains(t, validate(keys.URL+"/jwks.json"), `"problems":[]`, "a PEM key is keys")

	code, out := ann.do("POST", "/admin/api/keys-url", `{"url":`+jsonString(keys.URL+"/jwks.json")+`,"alg":"ES256"}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.JSONEq(t, `{"keys":[{"kty":"EC","alg":"ES256"}]}`, out)
	code, out = ann.do("POST", "/admin/api/keys-url", `{"url":`+jsonString(keys.URL+"/jwks.json")+`,"alg":"RS256"}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.JSONEq(t, `{"problem":"publicKey is a *ecdsa.PublicKey, not a key for RS256"}`, out)
	code, out = ann.do("POST", "/admin/api/keys-url", `{"url":"http://idp.example/jwks","alg":"RS256"}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.JSONEq(t, `{"problem":"keysUrl must be an https URL"}`, out)

	code, out = ann.do("POST", "/admin/api/widgets/lcw-demo-off/publish",
		`{"config":{"appId":"lcw-demo-off","chat":{"enabled":true},"authKey":{"alg":"ES256","keysUrl":`+jsonString(keys.URL+"/jwks.json")+`}}}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	start := func(token string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.srv.URL, "http")+"/api/v1/widgets/lcw-demo-off/chat",
			&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}, HTTPHeader: http.Header{"Origin": {e.srv.URL}}})
		require.NoError(t, err)
		defer ws.CloseNow()
		require.NoError(t, ws.Write(ctx, websocket.MessageText, []byte(`{"type":"start","cid":"s","visitor":{"id":"v"},"authToken":`+jsonString(token)+`}`)))
		_, b, err := ws.Read(ctx)
		require.NoError(t, err)
		return string(b)
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"sub": "u1",
		"exp": time.Now().Add(time.Hour).Unix()}).SignedString(priv)
	require.NoError(t, err)
	assert.Contains(t, start(signed), `"type":"started"`, "a token the URL's key verifies")
	other, _ := newES256(t)
	forged, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"sub": "u1",
		"exp": time.Now().Add(time.Hour).Unix()}).SignedString(other)
	require.NoError(t, err)
	assert.Contains(t, start(forged), "chat: token: bad signature")

	resp, err := http.Get(e.srv.URL + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	metrics, _ := io.ReadAll(resp.Body)
	assert.Contains(t, string(metrics), `lcwasm_auth_keys_fetches_total{result="ok"} 1`,
		"the chat's one fetch (the console's checks are not the chat's)")
}

// TestKeysURLRefusesLoopbackByDefault: without -auth-keys-private the
// console's test of a loopback URL is refused before any request.
func TestKeysURLRefusesLoopbackByDefault(t *testing.T) {
	var body atomic.Value
	body.Store(`{"keys":[]}`)
	var hits atomic.Int32
	keys := jwksServer(t, &body, &hits)
	e := newEnv(t)
	ann := e.signIn("ann")
	code, out := ann.do("POST", "/admin/api/keys-url", `{"url":`+jsonString(keys.URL+"/jwks.json")+`,"alg":"RS256"}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.Contains(t, out, "127.0.0.1 is not a public address")
	assert.Zero(t, hits.Load())
}
