package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/lcwasm/lcwasm/bench/report"
)

// cycleResult is what __bench.cycles(n) returns; windows holds [call,
// painted] of each cycle, flattened.
type cycleResult struct {
	Paint      []float64 `json:"paint"`
	Call       []float64 `json:"call"`
	Windows    []float64 `json:"windows"`
	FirstFrame int       `json:"firstFrame"`
}

func (c *cycleResult) append(o cycleResult) {
	c.Paint = append(c.Paint, o.Paint...)
	c.Call = append(c.Call, o.Call...)
	c.Windows = append(c.Windows, o.Windows...)
	c.FirstFrame += o.FirstFrame
}

// measureInvitations loads the widget page in a fresh tab and runs total
// show/decline cycles, timing every one; memory is read at ready, after warm
// cycles, halfway and at the end.
func measureInvitations(browserCtx context.Context, base, hook string, warm, total int, progress io.Writer) (*report.Report, error) {
	t, err := openTab(browserCtx, hook)
	if err != nil {
		return nil, err
	}
	defer t.close()
	if err := t.navigate(base + "/bench/widget.html"); err != nil {
		return nil, err
	}
	if err := t.waitFor(`__bench.ready !== null`, readyTimeout); err != nil {
		return nil, err
	}
	r := &report.Report{}
	m := &r.Memory
	sample, err := t.memory(0)
	if err != nil {
		return nil, err
	}
	m.Samples = append(m.Samples, sample)
	var all cycleResult
	for _, upTo := range checkpoints(warm, total) {
		n := upTo - sample.Cycles
		c, err := eval[cycleResult](t, fmt.Sprintf(`__bench.cycles(%d)`, n), time.Duration(n)*100*time.Millisecond+callTimeout)
		if err != nil {
			return nil, err
		}
		all.append(c)
		if sample, err = t.memory(upTo); err != nil {
			return nil, err
		}
		m.Samples = append(m.Samples, sample)
		fmt.Fprintf(progress, "lcwbench: %d/%d invitation cycles\n", upTo, total)
	}
	m.Cycles = total
	m.SetGrowth()
	r.Invitation = report.Invitation{
		Paint:      report.Summarise(all.Paint),
		Call:       report.Summarise(all.Call),
		FirstFrame: all.FirstFrame,
	}
	tasks, err := eval[[]longTask](t, `__bench.tasks()`, callTimeout)
	if err != nil {
		return nil, err
	}
	r.LongTasks.Invitation = tasksIn(tasks, all.Windows)
	return r, nil
}

// checkpoints are the cycle counts after which memory is read: warm, half
// of total and total, increasing, without repeats.
func checkpoints(warm, total int) []int {
	var out []int
	for _, c := range []int{warm, total / 2, total} {
		if c > 0 && (len(out) == 0 || c > out[len(out)-1]) {
			out = append(out, c)
		}
	}
	return out
}

// tasksIn counts, per [start, end] window, the long tasks overlapping it.
func tasksIn(tasks []longTask, windows []float64) report.TaskCount {
	var c report.TaskCount
	for i := 0; i+1 < len(windows); i += 2 {
		var in []float64
		for _, lt := range tasks {
			if lt.Start < windows[i+1] && lt.Start+lt.Duration > windows[i] {
				in = append(in, lt.Duration)
			}
		}
		c.Add(in)
	}
	return c
}

// memory reads the Go instance's linear memory and the JS heap after GC.
func (t *tab) memory(cycles int) (report.MemorySample, error) {
	heap, err := t.jsHeap()
	if err != nil {
		return report.MemorySample{}, err
	}
	wasm, err := eval[int64](t, `__bench.wasmBytes()`, callTimeout)
	if err != nil {
		return report.MemorySample{}, err
	}
	if wasm == 0 {
		return report.MemorySample{}, fmt.Errorf("lcwbench: the Go instance's memory was not captured (WebAssembly.instantiate hook)")
	}
	return report.MemorySample{Cycles: cycles, WASM: wasm, JSHeap: heap}, nil
}
