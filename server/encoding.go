package server

import (
	"net/http"
	"strconv"
	"strings"
)

// encoding is a content coding we keep precompressed siblings for.
type encoding struct {
	name string // the Content-Encoding token
	ext  string // the sibling's suffix
}

// encodings in order of preference when the client weighs them equally.
var encodings = []encoding{{"br", ".br"}, {"gzip", ".gz"}}

// acceptEncoding holds the q-values of an Accept-Encoding request header
// (RFC 9110, section 12.5.3).
type acceptEncoding map[string]float64

// parseAcceptEncoding reads every Accept-Encoding header of h. Codings are
// case-insensitive, "x-gzip" means gzip, and entries with an invalid q-value
// are ignored.
func parseAcceptEncoding(h http.Header) acceptEncoding {
	a := acceptEncoding{}
	for _, v := range h.Values("Accept-Encoding") {
		for _, item := range strings.Split(v, ",") {
			coding, q, ok := parseCoding(item)
			if ok {
				a[coding] = q
			}
		}
	}
	return a
}

// parseCoding parses one `coding *( OWS ";" OWS param )` element.
func parseCoding(item string) (coding string, q float64, ok bool) {
	parts := strings.Split(item, ";")
	coding = strings.ToLower(strings.TrimSpace(parts[0]))
	if coding == "" {
		return "", 0, false
	}
	if coding == "x-gzip" {
		coding = "gzip"
	}
	q = 1
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || f > 1 {
			return "", 0, false
		}
		q = f
	}
	return coding, q, true
}

// q returns the weight the client gives coding: its own entry, else the
// "*" entry, else 0 (not acceptable).
func (a acceptEncoding) q(coding string) float64 {
	if q, ok := a[coding]; ok {
		return q
	}
	return a["*"]
}

// choose returns the acceptable encoding with the highest weight among
// those for which available reports a sibling, br winning ties; ok is false
// when the raw file should be sent.
func (a acceptEncoding) choose(available func(encoding) bool) (best encoding, ok bool) {
	bestQ := 0.0
	for _, e := range encodings {
		if q := a.q(e.name); q > bestQ && available(e) {
			best, bestQ, ok = e, q, true
		}
	}
	return best, ok
}
