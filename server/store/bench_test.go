package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lcwasm/lcwasm/server/store"
)

// BenchmarkAddMessageConcurrent: 64 visitors send at once into a store on
// disk; reports each AddMessage's latency (send → stored and synced).
func BenchmarkAddMessageConcurrent(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(filepath.Join(b.TempDir(), "chat.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const visitors = 64
	convs := make([]string, visitors)
	for i := range convs {
		c, _, _, err := s.Start(ctx, "app", fmt.Sprint("v", i), "x", nil, t0)
		if err != nil {
			b.Fatal(err)
		}
		convs[i] = c.ID
	}
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	var wg sync.WaitGroup
	for v := range visitors {
		wg.Go(func() {
			for {
				n := next.Add(1)
				if n > int64(b.N) {
					return
				}
				start := time.Now()
				if _, _, err := s.AddMessage(ctx, store.Message{Conversation: convs[v], CID: fmt.Sprint(n),
					From: "visitor", Text: "hello, a message of a chat", At: t0}); err != nil {
					b.Error(err)
					return
				}
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}
