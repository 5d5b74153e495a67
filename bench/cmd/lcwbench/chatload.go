package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/lcwasm/lcwasm/bench/loadtest"
	"github.com/lcwasm/lcwasm/bench/report"
	"github.com/lcwasm/lcwasm/internal/wire"
	"github.com/lcwasm/lcwasm/server"
	srvchat "github.com/lcwasm/lcwasm/server/chat"
	"github.com/lcwasm/lcwasm/server/store"
)

// The chat load test's bounds: this many sockets, each sending this many
// messages (under the server's 5-per-second rate limit), within loadTime.
const (
	loadSockets  = 1000
	loadMessages = 3
	loadDial     = 50 // sockets opened at once
	loadTime     = 2 * time.Minute
)

// chatLoad runs a server with an SQLite store in a temporary directory,
// holds loadSockets visitor WebSockets open on it and times each message
// from send to ack. Traffic stays on 127.0.0.1 and stops by itself.
func chatLoad(ctx context.Context) (report.Server, error) {
	var r report.Server
	dir, err := os.MkdirTemp("", "lcwbench-load-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(filepath.Join(dir, "lcwasm.db"))
	if err != nil {
		return r, fmt.Errorf("lcwbench: %w", err)
	}
	defer st.Close()
	h, err := server.New(server.Options{Site: os.DirFS(dir), Dist: os.DirFS(dir), Store: st,
		Widgets: map[string]json.RawMessage{"load": json.RawMessage(`{"appId": "load", "chat": {"enabled": true}}`)},
		Logger:  slog.New(slog.DiscardHandler),
		Chat:    srvchat.Options{StartsPerMinute: -1, SocketsPerAddress: -1}}) // every simulated visitor is 127.0.0.1
	if err != nil {
		return r, fmt.Errorf("lcwbench: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return r, err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(ctx, loadTime)
	defer cancel()
	url := "ws://" + ln.Addr().String() + "/api/v1/widgets/load/chat"
	start := time.Now()
	conns := dialAll(ctx, url, &r)
	defer func() {
		for _, c := range conns {
			c.CloseNow()
		}
	}()
	r.Sockets = len(conns)
	lat := sendAll(ctx, conns, &r)
	r.Seconds = time.Since(start).Seconds()
	r.Messages = len(lat)
	slices.Sort(lat)
	r.AckP50, r.AckP99 = report.Percentile(lat, 50), report.Percentile(lat, 99)
	return r, nil
}

// dialAll opens the sockets and starts a conversation on each.
func dialAll(ctx context.Context, url string, r *report.Server) []*websocket.Conn {
	var mu sync.Mutex
	var conns []*websocket.Conn
	sem := make(chan struct{}, loadDial)
	var wg sync.WaitGroup
	for i := range loadSockets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := loadtest.StartChat(ctx, url, strconv.Itoa(i))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				r.Failed++
				return
			}
			conns = append(conns, c)
		}()
	}
	wg.Wait()
	return conns
}

// sendAll sends loadMessages messages on every socket, one at a time per
// socket, and returns the send → ack times in milliseconds.
func sendAll(ctx context.Context, conns []*websocket.Conn, r *report.Server) []float64 {
	var mu sync.Mutex
	var lat []float64
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range loadMessages {
				cid := fmt.Sprintf("m%d-%d", i, m)
				t0 := time.Now()
				err := loadtest.WriteFrame(ctx, c, map[string]any{"type": wire.Send, "cid": cid, "text": "load message " + cid})
				if err == nil {
					_, err = loadtest.Await(ctx, c, wire.Ack, cid)
				}
				mu.Lock()
				if err != nil {
					r.Failed++
				} else {
					lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
				}
				mu.Unlock()
				time.Sleep(250 * time.Millisecond) // under the rate limit: this is a load, not a flood
			}
		}()
	}
	wg.Wait()
	return lat
}
