package loadtest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lcwasm/lcwasm/funnel"
	"github.com/lcwasm/lcwasm/internal/instant"
	"github.com/lcwasm/lcwasm/internal/wire"
)

// BeaconConfig bounds a beacon run: chat sockets relaying messages for
// Duration while funnel beacons arrive at Beacons a second (0: none, the
// baseline to compare the relay's latency with).
type BeaconConfig struct {
	Beacons  int           // funnel beacons a second
	Duration time.Duration // how long the beacons and the chat flow
	Sockets  int           // visitor sockets sending messages meanwhile
	Interval time.Duration // between one visitor's messages
	Rules    int           // distinct rule ids the beacons count for
	Server   string        // the lcwserver binary; "" builds ./cmd/lcwserver of Root
	Root     string
	Progress io.Writer
}

// BeaconDefaults is `lcwload -beacons 1000`: 1,000 beacons a second for 60 s
// beside 200 chatting sockets.
func BeaconDefaults() BeaconConfig {
	return BeaconConfig{Beacons: 1000, Duration: 60 * time.Second, Sockets: 200, Interval: time.Second, Rules: 50}
}

// BeaconResult is what a beacon run measured.
type BeaconResult struct {
	Beacons  int      `json:"beacons"` // answered 204
	Refused  int      `json:"refused"` // any other answer, or no answer
	Skipped  int      `json:"skipped"` // not sent: the senders fell behind the rate (a loaded client, not a loss)
	Counted  int64    `json:"counted"` // counter increments in the 204 beacons
	Stored   int64    `json:"stored"`  // increments found in the store after the graceful stop
	Rate     float64  `json:"ratePerSecond"`
	Messages int      `json:"messages"` // chat messages acknowledged
	AckP50   float64  `json:"ackP50Ms"` // chat send → ack
	AckP99   float64  `json:"ackP99Ms"`
	Errors   []string `json:"errors,omitempty"`
}

// OK is whether every increment was stored and nothing failed.
func (r BeaconResult) OK() bool {
	return r.Refused == 0 && r.Counted == r.Stored && len(r.Errors) == 0
}

// Print writes the figures.
func (r BeaconResult) Print(w io.Writer) error {
	_, err := fmt.Fprintf(w, "beacons: %d stored (%.0f a second), %d refused, %d not sent (the client fell behind); counter increments %d sent, %d in the store, %d lost\n"+
		"chat: %d messages, send → ack p50 %.1f ms, p99 %.1f ms\n",
		r.Beacons, r.Rate, r.Refused, r.Skipped, r.Counted, r.Stored, r.Counted-r.Stored, r.Messages, r.AckP50, r.AckP99)
	for _, e := range r.Errors {
		fmt.Fprintln(w, "error:", e)
	}
	return err
}

// RunBeacons runs the server process on a fresh store, the chat sockets
// and the beacons for cfg.Duration, stops the server gracefully (its
// counters in memory are written then) and counts what the store holds.
func RunBeacons(ctx context.Context, cfg BeaconConfig) (BeaconResult, error) {
	var res BeaconResult
	if cfg.Duration <= 0 || cfg.Sockets < 0 || cfg.Beacons < 0 || cfg.Interval <= 0 || cfg.Rules < 1 {
		return res, fmt.Errorf("loadtest: want a duration, interval and rules > 0, beacons and sockets ≥ 0")
	}
	if err := raiseFiles(uint64(cfg.Sockets) + fileMargin + 256); err != nil {
		return res, err
	}
	dir, err := os.MkdirTemp("", "lcwload-beacons-")
	if err != nil {
		return res, fmt.Errorf("loadtest: %w", err)
	}
	defer os.RemoveAll(dir)
	logf := func(format string, args ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "loadtest: "+format+"\n", args...)
		}
	}
	if cfg.Server == "" {
		logf("building ./cmd/lcwserver")
		if cfg.Server, err = BuildServer(ctx, cfg.Root, dir); err != nil {
			return res, err
		}
	}
	p, err := newProcess(cfg.Server, dir, "")
	if err != nil {
		return res, err
	}
	defer p.log.Close()
	if err := p.start(ctx); err != nil {
		return res, err
	}
	defer p.kill()

	var errMu sync.Mutex
	fail := func(format string, args ...any) {
		errMu.Lock()
		defer errMu.Unlock()
		if len(res.Errors) < 20 {
			res.Errors = append(res.Errors, fmt.Sprintf(format, args...))
		}
	}
	runCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	logf("%d chatting sockets and %d beacons a second for %v on %s", cfg.Sockets, cfg.Beacons, cfg.Duration, p.addr)
	chatDone := make(chan []float64)
	go func() { chatDone <- chatFlow(runCtx, "ws://"+p.addr+"/api/v1/widgets/load/chat", cfg, fail) }()
	begin := time.Now()
	sent := beaconFlow(runCtx, "http://"+p.addr+"/api/v1/widgets/load/beacon", cfg, fail)
	res.Rate = float64(sent.ok) / time.Since(begin).Seconds()
	acks := <-chatDone
	res.Beacons, res.Refused, res.Skipped, res.Counted = sent.ok, sent.refused, sent.skipped, sent.counted
	res.Messages = len(acks)
	if len(acks) > 0 {
		slices.Sort(acks)
		res.AckP50, res.AckP99 = percentile(acks, 50), percentile(acks, 99)
	}
	p.stop()
	res.Stored, err = storedIncrements(p.dbPath())
	return res, err
}

