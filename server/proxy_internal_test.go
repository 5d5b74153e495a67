package server

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 10.0.0.0/8, 127.0.0.1,::1 ,192.168.1.7/16,")
	require.NoError(t, err)
	var s []string
	for _, p := range got {
		s = append(s, p.String())
	}
	assert.Equal(t, []string{"10.0.0.0/8", "127.0.0.1/32", "::1/128", "192.168.0.0/16"}, s)
	_, err = ParseTrustedProxies("10.0.0.0/33")
	assert.ErrorContains(t, err, "neither a CIDR")
	_, err = ParseTrustedProxies("proxy.example")
	assert.ErrorContains(t, err, `"proxy.example"`)
}

func TestForwardedFor(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8,::1")
	require.NoError(t, err)
	tests := []struct {
		name, peer string
		xff        []string
		proto      string
		wantAddr   string
		wantProto  string
	}{
		{"direct, no headers", "198.51.100.7:4000", nil, "", "198.51.100.7:4000", ""},
		{"untrusted peer: headers dropped", "198.51.100.7:4000", []string{"203.0.113.9"}, "https", "198.51.100.7:4000", ""},
		{"trusted proxy", "10.1.2.3:5000", []string{"203.0.113.9"}, "https", "203.0.113.9:0", "https"},
		{"trusted over v6 loopback", "[::1]:5000", []string{"2001:db8::5"}, "", "[2001:db8::5]:0", ""},
		{"client-sent XFF is skipped past", "10.1.2.3:5000", []string{"1.2.3.4, 203.0.113.9"}, "", "203.0.113.9:0", ""},
		{"chain of trusted proxies", "10.1.2.3:5000", []string{"203.0.113.9", "10.9.9.9"}, "", "203.0.113.9:0", ""},
		{"every hop trusted: the leftmost", "10.1.2.3:5000", []string{"10.0.0.1, 10.0.0.2"}, "", "10.0.0.1:0", ""},
		{"garbage ends the walk", "10.1.2.3:5000", []string{"bogus, 10.0.0.2"}, "", "10.0.0.2:0", ""},
		{"only garbage: the peer", "10.1.2.3:5000", []string{"bogus"}, "", "10.1.2.3:5000", ""},
		{"mapped v4 and a port", "10.1.2.3:5000", []string{"[::ffff:203.0.113.9]:1234"}, "", "203.0.113.9:0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if tt.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			var addr, proto string
			forwardedFor(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				addr, proto = r.RemoteAddr, r.Header.Get("X-Forwarded-Proto")
			})).ServeHTTP(httptest.NewRecorder(), req)
			assert.Equal(t, tt.wantAddr, addr)
			assert.Equal(t, tt.wantProto, proto)
		})
	}
}
