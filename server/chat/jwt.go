package chat

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// AuthKey verifies the JWTs a widget's page passes as "authToken"
// (setAuthTokenProvider). Alg is the one algorithm it accepts: HS256
// (Secret), RS256 or ES256 (Public, or the keys KeysURL serves: a JWKS,
// whose key a token's "kid" names, or a PEM key; Keys fetches them, and
// without Keys every token is refused). A token must carry "exp" unless
// AllowNoExp; when Audience or Issuer is set, its "aud" must contain
// Audience and its "iss" be Issuer, so that one widget's token is not good
// on another sharing the key.
type AuthKey struct {
	Alg        string
	Secret     []byte
	Public     crypto.PublicKey
	KeysURL    string
	Keys       *KeySets
	Audience   string
	Issuer     string
	AllowNoExp bool
}

// ParseAuthKeys reads {appId: {"alg": "HS256", "secret": "<base64>"} |
// {"alg": "RS256"|"ES256", "publicKey": "<PEM>"} |
// {"alg": "RS256"|"ES256", "keysUrl": "https://…"}}, each with the optional
// "aud" and "iss" a token must carry and "allowNoExp" (true: a token
// without "exp" is accepted, and never expires).
func ParseAuthKeys(data []byte) (map[string]AuthKey, error) {
	var in map[string]struct {
		Alg        string `json:"alg"`
		Secret     string `json:"secret"`
		PublicKey  string `json:"publicKey"`
		KeysURL    string `json:"keysUrl"`
		Aud        string `json:"aud"`
		Iss        string `json:"iss"`
		AllowNoExp bool   `json:"allowNoExp"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("chat: auth keys: %w", err)
	}
	out := make(map[string]AuthKey, len(in))
	for app, k := range in {
		key := AuthKey{Alg: k.Alg, Audience: k.Aud, Issuer: k.Iss, AllowNoExp: k.AllowNoExp}
		var err error
		switch k.Alg {
		case "HS256":
			key.Secret, err = base64.StdEncoding.DecodeString(k.Secret)
			if err == nil && len(key.Secret) < 32 {
				err = errors.New("secret shorter than 32 bytes")
			}
		case "RS256", "ES256":
			if k.KeysURL != "" {
				key.KeysURL = k.KeysURL
				err = checkKeysURL(k.KeysURL)
				if err == nil && k.PublicKey != "" {
					err = errors.New("publicKey and keysUrl: want one of them")
				}
				break
			}
			block, _ := pem.Decode([]byte(k.PublicKey))
			if block == nil {
				err = errors.New("publicKey is not PEM")
				break
			}
			key.Public, err = x509.ParsePKIXPublicKey(block.Bytes)
			if err == nil {
				err = checkKeyType(k.Alg, key.Public)
			}
		default:
			err = fmt.Errorf("alg %q: want HS256, RS256 or ES256", k.Alg)
		}
		if err != nil {
			return nil, fmt.Errorf("chat: auth keys: %s: %w", app, err)
		}
		out[app] = key
	}
	return out, nil
}

func checkKeyType(alg string, pub crypto.PublicKey) error {
	switch pub.(type) {
	case *rsa.PublicKey:
		if alg == "RS256" {
			return nil
		}
	case *ecdsa.PublicKey:
		if alg == "ES256" {
			return nil
		}
	}
	return fmt.Errorf("publicKey is a %T, not a key for %s", pub, alg)
}

// Claims are the checked claims of a visitor's token.
type Claims struct {
	Subject string `json:"sub"`
	Name    string `json:"name,omitempty"`
}

// tokenClaims are the claims Verify reads.
type tokenClaims struct {
	jwt.RegisteredClaims
	Name string `json:"name"`
}

// leeway is the clock skew allowed on "exp" and "nbf".
const leeway = time.Minute

// Verify checks a compact JWT with github.com/golang-jwt/jwt/v5: the
// signature with k's one algorithm (a token naming another is refused),
// "exp" (required unless AllowNoExp) and "nbf" with a minute of leeway,
// and "aud" and "iss" when k names them. It returns the claims; errors
// begin "chat: token: ".
func (k AuthKey) Verify(token string, now time.Time) (Claims, error) {
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{k.Alg}),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(func() time.Time { return now }),
	}
	if !k.AllowNoExp {
		opts = append(opts, jwt.WithExpirationRequired())
	}
	if k.Audience != "" {
		opts = append(opts, jwt.WithAudience(k.Audience))
	}
	if k.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(k.Issuer))
	}
	var c tokenClaims
	_, err := jwt.ParseWithClaims(token, &c, k.keyfunc(now), opts...)
	if err != nil {
		return Claims{}, errors.New("chat: token: " + tokenError(err, token, k.Alg))
	}
	return Claims{Subject: c.Subject, Name: c.Name}, nil
}

// keyfunc gives the key that verifies a token with k.
func (k AuthKey) keyfunc(now time.Time) jwt.Keyfunc {
	switch {
	case k.Alg == "HS256":
		return func(*jwt.Token) (any, error) { return k.Secret, nil }
	case k.KeysURL == "":
		return func(*jwt.Token) (any, error) { return k.Public, nil }
	case k.Keys == nil:
		return func(*jwt.Token) (any, error) { return nil, errKeysUnavailable }
	}
	return k.Keys.keyfunc(k.KeysURL, k.Alg, now)
}

// tokenError is why a token was refused, in the words the widget shows.
func tokenError(err error, token, alg string) string {
	if errors.Is(err, jwt.ErrTokenMalformed) {
		return "not a compact JWT"
	}
	if t, _, perr := jwt.NewParser().ParseUnverified(token, &jwt.MapClaims{}); perr != nil || t.Method == nil ||
		t.Method.Alg() != alg {
		name := ""
		if perr == nil {
			name, _ = t.Header["alg"].(string)
		}
		return fmt.Sprintf("algorithm %q, want %s", name, alg)
	}
	msg := err.Error()
	switch {
	case errors.Is(err, errKeysUnavailable):
		return "no key to verify it (the widget's keys URL gave none)"
	case errors.Is(err, errUnknownKeyID):
		return "unknown key (kid)"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "no key to verify it"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "bad signature"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing) && strings.Contains(msg, "exp claim"):
		return "no exp (this widget requires tokens that expire)"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing) && strings.Contains(msg, "aud claim"),
		errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "wrong audience (aud)"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing) && strings.Contains(msg, "iss claim"),
		errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "wrong issuer (iss)"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return "not valid yet"
	}
	return "bad claims"
}
