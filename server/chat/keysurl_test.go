package chat_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/chat"
)

// keysServer is an https server of keys: it serves body, counting hits.
type keysServer struct {
	*httptest.Server
	mu   sync.Mutex
	body string
	code int
	hits atomic.Int32
}

func newKeysServer(t *testing.T, body string) *keysServer {
	t.Helper()
	ks := &keysServer{body: body, code: http.StatusOK}
	ks.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ks.hits.Add(1)
		ks.mu.Lock()
		body, code := ks.body, ks.code
		ks.mu.Unlock()
		w.WriteHeader(code)
		w.Write([]byte(body))
	}))
	t.Cleanup(ks.Close)
	return ks
}

func (ks *keysServer) serve(code int, body string) {
	ks.mu.Lock()
	ks.code, ks.body = code, body
	ks.mu.Unlock()
}

// keySets fetches from ks's loopback address, trusting its certificate.
func (ks *keysServer) keySets(t *testing.T) *chat.KeySets {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(ks.Certificate())
	s := chat.NewKeySets(chat.KeysFetch{AllowPrivate: true, RootCAs: pool}, nil, nil)
	t.Cleanup(s.Close)
	return s
}

var (
	rsaKeys = map[string]*rsa.PrivateKey{}
	rsaOnce sync.Mutex
)

// rsaKey is the test's RSA key named kid, made once.
func rsaKey(t *testing.T, kid string) *rsa.PrivateKey {
	t.Helper()
	rsaOnce.Lock()
	defer rsaOnce.Unlock()
	if k := rsaKeys[kid]; k != nil {
		return k
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	rsaKeys[kid] = k
	return k
}

// jwks is a JWK Set of the RSA keys named kids.
func jwks(t *testing.T, kids ...string) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	var keys []map[string]string
	for _, kid := range kids {
		pub := rsaKey(t, kid).PublicKey
		keys = append(keys, map[string]string{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
			"n": enc(pub.N.Bytes()), "e": enc(big.NewInt(int64(pub.E)).Bytes())})
	}
	b, err := json.Marshal(map[string]any{"keys": keys})
	require.NoError(t, err)
	return string(b)
}

// rsaToken is a token signed by the key kid, naming it in its header
// unless noKid.
func rsaToken(t *testing.T, kid string, now time.Time, noKid bool) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"sub": "sub-" + kid, "exp": now.Add(time.Hour).Unix()})
	if !noKid {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(rsaKey(t, kid))
	require.NoError(t, err)
	return s
}

func pemOf(t *testing.T, typ string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

func TestKeysURLJWKSChoosesByKid(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	srv := newKeysServer(t, jwks(t, "a", "b"))
	key := chat.AuthKey{Alg: "RS256", KeysURL: srv.URL + "/jwks.json", Keys: srv.keySets(t)}
	for _, kid := range []string{"a", "b"} {
		c, err := key.Verify(rsaToken(t, kid, now, false), now)
		require.NoError(t, err, kid)
		assert.Equal(t, "sub-"+kid, c.Subject)
	}
	c, err := key.Verify(rsaToken(t, "b", now, true), now)
	require.NoError(t, err, "a token without kid may match any key of the set")
	assert.Equal(t, "sub-b", c.Subject)
	assert.EqualValues(t, 1, srv.hits.Load(), "fetched at the first token, then kept")

	_, err = key.Verify(rsaToken(t, "stranger", now, false), now)
	assert.EqualError(t, err, "chat: token: unknown key (kid)")
}

func TestKeysURLRotation(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	srv := newKeysServer(t, jwks(t, "old"))
	key := chat.AuthKey{Alg: "RS256", KeysURL: srv.URL, Keys: srv.keySets(t)}
	_, err := key.Verify(rsaToken(t, "old", now, false), now)
	require.NoError(t, err)

	srv.serve(http.StatusOK, jwks(t, "old", "new"))
	_, err = key.Verify(rsaToken(t, "new", now, false), now.Add(10*time.Second))
	assert.EqualError(t, err, "chat: token: unknown key (kid)", "within KeysRetry of the last fetch: not fetched again")
	assert.EqualValues(t, 1, srv.hits.Load())

	later := now.Add(chat.KeysRetry)
	c, err := key.Verify(rsaToken(t, "new", later, false), later)
	require.NoError(t, err, "the unknown kid fetched the keys again")
	assert.Equal(t, "sub-new", c.Subject)
	assert.EqualValues(t, 2, srv.hits.Load())
}

func TestKeysURLUnknownKidFetchesAtMostOncePerMinute(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	srv := newKeysServer(t, jwks(t, "a"))
	key := chat.AuthKey{Alg: "RS256", KeysURL: srv.URL, Keys: srv.keySets(t)}
	forged := func(at time.Time, i int) string { // a token with a kid nobody has
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"sub": "x", "exp": at.Add(time.Hour).Unix()})
		tok.Header["kid"] = "forged-" + string(rune('a'+i))
		s, err := tok.SignedString(rsaKey(t, "a"))
		require.NoError(t, err)
		return s
	}
	for i := range 20 { // 20 tokens in 20 seconds, then 20 in the next minute
		at := now.Add(time.Duration(i) * time.Second)
		_, err := key.Verify(forged(at, i), at)
		assert.Error(t, err)
	}
	assert.EqualValues(t, 1, srv.hits.Load(), "the first token fetched; the others waited for KeysRetry")
	for i := range 20 {
		at := now.Add(chat.KeysRetry + time.Duration(i)*time.Second)
		_, err := key.Verify(forged(at, i), at)
		assert.Error(t, err)
	}
	assert.EqualValues(t, 2, srv.hits.Load(), "one fetch for the next minute's forged kids")
	_, err := key.Verify(rsaToken(t, "a", now, false), now.Add(90*time.Second))
	assert.NoError(t, err, "the known key still verifies")
}

