package metrics

import (
	"net"
	"net/http"
	"net/netip"
)

// LoopbackOnly serves next only to a request from a loopback address
// that carries no X-Forwarded-For or Forwarded header (a reverse proxy
// on the same machine forwards the world's requests from loopback);
// others get 403 naming -metrics-addr.
func LoopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fromLoopback(r) {
			http.Error(w, "metrics: served to loopback only; run lcwserver with -metrics-addr to scrape from elsewhere",
				http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func fromLoopback(r *http.Request) bool {
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
