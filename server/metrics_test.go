package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

// scrape reads /metrics from a loopback client.
func scrape(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	return string(b)
}

// A chat, a refused beacon and a wrong password show in /metrics: the
// gauges read the hub and the store at the scrape, the counters count.
func TestMetricsCountTheChat(t *testing.T) {
	h, err := server.New(fixture())
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	defer h.Shutdown(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/widgets/w1/chat",
		&websocket.DialOptions{Subprotocols: []string{"lcwasm.v1"}})
	require.NoError(t, err)
	defer ws.CloseNow()
	for _, f := range []string{`{"type":"start","cid":"s","visitor":{"id":"v"}}`, `{"type":"send","cid":"m1","text":"hello"}`} {
		require.NoError(t, ws.Write(ctx, websocket.MessageText, []byte(f)))
	}
	for {
		_, b, err := ws.Read(ctx)
		require.NoError(t, err)
		if strings.Contains(string(b), `"type":"ack"`) {
			break
		}
	}
	resp, err := http.Post(srv.URL+"/api/v1/widgets/w1/beacon", "text/plain", strings.NewReader("not json"))
	require.NoError(t, err)
	resp.Body.Close()
	resp, err = http.PostForm(srv.URL+"/agent/login", url.Values{"user": {"demo"}, "password": {"wrong"}})
	require.NoError(t, err)
	resp.Body.Close()

	require.Eventually(t, func() bool { // the queue is read as last broadcast
		resp, err := http.Get(srv.URL + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return strings.Contains(string(b), "\nlcwasm_queue_length 1\n")
	}, 5*time.Second, 10*time.Millisecond)
	got := scrape(t, srv.URL)
	for _, line := range []string{
		`lcwasm_sockets_open{channel="visitor"} 1`,
		`lcwasm_sockets_open{channel="agent"} 0`,
		`lcwasm_conversations{state="queued"} 1`,
		`lcwasm_conversations{state="ended"} 0`,
		`lcwasm_messages_stored_total{from="visitor"} 1`,
		`lcwasm_send_ack_seconds_count{from="visitor"} 1`,
		`lcwasm_beacons_total{result="refused"} 1`,
		`lcwasm_signin_failures_total{reason="wrong_password"} 1`,
		`lcwasm_store_errors_total 0`,
		`lcwasm_agents_online 0`,
	} {
		assert.Contains(t, got, "\n"+line+"\n")
	}
	assert.Regexp(t, `\nlcwasm_queue_oldest_wait_seconds [0-9.e-]+\n`, got)
	assert.Contains(t, got, "\ngo_goroutines ")
}

// /metrics on the server's own mux answers loopback clients that came
// through no proxy; others are told of -metrics-addr.
func TestMetricsOnlyForLoopback(t *testing.T) {
	h := newHandler(t, fixture())
	for _, tt := range []struct {
		name, addr, xff string
		status          int
	}{
		{"loopback", "127.0.0.1:5000", "", http.StatusOK},
		{"loopback v6", "[::1]:5000", "", http.StatusOK},
		{"elsewhere", "192.0.2.1:5000", "", http.StatusForbidden},
		{"through a proxy on loopback", "127.0.0.1:5000", "203.0.113.9", http.StatusForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = tt.addr
			if tt.xff != "" {
				req.Header.Set("X-Forwarded-For", tt.xff)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, tt.status, rec.Code, rec.Body.String())
		})
	}
	o := fixture()
	o.MetricsElsewhere = true
	resp := get(t, newHandler(t, o), http.MethodGet, "/metrics")
	assert.NotEqual(t, http.StatusOK, resp.StatusCode, "served on -metrics-addr only")
}

// BenchmarkMetricsScrape reads /metrics over a store of 5,000
// conversations (the gauges count them at each scrape).
func BenchmarkMetricsScrape(b *testing.B) {
	st, err := store.Open(":memory:")
	require.NoError(b, err)
	defer st.Close()
	ctx := context.Background()
	for i := range 5000 {
		c, _, _, err := st.Start(ctx, "w1", fmt.Sprint("v", i), "s", json.RawMessage(`{}`), time.Now())
		require.NoError(b, err)
		if i%2 == 0 {
			_, err = st.End(ctx, c.ID, "visitor", time.Now())
			require.NoError(b, err)
		}
	}
	o := fixture()
	o.Store = st
	h, err := server.New(o)
	require.NoError(b, err)
	defer h.Shutdown(ctx)
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:5000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `lcwasm_conversations{state="ended"} 2500`) {
			b.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
	}
}