func TestKeysURLPEM(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	k := rsaKey(t, "pem")
	pkix, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	require.NoError(t, err)
	for name, body := range map[string]string{
		"PUBLIC KEY":     pemOf(t, "PUBLIC KEY", pkix),
		"RSA PUBLIC KEY": pemOf(t, "RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&k.PublicKey)),
		"CERTIFICATE":    pemOf(t, "CERTIFICATE", cert),
	} {
		t.Run(name, func(t *testing.T) {
			srv := newKeysServer(t, "\n"+body)
			key := chat.AuthKey{Alg: "RS256", KeysURL: srv.URL + "/public.pem", Keys: srv.keySets(t)}
			for _, noKid := range []bool{true, false} {
				c, err := key.Verify(rsaToken(t, "pem", now, noKid), now)
				require.NoError(t, err, "a PEM key verifies with or without kid")
				assert.Equal(t, "sub-pem", c.Subject)
			}
			_, err := key.Verify(rsaToken(t, "other", now, true), now)
			assert.EqualError(t, err, "chat: token: bad signature")
			info, err := key.Keys.Check(context.Background(), key.KeysURL, "RS256")
			require.NoError(t, err)
			assert.Equal(t, []chat.KeyInfo{{Type: "RSA", Alg: "RS256"}}, info)
		})
	}
}

func TestKeysURLBadResponses(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ecDER, err := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, body, want string
		code             int
	}{
		{"not found", "nope", "HTTP status 404, want 200", http.StatusNotFound},
		{"html", "<html>sign in</html>", "neither a JWKS nor a PEM public key", 0},
		{"bad json", `{"keys": [`, "the JWKS is not valid JSON", 0},
		{"no keys", `{"keys": []}`, "the JWKS has no RS256 signing key", 0},
		{"only a shared secret", `{"keys": [{"kty": "oct", "kid": "a", "k": "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}]}`, "the JWKS has no RS256 signing key", 0},
		{"an EC key for RS256", pemOf(t, "PUBLIC KEY", ecDER), "publicKey is a *ecdsa.PublicKey, not a key for RS256", 0},
		{"bad PEM", "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n", "the response is not PEM", 0},
		{"oversize", `{"keys": [], "pad": "` + strings.Repeat("x", chat.MaxKeysBytes) + `"}`, "the response is larger than 65536 bytes", 0},
		{"too many keys", `{"keys": [` + strings.Repeat(`{"kty": "RSA"},`, chat.MaxKeys) + `{"kty": "RSA"}]}`, "the JWKS has 51 keys, more than 50", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newKeysServer(t, tc.body)
			if tc.code != 0 {
				srv.serve(tc.code, tc.body)
			}
			key := chat.AuthKey{Alg: "RS256", KeysURL: srv.URL, Keys: srv.keySets(t)}
			_, err := key.Verify(rsaToken(t, "a", now, false), now)
			assert.EqualError(t, err, "chat: token: no key to verify it (the widget's keys URL gave none)")
			_, err = key.Keys.Check(context.Background(), srv.URL, "RS256")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "chat: keys URL: "), err.Error())
		})
	}
}

