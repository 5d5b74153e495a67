package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/server"
	"github.com/lcwasm/lcwasm/server/store"
)

func post(h http.Handler, target, contentType, body, addr string) *http.Response {
	return postFrom(h, target, contentType, body, addr, "")
}

// postFrom posts as a page on origin would ("": no Origin header).
func postFrom(h http.Handler, target, contentType, body, addr, origin string) *http.Response {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestBeacon(t *testing.T) {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store = st
	o.Widgets["quiet"] = json.RawMessage(`{"appId":"quiet","reporting":false}`)
	o.Widgets["shop"] = json.RawMessage(`{"appId":"shop","allowedOrigins":["https://shop.example"]}`)
	h := newHandler(t, o)
	day := funnel.Day(instant.From(time.Now()))
	good := `{"counters":[{"rule":"a","event":"shown","day":"` + day + `","n":2},` +
		`{"rule":"a","group":"treatment","event":"eligible","day":"` + day + `","n":1}]}`
	tests := []struct {
		name, path, contentType, body string
		status                        int
		origin                        string
	}{
		{"stored", "/api/v1/widgets/w1/beacon", "text/plain;charset=UTF-8", good, http.StatusNoContent, ""},
		{"an allowed origin", "/api/v1/widgets/shop/beacon", "text/plain", good, http.StatusNoContent, "https://shop.example"},
		{"the server's own origin", "/api/v1/widgets/shop/beacon", "text/plain", good, http.StatusNoContent, "http://example.com"},
		{"another origin", "/api/v1/widgets/shop/beacon", "text/plain", good, http.StatusForbidden, "https://evil.example"},
		{"json too", "/api/v1/widgets/w1/beacon", "application/json", good, http.StatusNoContent, ""},
		{"unknown widget", "/api/v1/widgets/nope/beacon", "text/plain", good, http.StatusNotFound, ""},
		{"reporting off", "/api/v1/widgets/quiet/beacon", "text/plain", good, http.StatusForbidden, ""},
		{"form", "/api/v1/widgets/w1/beacon", "application/x-www-form-urlencoded", good, http.StatusUnsupportedMediaType, ""},
		{"not json", "/api/v1/widgets/w1/beacon", "text/plain", "counters", http.StatusBadRequest, ""},
		{"unknown key", "/api/v1/widgets/w1/beacon", "text/plain", strings.Replace(good, `"n":2`, `"n":2,"url":"https://x/"`, 1), http.StatusBadRequest, ""},
		{"too large", "/api/v1/widgets/w1/beacon", "text/plain", `{"counters":[` + strings.Repeat(" ", funnel.MaxBody) + `]}`, http.StatusRequestEntityTooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := postFrom(h, tt.path, tt.contentType, tt.body, "192.0.2.1:1234", tt.origin)
			assert.Equal(t, tt.status, resp.StatusCode, body(t, resp))
		})
	}
	require.NoError(t, h.(*server.Server).Shutdown(context.Background()), "writes the counters in memory")
	got, err := st.Counters(context.Background(), "w1", day, day)
	require.NoError(t, err)
	rows := funnel.Aggregate(got)
	require.Len(t, rows, 1)
	assert.Equal(t, 4, rows[0].Shown, "two beacons of 2")
	assert.Equal(t, 2, rows[0].Eligible)
	resp := post(h, "/api/v1/widgets/w1/beacon", "text/plain", good, "192.0.2.1:1234")
	require.Equal(t, http.StatusNoContent, resp.StatusCode, "a beacon after the shutdown")
	got, err = st.Counters(context.Background(), "w1", day, day)
	require.NoError(t, err)
	assert.Equal(t, 6, funnel.Aggregate(got)[0].Shown, "written at once")
}

// The counters of beacons reach the store within the flush period, added
// up: many beacons, one write.
func TestBeaconsFlushed(t *testing.T) {
	st, err := store.Open(":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	o := fixture()
	o.Store, o.BeaconFlush, o.BeaconsPerMinute = st, 50*time.Millisecond, -1
	h := newHandler(t, o)
	day := funnel.Day(instant.From(time.Now()))
	body := `{"counters":[{"rule":"a","event":"shown","day":"` + day + `","n":1}]}`
	for range 200 {
		resp := post(h, "/api/v1/widgets/w1/beacon", "text/plain", body, "192.0.2.1:1")
		require.Equal(t, http.StatusNoContent, resp.StatusCode, "no cap with -1")
	}
	shown := func() int {
		got, err := st.Counters(context.Background(), "w1", day, day)
		require.NoError(t, err)
		if len(got) == 0 {
			return 0
		}
		return got[0].N
	}
	assert.Eventually(t, func() bool { return shown() == 200 }, 10*time.Second, 10*time.Millisecond)
}

func TestBeaconRateCap(t *testing.T) {
	h := newHandler(t, fixture())
	body := `{"counters":[{"event":"shown","day":"` + funnel.Day(instant.From(time.Now())) + `","n":1}]}`
	limited := 0
	for i := range 2*server.BeaconsPerMinute + 5 {
		resp := post(h, "/api/v1/widgets/w1/beacon", "text/plain", body, "192.0.2.9:"+strconv.Itoa(1000+i))
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
		}
	}
	// However the minutes fall, two windows pass at most 120 of 125.
	assert.GreaterOrEqual(t, limited, 5)
	resp := post(h, "/api/v1/widgets/w1/beacon", "text/plain", body, "192.0.2.10:1")
	assert.Equal(t, http.StatusNoContent, resp.StatusCode, "another address is not limited")
}