func percentile(sorted []float64, p float64) float64 {
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

type beaconTally struct {
	ok, refused, skipped int
	counted              int64
}

// beaconFlow posts cfg.Beacons beacons a second, spread over each second
// in ticks of 10 ms, from a pool of workers, until ctx ends.
func beaconFlow(ctx context.Context, target string, cfg BeaconConfig, fail func(string, ...any)) beaconTally {
	var ok, refused, skipped, counted atomic.Int64
	if cfg.Beacons == 0 {
		<-ctx.Done()
		return beaconTally{}
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	jobs := make(chan int, 2*cfg.Beacons)
	var wg sync.WaitGroup
	for range 128 {
		wg.Go(func() {
			for i := range jobs {
				body, n := beaconBody(i, cfg.Rules)
				resp, err := client.Post(target, "text/plain;charset=UTF-8", strings.NewReader(body))
				if err != nil {
					refused.Add(1)
					fail("beacon: %v", err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusNoContent {
					refused.Add(1)
					fail("beacon: %s", resp.Status)
					continue
				}
				ok.Add(1)
				counted.Add(n)
			}
		})
	}
	const tick = 10 * time.Millisecond
	t := time.NewTicker(tick)
	defer t.Stop()
	i, due, start := 0, 0.0, time.Now()
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case now := <-t.C:
			due = now.Sub(start).Seconds() * float64(cfg.Beacons)
			for ; float64(i) < due; i++ {
				select {
				case jobs <- i:
				default:
					skipped.Add(1)
				}
			}
		}
	}
	close(jobs)
	wg.Wait()
	return beaconTally{ok: int(ok.Load()), refused: int(refused.Load()), skipped: int(skipped.Load()), counted: counted.Load()}
}

// beaconBody is beacon i: what a page sends, for one of rules rules.
func beaconBody(i, rules int) (string, int64) {
	rule := "rule-" + strconv.Itoa(i%rules)
	day := funnel.Day(instant.From(time.Now()))
	body := `{"counters":[` +
		`{"rule":"` + rule + `","group":"treatment","event":"eligible","day":"` + day + `","n":1},` +
		`{"rule":"` + rule + `","event":"shown","day":"` + day + `","n":1},` +
		`{"rule":"` + rule + `","event":"declined","day":"` + day + `","n":2}]}`
	return body, 4
}

// storedIncrements adds up every counter in the store, opened read-only
// after the server stopped: funnel_counters per day.
func storedIncrements(path string) (int64, error) {
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?mode=ro")
	if err != nil {
		return 0, fmt.Errorf("loadtest: %w", err)
	}
	defer db.Close()
	var n sql.NullInt64
	if err := db.QueryRow(`SELECT SUM(n) FROM funnel_counters`).Scan(&n); err != nil {
		return 0, fmt.Errorf("loadtest: reading the counters: %w", err)
	}
	return n.Int64, nil
}

// chatFlow opens cfg.Sockets visitor chats, each sending a message every
// cfg.Interval until ctx ends, and returns every send → ack latency in ms.
func chatFlow(ctx context.Context, target string, cfg BeaconConfig, fail func(string, ...any)) []float64 {
	var mu sync.Mutex
	var acks []float64
	var wg sync.WaitGroup
	for v := range cfg.Sockets {
		wg.Go(func() {
			id := "b" + strconv.Itoa(v)
			c, err := StartChat(ctx, target, id)
			if err != nil {
				if ctx.Err() == nil {
					fail("visitor %s: %v", id, err)
				}
				return
			}
			defer c.CloseNow()
			// spread the sockets' messages over the interval
			offset := time.Duration(v) * cfg.Interval / time.Duration(max(cfg.Sockets, 1))
			select {
			case <-time.After(offset):
			case <-ctx.Done():
				return
			}
			t := time.NewTicker(cfg.Interval)
			defer t.Stop()
			for n := 0; ; n++ {
				cid := id + "-" + strconv.Itoa(n)
				sent := time.Now()
				if err := WriteFrame(ctx, c, map[string]any{"type": wire.Send, "cid": cid, "text": "hello " + cid}); err != nil {
					return
				}
				if _, err := Await(ctx, c, wire.Ack, cid); err != nil {
					if ctx.Err() == nil {
						fail("visitor %s: %v", id, err)
					}
					return
				}
				mu.Lock()
				acks = append(acks, float64(time.Since(sent).Microseconds())/1000)
				mu.Unlock()
				select {
				case <-t.C:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	wg.Wait()
	return acks
}
