package chat

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
)

// Limits of a keys URL's fetch (AuthKey.KeysURL).
const (
	// MaxKeysBytes bounds a keys URL's response body.
	MaxKeysBytes = 64 << 10
	// MaxKeys bounds the keys of a JWKS.
	MaxKeys = 50
	// KeysTimeout bounds one fetch: connection, TLS, headers and body.
	KeysTimeout = 5 * time.Second
	// maxKeysRedirects bounds the redirects a fetch follows (each to https).
	maxKeysRedirects = 3
)

// KeysFetch says how keys URLs are fetched. The zero value is the
// production policy: https only, public addresses only, the system's
// certificate authorities.
type KeysFetch struct {
	// AllowPrivate lets a keys URL reach loopback, private, link-local
	// and unspecified addresses (the server's -auth-keys-private flag):
	// the URL is typed in the site owner's console, so by default it
	// cannot make the server call its own network.
	AllowPrivate bool
	// RootCAs are the certificate authorities a keys server's
	// certificate must chain to; nil: the system's (tests: an httptest
	// TLS server's).
	RootCAs *x509.CertPool
}

// checkKeysURL says what is wrong with a keys URL as configured: it
// must be an absolute https URL with a host and no user or password.
func checkKeysURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return errors.New("keysUrl is not a URL")
	case u.Scheme != "https":
		return errors.New("keysUrl must be an https URL")
	case u.Host == "" || u.Hostname() == "":
		return errors.New("keysUrl has no host")
	case u.User != nil:
		return errors.New("keysUrl must not hold a user or password")
	case len(raw) > 2048:
		return errors.New("keysUrl is longer than 2048 bytes")
	}
	return nil
}

// client is the HTTP client of fetches under f: no proxy, a dialer that
// refuses the addresses f does not allow (checked on the address it
// connects to, after DNS), redirects to https only, KeysTimeout.
func (f KeysFetch) client() *http.Client {
	dialer := &net.Dialer{Timeout: KeysTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		if f.AllowPrivate {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("address %q: %w", address, err)
		}
		if !publicAddr(ap.Addr()) {
			return fmt.Errorf("%s is not a public address (the server's -auth-keys-private allows it)", ap.Addr())
		}
		return nil
	}}
	transport := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: f.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   KeysTimeout,
		ResponseHeaderTimeout: KeysTimeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       time.Minute,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: transport, Timeout: KeysTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxKeysRedirects {
				return fmt.Errorf("more than %d redirects", maxKeysRedirects)
			}
			if err := checkKeysURL(req.URL.String()); err != nil {
				return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), err)
			}
			return nil
		}}
}

// publicAddr says whether a is an address on the public Internet.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsGlobalUnicast() && !a.IsPrivate() && !a.IsLoopback() && !a.IsLinkLocalUnicast() &&
		!sharedAddressSpace.Contains(a)
}

// sharedAddressSpace is RFC 6598's carrier-grade NAT range, private too.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// fetchedKeys are the keys one fetch of a keys URL gave: a JWKS (jwks
// chooses among its keys by kid, keyfunc/v3 over their storage) or a
// single PEM key (pem).
type fetchedKeys struct {
	jwks keyfunc.Keyfunc
	pem  crypto.PublicKey
	info []KeyInfo
}

// KeyInfo describes one key a keys URL serves, for the console.
type KeyInfo struct {
	KeyID string `json:"kid,omitempty"`
	Type  string `json:"kty"`
	Alg   string `json:"alg,omitempty"`
}

// fetchKeys gets and parses the keys of rawURL for alg.
func fetchKeys(ctx context.Context, client *http.Client, rawURL, alg string) (*fetchedKeys, error) {
	if err := checkKeysURL(rawURL); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, KeysTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json, application/x-pem-file, text/plain")
	resp, err := client.Do(req)
	if uerr := (*url.Error)(nil); errors.As(err, &uerr) {
		err = uerr.Err // not `Get "<the URL>": …`: the URL is known
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %d, want 200", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxKeysBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if len(body) > MaxKeysBytes {
		return nil, fmt.Errorf("the response is larger than %d bytes", MaxKeysBytes)
	}
	return parseKeys(body, alg)
}