func TestKeysURLKeepsTheLastGoodKeys(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	srv := newKeysServer(t, jwks(t, "a"))
	key := chat.AuthKey{Alg: "RS256", KeysURL: srv.URL, Keys: srv.keySets(t)}
	_, err := key.Verify(rsaToken(t, "a", now, false), now)
	require.NoError(t, err)

	srv.serve(http.StatusInternalServerError, "down")
	later := now.Add(chat.KeysRefresh)
	_, err = key.Verify(rsaToken(t, "a", later, false), later)
	require.NoError(t, err, "old keys verify while the background fetch runs")
	require.Eventually(t, func() bool { return srv.hits.Load() == 2 }, 5*time.Second, 10*time.Millisecond,
		"keys older than KeysRefresh are fetched again in the background")
	_, err = key.Verify(rsaToken(t, "a", later, false), later.Add(time.Second))
	assert.NoError(t, err, "a failed fetch keeps the last good keys")
	assert.EqualValues(t, 2, srv.hits.Load(), "and is not retried within KeysRetry")
}

// TestKeysURLFirstFetchFailsThenRetries: a URL that fails is fetched at
// most once a minute, each failure logged with the URL and counted.
func TestKeysURLFirstFetchFailsThenRetries(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	srv := newKeysServer(t, "")
	srv.serve(http.StatusServiceUnavailable, "")
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	var log bytes.Buffer
	var results []string
	sets := chat.NewKeySets(chat.KeysFetch{AllowPrivate: true, RootCAs: pool}, slog.New(slog.NewTextHandler(&log, nil)),
		func(r string) { results = append(results, r) })
	t.Cleanup(sets.Close)
	key := chat.AuthKey{Alg: "RS256", KeysURL: srv.URL, Keys: sets}
	for i := range 5 {
		_, err := key.Verify(rsaToken(t, "a", now, false), now.Add(time.Duration(i)*time.Second))
		assert.EqualError(t, err, "chat: token: no key to verify it (the widget's keys URL gave none)")
	}
	assert.EqualValues(t, 1, srv.hits.Load(), "a failing URL is fetched at most once per KeysRetry")
	assert.Contains(t, log.String(), `msg="chat: keys URL: fetch failed; the last good keys stay" url=`+srv.URL+` err="HTTP status 503, want 200" have_keys=false`)
	srv.serve(http.StatusOK, jwks(t, "a"))
	_, err := key.Verify(rsaToken(t, "a", now, false), now.Add(chat.KeysRetry))
	assert.NoError(t, err)
	assert.Equal(t, []string{"error", "ok"}, results)
}

func TestKeysURLRefusesWhatIsNotHTTPSOrPublic(t *testing.T) {
	_, err := chat.ParseAuthKeys([]byte(`{"w": {"alg": "RS256", "keysUrl": "http://idp.example/jwks"}}`))
	assert.EqualError(t, err, "chat: auth keys: w: keysUrl must be an https URL")
	_, err = chat.ParseAuthKeys([]byte(`{"w": {"alg": "RS256", "keysUrl": "https://u:p@idp.example/jwks"}}`))
	assert.EqualError(t, err, "chat: auth keys: w: keysUrl must not hold a user or password")
	_, err = chat.ParseAuthKeys([]byte(`{"w": {"alg": "RS256", "keysUrl": "https://idp.example/jwks", "publicKey": "x"}}`))
	assert.EqualError(t, err, "chat: auth keys: w: publicKey and keysUrl: want one of them")
	keys, err := chat.ParseAuthKeys([]byte(`{"w": {"alg": "ES256", "keysUrl": "https://idp.example/.well-known/jwks.json", "aud": "chat"}}`))
	require.NoError(t, err)
	assert.Equal(t, chat.AuthKey{Alg: "ES256", KeysURL: "https://idp.example/.well-known/jwks.json", Audience: "chat"}, keys["w"])

	srv := newKeysServer(t, jwks(t, "a"))
	ctx := context.Background()
	_, err = chat.NewKeySets(chat.KeysFetch{}, nil, nil).Check(ctx, srv.URL, "RS256")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "127.0.0.1 is not a public address", "loopback needs -auth-keys-private")
	_, err = srv.keySets(t).Check(ctx, strings.Replace(srv.URL, "https:", "http:", 1), "RS256")
	assert.EqualError(t, err, "chat: keys URL: keysUrl must be an https URL")

	redirect := httptest.NewTLSServer(http.RedirectHandler(strings.Replace(srv.URL, "https:", "http:", 1), http.StatusFound))
	t.Cleanup(redirect.Close)
	pool := x509.NewCertPool()
	pool.AddCert(redirect.Certificate())
	_, err = chat.NewKeySets(chat.KeysFetch{AllowPrivate: true, RootCAs: pool}, nil, nil).Check(ctx, redirect.URL, "RS256")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "keysUrl must be an https URL", "no redirect to http")

	untrusted := chat.NewKeySets(chat.KeysFetch{AllowPrivate: true}, nil, nil)
	_, err = untrusted.Check(ctx, srv.URL, "RS256")
	assert.ErrorContains(t, err, "certificate", "the certificate must chain to a trusted authority")
}

