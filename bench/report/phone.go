package report

import (
	"fmt"
	"math"
)

// Phone is the slow-phone profile: the widget and the floor program loaded
// with the CPU slowed down and the network throttled through CDP, each load
// in a fresh tab and browser context, interleaved.
type Phone struct {
	Status  string       `json:"status,omitempty"` // why it did not run
	Profile PhoneProfile `json:"profile"`
	Widget  PhoneVariant `json:"widget"`
	Floor   PhoneVariant `json:"floor"`
}

// PhoneProfile is the emulated device.
type PhoneProfile struct {
	CPUSlowdown float64 `json:"cpuSlowdown"` // Emulation.setCPUThrottlingRate
	DownKbps    float64 `json:"downKbps"`    // Network.emulateNetworkConditionsByRule
	UpKbps      float64 `json:"upKbps"`
	RTT         float64 `json:"rtt"` // minimum latency per request, ms
}

func (p PhoneProfile) String() string {
	return fmt.Sprintf("%g× CPU slowdown, %g Mbit/s down, %g kbit/s up, %g ms round trip",
		p.CPUSlowdown, p.DownKbps/1000, p.UpKbps, p.RTT)
}

// PhoneSample is one slow-phone load. Times are ms from navigation start.
type PhoneSample struct {
	Button *float64 // the chat button on screen; nil when the page has none
	Ready  float64  // lcw:ready
	WASM   *Resource
	// LongTasks are the durations of the long tasks from navigation until
	// the sample, two frames after ready.
	LongTasks []float64
}

// Resource is the Resource Timing entry of the wasm.
type Resource struct {
	Start float64 // request start (startTime)
	End   float64 // the last byte (responseEnd)
	Bytes int64   // encodedBodySize: the bytes on the wire, brotli
}

// PhoneVariant summarises the loads of one page.
type PhoneVariant struct {
	// Button is navigation → the chat button on screen; N is 0 when the
	// page renders none (the floor program).
	Button Stats `json:"button"`
	Ready  Stats `json:"ready"`
	// WASMDownload is the wasm's request start → its last byte, WASMEnd
	// navigation → its last byte.
	WASMDownload Stats `json:"wasmDownload"`
	WASMEnd      Stats `json:"wasmEnd"`
	WASMBytes    int64 `json:"wasmBytes"`
	// Blocking is each load's total blocking time: the sum of its long
	// tasks' time beyond 50 ms.
	Blocking  Stats     `json:"blocking"`
	LongTasks TaskCount `json:"longTasks"`
	Compiled  Compiled  `json:"compiled"`
}

// Compiled counts the wasm functions V8 compiled, from the wasm.CompileLazy
// events of a traced load (category v8.wasm), or says why not.
type Compiled struct {
	Status string `json:"status,omitempty"`
	// BeforeReady is the functions compiled before lcw:ready, Total until
	// the end of the trace, two frames after ready.
	BeforeReady int `json:"beforeReady"`
	Total       int `json:"total"`
}

// SummarisePhone summarises the loads of one page; Compiled is left zero.
func SummarisePhone(samples []PhoneSample) PhoneVariant {
	var button, ready, dl, end, blocking []float64
	var v PhoneVariant
	for _, s := range samples {
		if s.Button != nil {
			button = append(button, *s.Button)
		}
		ready = append(ready, s.Ready)
		if s.WASM != nil {
			dl = append(dl, s.WASM.End-s.WASM.Start)
			end = append(end, s.WASM.End)
			v.WASMBytes = s.WASM.Bytes
		}
		v.LongTasks.Add(s.LongTasks)
		blocking = append(blocking, BlockingTime(s.LongTasks))
	}
	v.Button, v.Ready = Summarise(button), Summarise(ready)
	v.WASMDownload, v.WASMEnd = Summarise(dl), Summarise(end)
	v.Blocking = Summarise(blocking)
	return v
}

// BlockingTime is the total blocking time of long tasks of the given
// durations: the sum of each one's time beyond 50 ms.
func BlockingTime(durations []float64) float64 {
	var t float64
	for _, d := range durations {
		t += math.Max(0, d-50)
	}
	return t
}

// Retries counts the samples taken again after a transient CDP error
// (such as "Cannot find context with specified id"), per profile, with the
// distinct errors seen.
type Retries struct {
	Desktop int      `json:"desktop"`
	Phone   int      `json:"phone"`
	Errors  []string `json:"errors,omitempty"`
}
