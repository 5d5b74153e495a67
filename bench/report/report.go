package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Report is one run of the bench.
type Report struct {
	Started time.Time `json:"started"`
	// Desktop says why sections 2 to 8 were not measured; "" when they were.
	Desktop    string     `json:"desktop,omitempty"`
	Seconds    float64    `json:"seconds"`
	Env        Env        `json:"env"`
	Sizes      Sizes      `json:"sizes"`
	Ready      Ready      `json:"ready"`
	HostLoad   HostLoad   `json:"hostLoad"`
	LongTasks  LongTasks  `json:"longTasks"`
	Invitation Invitation `json:"invitation"`
	Memory     Memory     `json:"memory"`
	Rules      Rules      `json:"rules"`
	Routes     Routes     `json:"routes"`
	Server     Server     `json:"server"`
	Restart    Restart    `json:"restart"`
	Phone      Phone      `json:"phone"`
	// Attribution is lcw.wasm by Go package.
	Attribution Attribution `json:"attribution"`
	Retries     Retries     `json:"retries"`
	Goals       []Goal      `json:"goals"`
}

// Env says where the figures come from.
type Env struct {
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
	CPUs    int    `json:"cpus"`
	Browser string `json:"browser"`
	// LoadAvg is /proc/loadavg's 1-minute figure at the start and the end:
	// other work on the machine is what makes timings noisy.
	LoadAvg []string `json:"loadAvg"`
}

// Asset is the size of one served file on the wire, by encoding.
type Asset struct {
	Name string `json:"name"`
	Raw  int64  `json:"raw"`
	Gzip int64  `json:"gzip"`
	Br   int64  `json:"br"`
}

// Sizes are the dist files from manifest.json and the floor program.
type Sizes struct {
	Assets []Asset `json:"assets"`
	Total  Asset   `json:"total"`
	Floor  Asset   `json:"floor"`
	// WASMOverFloor is lcw.wasm brotli bytes ÷ floor.wasm brotli bytes.
	WASMOverFloor float64 `json:"wasmOverFloor"`
	// RulesFloor is bench/rulesfloor: the floor plus the rules engine
	// deciding once, the least any bundle that decides invitations in the
	// browser carries; RulesFloorOverFloor its brotli ÷ the floor's;
	// RulesFloorStatus why it is missing.
	RulesFloor          Asset   `json:"rulesFloor"`
	RulesFloorOverFloor float64 `json:"rulesFloorOverFloor"`
	RulesFloorStatus    string  `json:"rulesFloorStatus,omitempty"`
	// WASMShape and FloorShape are the two modules' code and data
	// sections, from the stripped files; zero when a file did not parse.
	WASMShape  Shape `json:"wasmShape"`
	FloorShape Shape `json:"floorShape"`
}

// Shape is what a WebAssembly module is made of: its functions, the raw
// bytes of its code and data sections, and its brotli size.
type Shape struct {
	Functions int   `json:"functions"`
	Code      int64 `json:"code"`
	Data      int64 `json:"data"`
	Brotli    int64 `json:"brotli"`
}

// Ready is navigation start → lcw:ready, over fresh-tab loads.
type Ready struct {
	Widget Stats `json:"widget"`
	Floor  Stats `json:"floor"`
	// Ratio is the widget's median ÷ the floor's median.
	Ratio         float64  `json:"ratio"`
	RatioInterval Interval `json:"ratioInterval"`
}

// HostLoad is the host page's own load event (loadEventStart) on the same
// page without and with the widget tag.
type HostLoad struct {
	Without Stats `json:"without"`
	With    Stats `json:"with"`
	// Delta is With.Median - Without.Median.
	Delta         float64  `json:"delta"`
	DeltaInterval Interval `json:"deltaInterval"`
}

// LongTasks are main-thread tasks over 50 ms seen by a PerformanceObserver.
type LongTasks struct {
	LoadPage   TaskCount `json:"loadPage"`   // the host page without the tag
	LoadWidget TaskCount `json:"loadWidget"` // the same page with the widget
	LoadFloor  TaskCount `json:"loadFloor"`  // the same page with the floor program
	Invitation TaskCount `json:"invitation"` // while invitations appear
	// WidgetScripts and FloorScripts attribute the time: the scripts of
	// long animation frames that ran ≥ 20 ms during those loads, by script.
	WidgetScripts []ScriptCost `json:"widgetScripts"`
	FloorScripts  []ScriptCost `json:"floorScripts"`
}

// ScriptCost sums the long-animation-frame scripts of one kind: its invoker
// type, invoker and source, as Chromium attributes them.
type ScriptCost struct {
	Script string  `json:"script"`
	Count  int     `json:"count"`
	Total  float64 `json:"total"`
	Max    float64 `json:"max"`
}

// TaskCount sums the long tasks of several page loads or cycles.
type TaskCount struct {
	Samples int     `json:"samples"`
	Tasks   int     `json:"tasks"`
	Max     float64 `json:"max"`
	// Blocking is the total of each task's time beyond 50 ms.
	Blocking float64 `json:"blocking"`
}

// Add counts the long tasks of one sample, given their durations.
func (c *TaskCount) Add(durations []float64) {
	c.Samples++
	for _, d := range durations {
		c.Tasks++
		c.Max = max(c.Max, d)
		c.Blocking += max(0, d-50)
	}
}

// Invitation is startProactiveChat → the next animation frame after the
// invitation is in the shadow root, and the time the call itself takes.
type Invitation struct {
	Paint Stats `json:"paint"`
	Call  Stats `json:"call"`
	// FirstFrame counts the cycles painted in the first frame after the
	// call, of Paint.N.
	FirstFrame int `json:"firstFrame"`
}

