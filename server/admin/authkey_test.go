package admin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/admin"
)

func TestValidateAuthKey(t *testing.T) {
	_, pemKey := newES256(t)
	tests := []struct {
		name, key string
		want      []string
	}{
		{"public key", `{"alg":"ES256","publicKey":` + jsonString(pemKey) + `,"aud":"shop"}`, nil},
		{"secret", `{"alg":"HS256","secret":"c2VjcmV0"}`, []string{
			"server: authKey.secret: a shared secret must not be published in a configuration (every version keeps it): use RS256 or ES256 with a public key, or the server's -auth-keys file",
			"server: authKey.alg: want RS256 or ES256"}},
		{"not PEM", `{"alg":"RS256","publicKey":"abc"}`, []string{"server: authKey.publicKey: publicKey is not PEM"}},
		{"wrong key type", `{"alg":"RS256","publicKey":` + jsonString(pemKey) + `}`, []string{"server: authKey.publicKey: publicKey is a *ecdsa.PublicKey, not a key for RS256"}},
		{"unknown field", `{"alg":"ES256","publicKey":` + jsonString(pemKey) + `,"kid":"x"}`, []string{`server: authKey: unknown field "kid"`}},
		{"not an object", `"ES256"`, []string{"server: authKey: want an object with alg and publicKey or keysUrl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range admin.Validate("w", json.RawMessage(`{"authKey":`+tt.key+`}`)) {
				got = append(got, p.Text)
			}
			assert.ElementsMatch(t, tt.want, got)
		})
	}
}

// TestAuthKeyApplyAtOnce: a public key published in the console makes the
// chat service require a token it verifies, at once; the configuration
// endpoint never serves the key.
func TestAuthKeyApplyAtOnce(t *testing.T) {
	e := newEnv(t)
	ann := e.signIn("ann")
	priv, pemKey := newES256(t)
	start := func(token string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
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
	assert.Contains(t, start(""), `"type":"started"`, "no key yet: anyone may chat")

	code, out := ann.do("POST", "/admin/api/widgets/lcw-demo-off/publish",
		`{"config":{"appId":"lcw-demo-off","chat":{"enabled":true},"authKey":{"alg":"ES256","publicKey":`+jsonString(pemKey)+`,"aud":"shop"}}}`, nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.Contains(t, start(""), "this widget requires an authToken")
	signed, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"sub": "u1", "aud": "shop",
		"exp": time.Now().Add(time.Hour).Unix()}).SignedString(priv)
	require.NoError(t, err)
	assert.Contains(t, start(signed), `"type":"started"`, "a token the published key verifies")

	resp, err := http.Get(e.srv.URL + "/api/v1/widgets/lcw-demo-off/config")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.NotContains(t, string(b), "authKey", "the key stays on the server")
	assert.Contains(t, string(b), `"chat":{"enabled":true}`)
}

func newES256(t *testing.T) (*ecdsa.PrivateKey, string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	require.NoError(t, err)
	return priv, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
