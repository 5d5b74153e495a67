package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/bench/report"
)

// readyTimeout bounds the wait for lcw:ready after the load event.
const readyTimeout = 15 * time.Second

// loadSample is what __bench.sample() returns after one page load. Times
// are milliseconds from navigation start.
type loadSample struct {
	Ready     *float64     `json:"ready"`
	Load      float64      `json:"load"`
	LongTasks []longTask   `json:"longTasks"`
	Scripts   []longScript `json:"scripts"`
	Errors    []string     `json:"errors"`
	Button    *float64     `json:"button"`
	WASM      *resource    `json:"wasm"`
}

// resource is the Resource Timing entry of the wasm, as hook.js keeps it.
type resource struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Bytes int64   `json:"bytes"`
}

// longTask is one 'longtask' performance entry.
type longTask struct {
	Start    float64 `json:"start"`
	Duration float64 `json:"duration"`
}

func durations(tasks []longTask) []float64 {
	d := make([]float64, len(tasks))
	for i, t := range tasks {
		d[i] = t.Duration
	}
	return d
}

// loadResults gathers the samples of every variant of the host page.
type loadResults struct {
	ready, load map[string][]float64
	tasks       map[string]*report.TaskCount
	scripts     map[string][]longScript
	base        string
}

// measureLoads loads each variant of the host page n times (after one
// unrecorded warm-up round), each in a fresh tab and browser context,
// interleaved and in a rotating order so drift hits every variant alike. A
// load that hits a transient CDP error is taken again (retry).
func measureLoads(browserCtx context.Context, base, hook string, n int, retry *retrier, progress io.Writer) (*loadResults, error) {
	names := []string{"plain.html", "widget.html", "floor.html"}
	res := &loadResults{ready: map[string][]float64{}, load: map[string][]float64{},
		tasks: map[string]*report.TaskCount{}, scripts: map[string][]longScript{}, base: base}
	for _, name := range names {
		res.tasks[name] = &report.TaskCount{}
	}
	for i := -1; i < n; i++ {
		for j := range names {
			name := names[(i+1+j)%len(names)]
			s, err := do(retry, func() (loadSample, error) {
				return loadOnce(browserCtx, base, "/bench/"+name, hook, name != "plain.html")
			})
			if err != nil {
				return nil, err
			}
			if i < 0 {
				continue
			}
			res.load[name] = append(res.load[name], s.Load)
			res.tasks[name].Add(durations(s.LongTasks))
			res.scripts[name] = append(res.scripts[name], s.Scripts...)
			if s.Ready != nil {
				res.ready[name] = append(res.ready[name], *s.Ready)
			}
		}
		if i >= 0 && (i+1)%5 == 0 {
			fmt.Fprintf(progress, "lcwbench: %d/%d load rounds\n", i+1, n)
		}
	}
	return res, nil
}

// loadOnce opens base+path in a fresh tab, waits for the load event and,
// when wantReady, for lcw:ready, and returns the page's sample.
func loadOnce(browserCtx context.Context, base, path, hook string, wantReady bool) (loadSample, error) {
	t, err := openTab(browserCtx, hook)
	if err != nil {
		return loadSample{}, err
	}
	defer t.close()
	// A blank page of the same origin first, so the renderer process is up:
	// its start-up is Chromium's cost, the same for every variant, and
	// only adds noise.
	if err := t.navigate(base + "/bench/blank.html"); err != nil {
		return loadSample{}, err
	}
	if err := t.navigate(base + path); err != nil {
		return loadSample{}, err
	}
	if wantReady {
		if err := t.waitFor(`__bench.ready !== null || __bench.errors.length > 0`, readyTimeout); err != nil {
			return loadSample{}, err
		}
	}
	s, err := eval[loadSample](t, `__bench.sample()`, callTimeout)
	if err != nil {
		return loadSample{}, err
	}
	if len(s.Errors) > 0 {
		return loadSample{}, fmt.Errorf("lcwbench: %s: %s", path, strings.Join(s.Errors, "; "))
	}
	if wantReady && s.Ready == nil {
		return loadSample{}, fmt.Errorf("lcwbench: %s: no lcw:ready", path)
	}
	return s, nil
}

// fill puts the load figures into r.
func (res *loadResults) fill(r *report.Report) {
	r.Ready.Widget = report.Summarise(res.ready["widget.html"])
	r.Ready.Floor = report.Summarise(res.ready["floor.html"])
	r.Ready.Ratio = report.Ratio(r.Ready.Widget.Median, r.Ready.Floor.Median)
	r.Ready.RatioInterval = report.MedianRatioInterval(res.ready["widget.html"], res.ready["floor.html"])
	r.HostLoad.Without = report.Summarise(res.load["plain.html"])
	r.HostLoad.With = report.Summarise(res.load["widget.html"])
	r.HostLoad.Delta = r.HostLoad.With.Median - r.HostLoad.Without.Median
	r.HostLoad.DeltaInterval = report.MedianDeltaInterval(res.load["widget.html"], res.load["plain.html"])
	r.LongTasks.LoadPage = *res.tasks["plain.html"]
	r.LongTasks.LoadWidget = *res.tasks["widget.html"]
	r.LongTasks.LoadFloor = *res.tasks["floor.html"]
	r.LongTasks.WidgetScripts = scriptCosts(res.scripts["widget.html"], res.base)
	r.LongTasks.FloorScripts = scriptCosts(res.scripts["floor.html"], res.base)
}
