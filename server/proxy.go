package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseTrustedProxies reads a comma-separated list of CIDRs
// ("10.0.0.0/8,::1/128"); a bare address is a network of one.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("server: trusted proxy %q is neither a CIDR (10.0.0.0/8) nor an address", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// hop is what forwardedFor learnt of a request's connection.
type hop struct {
	peer      netip.Addr // the TCP peer (a proxy, or the client itself)
	forwarded bool       // the request carried X-Forwarded-* or Forwarded
}

type hopKey struct{}

// forwardedFor makes r.RemoteAddr the client's address. A request from
// a trusted peer (Options.TrustProxy) is taken at its word: the client
// is the rightmost X-Forwarded-For address that is not itself a trusted
// proxy, and X-Forwarded-Proto and Forwarded are kept (the console's
// cookie is Secure behind a TLS proxy). From any other peer those
// headers are removed, so no limit, log or cookie can be fooled by
// them; the peer is the client.
func forwardedFor(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := hop{peer: addrOf(r.RemoteAddr)}
		for _, name := range []string{"X-Forwarded-For", "X-Forwarded-Proto", "Forwarded"} {
			h.forwarded = h.forwarded || len(r.Header.Values(name)) > 0
		}
		if h.forwarded {
			if isTrusted(trusted, h.peer) {
				if client, ok := clientOf(trusted, r.Header.Values("X-Forwarded-For")); ok {
					r.RemoteAddr = netip.AddrPortFrom(client, 0).String()
				}
			} else {
				r.Header.Del("X-Forwarded-For")
				r.Header.Del("X-Forwarded-Proto")
				r.Header.Del("Forwarded")
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), hopKey{}, h)))
	})
}

// clientOf walks X-Forwarded-For from the right (the hop nearest to us)
// past the trusted proxies; an entry that is no address ends the walk at
// the last good one.
func clientOf(trusted []netip.Prefix, values []string) (netip.Addr, bool) {
	var hops []string
	for _, v := range values {
		hops = append(hops, strings.Split(v, ",")...)
	}
	var client netip.Addr
	for i := len(hops) - 1; i >= 0; i-- {
		a := addrOf(strings.TrimSpace(hops[i]))
		if !a.IsValid() {
			break
		}
		client = a
		if !isTrusted(trusted, a) {
			break
		}
	}
	return client, client.IsValid()
}

// addrOf parses "ip", "ip:port" or "[ip]:port"; invalid when none.
func addrOf(s string) netip.Addr {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap().WithZone("")
}

func isTrusted(trusted []netip.Prefix, a netip.Addr) bool {
	for _, p := range trusted {
		if a.IsValid() && p.Contains(a) {
			return true
		}
	}
	return false
}

// loopbackOnly serves next to a client on this machine that came through
// no proxy (a reverse proxy on loopback forwards the world's requests),
// else 403 naming lcwserver's -metrics-addr.
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := r.Context().Value(hopKey{}).(hop)
		if !ok || h.forwarded || !h.peer.IsLoopback() {
			http.Error(w, "server: /metrics is served to loopback only; run lcwserver with -metrics-addr to scrape from elsewhere",
				http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}
