package chat

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// AuthKey verifies the JWTs a widget's page passes as "authToken"
// (setAuthTokenProvider). Alg is HS256 (Secret), RS256 or ES256 (Public).
type AuthKey struct {
	Alg    string
	Secret []byte
	Public crypto.PublicKey
}

// ParseAuthKeys reads {appId: {"alg": "HS256", "secret": "<base64>"} |
// {"alg": "RS256"|"ES256", "publicKey": "<PEM>"}}.
func ParseAuthKeys(data []byte) (map[string]AuthKey, error) {
	var in map[string]struct {
		Alg, Secret, PublicKey string
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("chat: auth keys: %w", err)
	}
	out := make(map[string]AuthKey, len(in))
	for app, k := range in {
		key := AuthKey{Alg: k.Alg}
		var err error
		switch k.Alg {
		case "HS256":
			key.Secret, err = base64.StdEncoding.DecodeString(k.Secret)
			if err == nil && len(key.Secret) < 32 {
				err = errors.New("secret shorter than 32 bytes")
			}
		case "RS256", "ES256":
			block, _ := pem.Decode([]byte(k.PublicKey))
			if block == nil {
				err = errors.New("publicKey is not PEM")
				break
			}
			key.Public, err = x509.ParsePKIXPublicKey(block.Bytes)
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

// Claims are the checked claims of a visitor's token.
type Claims struct {
	Subject string `json:"sub"`
	Name    string `json:"name,omitempty"`
}

// Verify checks a compact JWT's signature, algorithm, "exp" and "nbf"
// (one minute of leeway) and returns its claims.
func (k AuthKey) Verify(token string, now time.Time) (Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Claims{}, errors.New("chat: token: not a compact JWT")
	}
	var hdr struct{ Alg string }
	if err := decodeSegment(parts[0], &hdr); err != nil || hdr.Alg != k.Alg {
		return Claims{}, fmt.Errorf("chat: token: algorithm %q, want %s", hdr.Alg, k.Alg)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return Claims{}, errors.New("chat: token: bad signature encoding")
	}
	if !k.verifySignature([]byte(parts[0]+"."+parts[1]), sig) {
		return Claims{}, errors.New("chat: token: bad signature")
	}
	var c struct {
		Claims
		Exp *float64 `json:"exp"`
		Nbf *float64 `json:"nbf"`
	}
	if err := decodeSegment(parts[1], &c); err != nil {
		return Claims{}, errors.New("chat: token: bad claims")
	}
	const leeway = 60
	t := float64(now.Unix())
	if c.Exp != nil && t > *c.Exp+leeway {
		return Claims{}, errors.New("chat: token: expired")
	}
	if c.Nbf != nil && t < *c.Nbf-leeway {
		return Claims{}, errors.New("chat: token: not valid yet")
	}
	return c.Claims, nil
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func (k AuthKey) verifySignature(signed, sig []byte) bool {
	digest := sha256.Sum256(signed)
	switch k.Alg {
	case "HS256":
		m := hmac.New(sha256.New, k.Secret)
		m.Write(signed)
		return hmac.Equal(m.Sum(nil), sig)
	case "RS256":
		pub, ok := k.Public.(*rsa.PublicKey)
		return ok && rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) == nil
	case "ES256":
		pub, ok := k.Public.(*ecdsa.PublicKey)
		if !ok || len(sig) != 64 {
			return false
		}
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return ecdsa.Verify(pub, digest[:], r, s)
	}
	return false
}
