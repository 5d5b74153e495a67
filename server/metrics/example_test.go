package metrics_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/server/metrics"
)

// The counters count as things happen; the gauges read the snapshot at
// each scrape.
func Example() {
	m := metrics.New()
	m.MessageStored("visitor")
	m.Acked("visitor", 3*time.Millisecond)
	m.Beacon(false)
	m.Watch(func(context.Context) (metrics.Snapshot, error) {
		return metrics.Snapshot{VisitorSockets: 2, Queued: 1, OldestWait: 90 * time.Second,
			ByState: map[string]int{"queued": 1, "ended": 4}}, nil
	})
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	sc := bufio.NewScanner(rec.Body)
	for sc.Scan() {
		line := sc.Text()
		for _, want := range []string{"lcwasm_messages_stored_total", "lcwasm_send_ack_seconds_count", "lcwasm_beacons_total",
			`lcwasm_sockets_open{channel="visitor"}`, "lcwasm_queue_", `lcwasm_conversations{state="ended"}`} {
			if strings.HasPrefix(line, want) {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// lcwasm_beacons_total{result="refused"} 1
	// lcwasm_conversations{state="ended"} 4
	// lcwasm_messages_stored_total{from="visitor"} 1
	// lcwasm_queue_length 1
	// lcwasm_queue_oldest_wait_seconds 90
	// lcwasm_send_ack_seconds_count{from="visitor"} 1
	// lcwasm_sockets_open{channel="visitor"} 2
}
