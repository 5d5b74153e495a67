package chat_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

// sign makes a compact JWT; sig signs the "header.payload" string.
func sign(alg string, claims map[string]any, sig func([]byte) []byte) string {
	enc := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
	signed := enc(map[string]string{"alg": alg, "typ": "JWT"}) + "." + enc(claims)
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig([]byte(signed)))
}

func hs256(key []byte) func([]byte) []byte {
	return func(b []byte) []byte { m := hmac.New(sha256.New, key); m.Write(b); return m.Sum(nil) }
}

func TestVerifyJWT(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	key := chat.AuthKey{Alg: "HS256", Secret: secret}
	good := sign("HS256", map[string]any{"sub": "cust-42", "name": "Alice", "exp": now.Unix() + 300}, hs256(secret))
	c, err := key.Verify(good, now)
	require.NoError(t, err)
	assert.Equal(t, chat.Claims{Subject: "cust-42", Name: "Alice"}, c)

	for name, tok := range map[string]string{
		"wrong key": sign("HS256", map[string]any{"sub": "x"}, hs256([]byte("another secret of 32 bytes......"))),
		"expired":   sign("HS256", map[string]any{"sub": "x", "exp": now.Unix() - 120}, hs256(secret)),
		"not yet":   sign("HS256", map[string]any{"sub": "x", "nbf": now.Unix() + 120}, hs256(secret)),
		"alg none":  sign("none", map[string]any{"sub": "x"}, func([]byte) []byte { return nil }),
		"garbage":   "a.b",
	} {
		_, err := key.Verify(tok, now)
		assert.Error(t, err, name)
	}

	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	exp := now.Unix() + 300
	rsaTok := sign("RS256", map[string]any{"sub": "r", "exp": exp}, func(b []byte) []byte {
		d := sha256.Sum256(b)
		s, _ := rsa.SignPKCS1v15(rand.Reader, rk, crypto.SHA256, d[:])
		return s
	})
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecTok := sign("ES256", map[string]any{"sub": "e", "exp": exp}, func(b []byte) []byte {
		d := sha256.Sum256(b)
		r, s, _ := ecdsa.Sign(rand.Reader, ek, d[:])
		return append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	})
	pemOf := func(pub any) string {
		der, _ := x509.MarshalPKIXPublicKey(pub)
		return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	}
	cfg, _ := json.Marshal(map[string]any{
		"h": map[string]string{"alg": "HS256", "secret": base64.StdEncoding.EncodeToString(secret)},
		"r": map[string]string{"alg": "RS256", "publicKey": pemOf(&rk.PublicKey)},
		"e": map[string]string{"alg": "ES256", "publicKey": pemOf(&ek.PublicKey)},
	})
	keys, err := chat.ParseAuthKeys(cfg)
	require.NoError(t, err)
	_, err = keys["r"].Verify(rsaTok, now)
	assert.NoError(t, err)
	_, err = keys["e"].Verify(ecTok, now)
	assert.NoError(t, err)
	_, err = keys["e"].Verify(rsaTok, now)
	assert.Error(t, err, "algorithm mismatch")
	for _, bad := range []string{`{"x":{"alg":"HS256","secret":"c2hvcnQ="}}`, `{"x":{"alg":"RS256","publicKey":"nope"}}`,
		`{"x":{"alg":"none"}}`} {
		_, err := chat.ParseAuthKeys([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestStartWithAuthToken(t *testing.T) {
	e := newEnv(t, "", map[string]chat.Widget{
		"w1":   {},
		"auth": {Auth: &chat.AuthKey{Alg: "HS256", Secret: secret}},
	})
	dial := func(app string) *client {
		c, _, err := e.dial("/api/v1/widgets/"+app+"/chat", dialOpts())
		require.NoError(t, err)
		return c
	}
	c := dial("auth")
	c.send(frame{"type": "start", "cid": "s", "visitor": frame{"id": "v"}})
	assert.Equal(t, "auth_required", c.expect("error")["code"])
	assert.Equal(t, chat.StatusAuthFailed, c.closed())

	c = dial("auth")
	c.send(frame{"type": "start", "cid": "s", "visitor": frame{"id": "v"}, "authToken": "x.y.z"})
	assert.Equal(t, "auth_invalid", c.expect("error")["code"])
	assert.Equal(t, chat.StatusAuthFailed, c.closed())

	c = dial("auth")
	tok := sign("HS256", map[string]any{"sub": "cust-42", "name": "Alice", "exp": time.Now().Unix() + 300}, hs256(secret))
	c.send(frame{"type": "start", "cid": "s", "visitor": frame{"id": "v"}, "authToken": tok,
		"context": frame{"authenticated": frame{"sub": "forged"}}})
	conv := c.expect("started")["conversation"].(string)
	ann := e.agent("ann")
	ann.send(frame{"type": "accept", "conversation": conv})
	assert.Equal(t, map[string]any{"sub": "cust-42", "name": "Alice"}, ann.expect("conversation")["details"].(map[string]any)["authenticated"])

	c = dial("w1")
	c.send(frame{"type": "start", "cid": "s", "visitor": frame{"id": "v"}, "context": frame{"authenticated": frame{"sub": "forged"}}})
	conv = c.expect("started")["conversation"].(string)
	ann.send(frame{"type": "accept", "conversation": conv})
	assert.Nil(t, ann.expect("conversation")["details"].(map[string]any)["authenticated"], "only the server sets it")
}

// TestVerifyJWTClaimsPolicy: a token without exp is refused unless the key
// allows it; aud and iss, when the key names them, must match, so one
// widget's token is not good on another sharing the secret; a key takes
// only its own algorithm, whatever the token's header says.
func TestVerifyJWTClaimsPolicy(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	exp := now.Unix() + 300
	key := chat.AuthKey{Alg: "HS256", Secret: secret}
	noExp := sign("HS256", map[string]any{"sub": "x"}, hs256(secret))
	_, err := key.Verify(noExp, now)
	assert.EqualError(t, err, "chat: token: no exp (this widget requires tokens that expire)")
	lax := key
	lax.AllowNoExp = true
	c, err := lax.Verify(noExp, now)
	require.NoError(t, err)
	assert.Equal(t, "x", c.Subject)

	scoped := chat.AuthKey{Alg: "HS256", Secret: secret, Audience: "shop-widget", Issuer: "https://id.shop.example"}
	for name, tc := range map[string]struct {
		claims map[string]any
		err    string
	}{
		"both match":      {map[string]any{"sub": "x", "exp": exp, "aud": "shop-widget", "iss": "https://id.shop.example"}, ""},
		"aud in a list":   {map[string]any{"sub": "x", "exp": exp, "aud": []string{"other", "shop-widget"}, "iss": "https://id.shop.example"}, ""},
		"another widget":  {map[string]any{"sub": "x", "exp": exp, "aud": "blog-widget", "iss": "https://id.shop.example"}, "chat: token: wrong audience (aud)"},
		"no aud":          {map[string]any{"sub": "x", "exp": exp, "iss": "https://id.shop.example"}, "chat: token: wrong audience (aud)"},
		"another issuer":  {map[string]any{"sub": "x", "exp": exp, "aud": "shop-widget", "iss": "https://evil.example"}, "chat: token: wrong issuer (iss)"},
		"expired, scoped": {map[string]any{"sub": "x", "exp": now.Unix() - 120, "aud": "shop-widget", "iss": "https://id.shop.example"}, "chat: token: expired"},
	} {
		_, err := scoped.Verify(sign("HS256", tc.claims, hs256(secret)), now)
		if tc.err == "" {
			assert.NoError(t, err, name)
		} else {
			assert.EqualError(t, err, tc.err, name)
		}
	}
	// The unscoped key ignores aud and iss.
	_, err = key.Verify(sign("HS256", map[string]any{"sub": "x", "exp": exp, "aud": "blog-widget"}, hs256(secret)), now)
	assert.NoError(t, err)

	_, err = key.Verify(sign("HS384", map[string]any{"sub": "x", "exp": exp}, hs256(secret)), now)
	assert.EqualError(t, err, `chat: token: algorithm "HS384", want HS256`)
	_, err = key.Verify(sign("none", map[string]any{"sub": "x", "exp": exp}, func([]byte) []byte { return nil }), now)
	assert.EqualError(t, err, `chat: token: algorithm "none", want HS256`)

	keys, err := chat.ParseAuthKeys([]byte(`{"w":{"alg":"HS256","secret":"` + base64.StdEncoding.EncodeToString(secret) +
		`","aud":"shop-widget","iss":"https://id.shop.example","allowNoExp":true}}`))
	require.NoError(t, err)
	assert.Equal(t, chat.AuthKey{Alg: "HS256", Secret: secret, Audience: "shop-widget", Issuer: "https://id.shop.example", AllowNoExp: true}, keys["w"])
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	der, _ := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	_, err = chat.ParseAuthKeys([]byte(`{"w":{"alg":"ES256","publicKey":` + jsonString(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))) + `}}`))
	assert.ErrorContains(t, err, "not a key for ES256")
}

func jsonString(s string) string { b, _ := json.Marshal(s); return string(b) }