// Memory is the wasm linear memory and the JS heap (after a forced GC) at
// checkpoints: once the widget is ready (0 cycles), after a warm-up, halfway
// and after all Cycles show/decline cycles. Growth is from the first sample
// to the last; Steady growth from the second (after the warm-up) to the
// last, which the goals judge. Go never returns linear memory, so the wasm
// figure is the peak the Go heap needed.
type Memory struct {
	Cycles             int            `json:"cycles"`
	Samples            []MemorySample `json:"samples"`
	WASMGrowth         float64        `json:"wasmGrowth"`
	JSHeapGrowth       float64        `json:"jsHeapGrowth"`
	WASMSteadyGrowth   float64        `json:"wasmSteadyGrowth"`
	JSHeapSteadyGrowth float64        `json:"jsHeapSteadyGrowth"`
}

// MemorySample is one reading, in bytes, after Cycles cycles.
type MemorySample struct {
	Cycles int   `json:"cycles"`
	WASM   int64 `json:"wasm"`
	JSHeap int64 `json:"jsHeap"`
}

// SetGrowth computes the growth from the first sample to the last, and
// from the second to the last.
func (m *Memory) SetGrowth() {
	if len(m.Samples) < 2 {
		return
	}
	first, last := m.Samples[0], m.Samples[len(m.Samples)-1]
	m.WASMGrowth = Growth(first.WASM, last.WASM)
	m.JSHeapGrowth = Growth(first.JSHeap, last.JSHeap)
	warm := m.Samples[1]
	m.WASMSteadyGrowth = Growth(warm.WASM, last.WASM)
	m.JSHeapSteadyGrowth = Growth(warm.JSHeap, last.JSHeap)
}

// Rules is the rule evaluation cost. Native and Browser evaluate the same
// bench/ruleset sets, natively and in Chromium; Package is the rules
// package's own BenchmarkEvaluate with its own sets.
type Rules struct {
	Package CostRun `json:"package"`
	Native  CostRun `json:"native"`
	Browser CostRun `json:"browser"`
}

// CostRun is one way of measuring, or the Status saying why it did not run.
type CostRun struct {
	Costs  []RuleCost `json:"costs"`
	Status string     `json:"status,omitempty"`
}

// RuleCost is the time of one evaluation of a set of Rules rules (0 when
// the benchmark's name does not say).
type RuleCost struct {
	Name    string  `json:"name"`
	Rules   int     `json:"rules"`
	NsPerOp float64 `json:"nsPerOp"`
}

// Server is the chat server's load test (issue 4): visitor WebSockets held
// open at once on 127.0.0.1, and the time from a visitor's send to the
// server's ack (the message stored in SQLite first).
type Server struct {
	Status   string  `json:"status,omitempty"`
	Sockets  int     `json:"sockets"`  // held open at once
	Messages int     `json:"messages"` // sent and acknowledged
	Failed   int     `json:"failed"`   // sockets or messages that failed
	AckP50   float64 `json:"ackP50"`   // milliseconds
	AckP99   float64 `json:"ackP99"`
	Seconds  float64 `json:"seconds"`
}

// Growth is the change from before to after in percent of before.
func Growth(before, after int64) float64 {
	if before == 0 {
		return 0
	}
	return float64(after-before) / float64(before) * 100
}

// WriteJSON writes r, indented, to path, creating its directory.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// Routes is the cost of a single-page app's route change
// (history.pushState) on the shop page without the widget and with the
// widget running proactive rules.
type Routes struct {
	Calls  int `json:"calls"`
	Rounds int `json:"rounds"` // each figure is the least of this many
	// BurstPlain and BurstRules are the milliseconds Calls pushState calls
	// in one task take, without and with the widget.
	BurstPlain float64 `json:"burstPlainMs"`
	BurstRules float64 `json:"burstRulesMs"`
	// PerRoutePlain and PerRouteRules are the main thread's busy
	// milliseconds per route change made one per task, whatever task the
	// work falls in; Overhead is the difference.
	PerRoutePlain float64 `json:"perRoutePlainMs"`
	PerRouteRules float64 `json:"perRouteRulesMs"`
	Overhead      float64 `json:"overheadMs"`
	// CPUPlain and CPURules are the renderer processes' CPU milliseconds
	// per route change made one per task; CPUOverhead is the difference.
	CPUPlain    float64 `json:"cpuPlainMs"`
	CPURules    float64 `json:"cpuRulesMs"`
	CPUOverhead float64 `json:"cpuOverheadMs"`
	Status      string  `json:"status,omitempty"`
}

func (r *Report) printRoutes(p *printer) {
	v := r.Routes
	p.f("\n9. SPA route changes (history.pushState), shop page with and without the widget running rules\n")
	if v.Status != "" {
		p.f("   %s\n", v.Status)
		return
	}
	p.f("   least of %d rounds; %d calls in one task: %.1f ms without the widget, %.1f ms with it\n", v.Rounds, v.Calls, v.BurstPlain, v.BurstRules)
	p.f("   one per task, main-thread busy time per route change: %.3f ms without, %.3f ms with: %+.3f ms\n",
		v.PerRoutePlain, v.PerRouteRules, v.Overhead)
	p.f("   one per task, renderer CPU time per route change: %.3f ms without, %.3f ms with: %+.3f ms\n",
		v.CPUPlain, v.CPURules, v.CPUOverhead)
}