// parseKeys reads a JWKS ({"keys": […]}) or a PEM public key or
// certificate, keeping the keys usable with alg.
func parseKeys(body []byte, alg string) (*fetchedKeys, error) {
	body = bytes.TrimSpace(body)
	switch {
	case bytes.HasPrefix(body, []byte("{")):
		return parseJWKS(body, alg)
	case bytes.HasPrefix(body, []byte("-----BEGIN")):
		pub, err := parsePEMKey(body)
		if err != nil {
			return nil, err
		}
		if err := keyFits(alg, pub); err != nil {
			return nil, err
		}
		return &fetchedKeys{pem: pub, info: []KeyInfo{{Type: keyType(pub), Alg: alg}}}, nil
	}
	return nil, errors.New("the response is neither a JWKS nor a PEM public key")
}

func parseJWKS(body []byte, alg string) (*fetchedKeys, error) {
	var set jwkset.JWKSMarshal
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("the JWKS is not valid JSON: %w", err)
	}
	if len(set.Keys) > MaxKeys {
		return nil, fmt.Errorf("the JWKS has %d keys, more than %d", len(set.Keys), MaxKeys)
	}
	store := jwkset.NewMemoryStorage()
	var info []KeyInfo
	for _, m := range set.Keys {
		jwk, err := jwkset.NewJWKFromMarshal(m, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
		if err != nil {
			continue // a key of another kind (or private) is not ours to use
		}
		if a := jwk.Marshal().ALG.String(); (a != "" && a != alg) || keyFits(alg, publicOf(jwk.Key())) != nil {
			continue
		}
		if use := jwk.Marshal().USE; use != "" && use != jwkset.UseSig {
			continue
		}
		if err := store.KeyWrite(context.Background(), jwk); err != nil {
			return nil, err
		}
		info = append(info, KeyInfo{KeyID: m.KID, Type: m.KTY.String(), Alg: m.ALG.String()})
	}
	if len(info) == 0 {
		return nil, fmt.Errorf("the JWKS has no %s signing key", alg)
	}
	kf, err := keyfunc.New(keyfunc.Options{Storage: store})
	if err != nil {
		return nil, err
	}
	return &fetchedKeys{jwks: kf, info: info}, nil
}

// parsePEMKey reads a PUBLIC KEY (PKIX), RSA PUBLIC KEY (PKCS #1) or
// CERTIFICATE block.
func parsePEMKey(body []byte) (crypto.PublicKey, error) {
	block, _ := pem.Decode(body)
	if block == nil {
		return nil, errors.New("the response is not PEM")
	}
	switch block.Type {
	case "PUBLIC KEY":
		return x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		return x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		return cert.PublicKey, nil
	}
	return nil, fmt.Errorf("PEM block %q, want PUBLIC KEY or CERTIFICATE", block.Type)
}

// keyFits says whether pub can verify alg: an RSA key RS256, a P-256
// key ES256.
func keyFits(alg string, pub crypto.PublicKey) error {
	if err := checkKeyType(alg, pub); err != nil {
		return err
	}
	if ec, ok := pub.(*ecdsa.PublicKey); ok && ec.Curve != elliptic.P256() {
		return fmt.Errorf("publicKey is on curve %s, not P-256 for ES256", ec.Curve.Params().Name)
	}
	return nil
}

// publicOf is k's public half when k is a private key.
func publicOf(k any) crypto.PublicKey {
	if p, ok := k.(interface{ Public() crypto.PublicKey }); ok {
		return p.Public()
	}
	return k
}

func keyType(pub crypto.PublicKey) string {
	if checkKeyType("RS256", pub) == nil {
		return "RSA"
	}
	return "EC"
}
