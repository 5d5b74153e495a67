package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
	"github.com/lcwasm/lcwasm/bench/report"
)

// Trace categories and event names read for the compiled functions: V8
// emits wasm.CompileLazy (category v8.wasm, argument func_index) each time
// it compiles a wasm function on its first call, on the main thread; the
// hook marks lcw:ready in blink.user_timing.
const (
	compileEvent = "wasm.CompileLazy"
	readyMark    = "lcwbench:ready"
)

var traceCategories = []string{"v8.wasm", "blink.user_timing"}

// trace records a CDP trace of one tab: Tracing.start, the events of
// Tracing.dataCollected, Tracing.end and Tracing.tracingComplete.
type trace struct {
	mu     sync.Mutex
	events [][]byte
	done   chan struct{}
	once   sync.Once
	lost   bool
}

func (tr *trace) start(t *tab) error {
	tr.done = make(chan struct{})
	err := chromedp.Listen(t.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			tr.mu.Lock()
			for _, v := range ev.Value {
				tr.events = append(tr.events, append([]byte(nil), v...))
			}
			tr.mu.Unlock()
		case *tracing.EventTracingComplete:
			tr.mu.Lock()
			tr.lost = ev.DataLossOccurred
			tr.mu.Unlock()
			tr.once.Do(func() { close(tr.done) })
		}
	})
	if err != nil {
		return fmt.Errorf("lcwbench: listening for trace events: %w", err)
	}
	return t.within(callTimeout, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
		})
		if err != nil {
			return fmt.Errorf("lcwbench: starting a trace: %w", err)
		}
		return nil
	})
}

// stop ends the trace and waits until every event has come.
func (tr *trace) stop(t *tab) error {
	return t.within(callTimeout, func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
			return fmt.Errorf("lcwbench: ending the trace: %w", err)
		}
		select {
		case <-tr.done:
			return nil
		case <-ctx.Done():
			return fmt.Errorf("lcwbench: the trace did not complete: %w", ctx.Err())
		}
	})
}

// traceEvent is the part of a Chrome trace event read here.
type traceEvent struct {
	Name string  `json:"name"`
	Cat  string  `json:"cat"`
	Ts   float64 `json:"ts"` // µs
	Args struct {
		FuncIndex *int `json:"func_index"`
	} `json:"args"`
}

// countCompiles counts the distinct functions of wasm.CompileLazy events,
// before the ready mark and in all. Without a ready mark every compile
// counts as before ready; without compile events the Status says so.
func countCompiles(raw [][]byte) report.Compiled {
	var compiles []traceEvent
	ready := -1.0
	for _, b := range raw {
		var ev traceEvent
		if json.Unmarshal(b, &ev) != nil {
			continue
		}
		switch ev.Name {
		case compileEvent:
			compiles = append(compiles, ev)
		case readyMark:
			if ready < 0 || ev.Ts < ready {
				ready = ev.Ts
			}
		}
	}
	if len(compiles) == 0 {
		return report.Compiled{Status: "no " + compileEvent + " events in the trace (V8 compiled eagerly, or the category changed)"}
	}
	before, all := map[int]bool{}, map[int]bool{}
	for i, ev := range compiles {
		fn := -1 - i // an event without func_index counts once
		if ev.Args.FuncIndex != nil {
			fn = *ev.Args.FuncIndex
		}
		all[fn] = true
		if ready < 0 || ev.Ts < ready {
			before[fn] = true
		}
	}
	c := report.Compiled{BeforeReady: len(before), Total: len(all)}
	if ready < 0 {
		c.Status = fmt.Sprintf("%d in all (no %s mark in the trace)", len(all), readyMark)
	}
	return c
}

// compiledFunctions loads path once more on the slow phone with a trace
// and counts the functions V8 compiled.
func compiledFunctions(browserCtx context.Context, base, path, hook string, retry *retrier) report.Compiled {
	tr, err := do(retry, func() (*trace, error) {
		tr := &trace{}
		_, err := phoneOnce(browserCtx, base, path, hook, tr)
		return tr, err
	})
	if err != nil {
		return report.Compiled{Status: "traced load failed: " + err.Error()}
	}
	c := countCompiles(tr.events)
	if tr.lost && c.Status == "" {
		c.Status = fmt.Sprintf("%d (%d by the end; the trace lost data)", c.BeforeReady, c.Total)
	}
	return c
}
