package report

import "fmt"

// Goal is one target of issues 5 and 19 and where this run lands. Goals are
// reported, never asserted.
type Goal struct {
	Name string `json:"name"`
	Want string `json:"want"`
	Got  string `json:"got"`
	Met  bool   `json:"met"`
}

// CheckGoals fills r.Goals from the figures of r. A goal whose figures are
// missing (zero samples) is left out.
func (r *Report) CheckGoals() {
	var g []Goal
	add := func(name, want, got string, met bool) {
		g = append(g, Goal{Name: name, Want: want, Got: got, Met: met})
	}
	if r.Sizes.WASMOverFloor > 0 {
		add("lcw.wasm brotli vs floor", "≤ 1.15×", fmt.Sprintf("%.2f×", r.Sizes.WASMOverFloor),
			r.Sizes.WASMOverFloor <= 1.15)
	}
	if r.Ready.Widget.N > 0 && r.Ready.Floor.N > 0 {
		add("navigation → ready vs floor", "≤ 1.2×", fmt.Sprintf("%.2f× (%.2f–%.2f)",
			r.Ready.Ratio, r.Ready.RatioInterval.Low, r.Ready.RatioInterval.High), r.Ready.Ratio <= 1.2)
	}
	if v := r.Routes; v.Calls > 0 && v.Status == "" {
		add("SPA route change with rules, over the page's own", "≤ 0.5 ms", fmt.Sprintf("%+.3f ms CPU (%+.3f ms busy)", v.CPUOverhead, v.Overhead), v.CPUOverhead <= 0.5)
	}
	lt := r.LongTasks
	if lt.LoadWidget.Samples > 0 {
		add("long tasks during load", "0 caused by the widget",
			fmt.Sprintf("%d on %d widget loads, %d on %d loads without it",
				lt.LoadWidget.Tasks, lt.LoadWidget.Samples, lt.LoadPage.Tasks, lt.LoadPage.Samples),
			lt.LoadWidget.Tasks <= lt.LoadPage.Tasks)
	}
	if lt.Invitation.Samples > 0 {
		add("long tasks while the invitation appears", "0",
			fmt.Sprintf("%d in %d invitations", lt.Invitation.Tasks, lt.Invitation.Samples), lt.Invitation.Tasks == 0)
	}
	if h := r.HostLoad; h.With.N > 0 && h.Without.N > 0 {
		// "Not measurable": the bootstrap interval of the delay reaches 0.
		add("host page load event delay", "not measurable (interval reaches 0)",
			fmt.Sprintf("%+.1f ms (%+.1f to %+.1f)", h.Delta, h.DeltaInterval.Low, h.DeltaInterval.High),
			h.DeltaInterval.Low <= 0)
	}
	if inv := r.Invitation; inv.Paint.N > 0 {
		share := float64(inv.FirstFrame) / float64(inv.Paint.N)
		add("startProactiveChat → painted", "the first frame after the call (≥ 95 % of cycles)",
			fmt.Sprintf("%d/%d in the first frame, median %.1f ms", inv.FirstFrame, inv.Paint.N, inv.Paint.Median),
			share >= 0.95)
	}
	if m := r.Memory; m.Cycles > 0 && len(m.Samples) > 1 {
		add(fmt.Sprintf("memory growth from cycle %d to %d", m.Samples[1].Cycles, m.Cycles), "wasm ≤ 10 %, JS heap ≤ 5 %",
			fmt.Sprintf("wasm %+.1f %%, JS heap %+.1f %% (from ready %+.1f %%, %+.1f %%)",
				m.WASMSteadyGrowth, m.JSHeapSteadyGrowth, m.WASMGrowth, m.JSHeapGrowth),
			m.WASMSteadyGrowth <= 10 && m.JSHeapSteadyGrowth <= 5)
	}
	if b := r.Phone.Widget.Button; b.N > 0 {
		add("slow phone: navigation → chat button on screen", "≤ 1.5 s (median)",
			fmt.Sprintf("%.2f s (%.2f–%.2f)", b.Median/1000, b.P10/1000, b.P90/1000), b.Median <= 1500)
	}
	r.Goals = g
}