func TestKeysURLRefusesAlgorithmConfusion(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	srv := newKeysServer(t, jwks(t, "a"))
	key := chat.AuthKey{Alg: "RS256", KeysURL: srv.URL, Keys: srv.keySets(t)}
	pub := rsaKey(t, "a").PublicKey
	pkix, err := x509.MarshalPKIXPublicKey(&pub)
	require.NoError(t, err)
	for name, tc := range map[string]struct{ tok, want string }{
		"HS256 with the public key as secret": {sign("HS256", map[string]any{"sub": "x", "exp": now.Unix() + 60},
			hs256([]byte(pemOf(t, "PUBLIC KEY", pkix)))), `chat: token: algorithm "HS256", want RS256`},
		"none": {sign("none", map[string]any{"sub": "x", "exp": now.Unix() + 60}, func([]byte) []byte { return nil }),
			`chat: token: algorithm "none", want RS256`},
		"RS384 with the right key": {func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodRS384, jwt.MapClaims{"sub": "x", "exp": now.Unix() + 60})
			tok.Header["kid"] = "a"
			s, err := tok.SignedString(rsaKey(t, "a"))
			require.NoError(t, err)
			return s
		}(), `chat: token: algorithm "RS384", want RS256`},
	} {
		_, err := key.Verify(tc.tok, now)
		assert.EqualError(t, err, tc.want, name)
	}
	es := chat.AuthKey{Alg: "ES256", KeysURL: srv.URL, Keys: srv.keySets(t)}
	_, err = es.Verify(rsaToken(t, "a", now, false), now)
	assert.EqualError(t, err, `chat: token: algorithm "RS256", want ES256`)
	_, err = es.Keys.Check(context.Background(), srv.URL, "ES256")
	assert.EqualError(t, err, "chat: keys URL: the JWKS has no ES256 signing key", "an RSA JWKS serves no ES256 key")
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	p384DER, err := x509.MarshalPKIXPublicKey(&p384.PublicKey)
	require.NoError(t, err)
	srv384 := newKeysServer(t, pemOf(t, "PUBLIC KEY", p384DER))
	_, err = srv384.keySets(t).Check(context.Background(), srv384.URL, "ES256")
	assert.EqualError(t, err, "chat: keys URL: publicKey is on curve P-384, not P-256 for ES256")
	_, err = (chat.AuthKey{Alg: "RS256", KeysURL: srv.URL}).Verify(rsaToken(t, "a", now, false), now)
	assert.EqualError(t, err, "chat: token: no key to verify it (the widget's keys URL gave none)", "no KeySets: nothing verifies")
}

// TestKeysURLTimesOut: a keys server that never answers is given up
// after KeysTimeout.
func TestKeysURLTimesOut(t *testing.T) {
	t.Parallel()
	hang := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(hang.Close)
	pool := x509.NewCertPool()
	pool.AddCert(hang.Certificate())
	start := time.Now()
	_, err := chat.NewKeySets(chat.KeysFetch{AllowPrivate: true, RootCAs: pool}, nil, nil).Check(context.Background(), hang.URL, "RS256")
	took := time.Since(start)
	require.Error(t, err)
	assert.GreaterOrEqual(t, took, chat.KeysTimeout-100*time.Millisecond)
	assert.Less(t, took, chat.KeysTimeout+3*time.Second)
}
