package report

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Print writes r as the text report of `make bench`.
func (r *Report) Print(w io.Writer) error {
	p := &printer{w: w}
	p.f("lcwasm bench, %s (%.0f s): %s %s/%s, %d CPUs, %s\n",
		r.Started.Format("2006-01-02 15:04:05 MST"), r.Seconds, r.Env.Go, r.Env.OS, r.Env.Arch, r.Env.CPUs, r.Env.Browser)
	if len(r.Env.LoadAvg) == 2 {
		p.f("load average %s at the start, %s at the end: timings are as noisy as the machine is busy;\n"+
			"ratios and deltas carry a bootstrap 80 %% interval\n", r.Env.LoadAvg[0], r.Env.LoadAvg[1])
	}
	r.printSizes(p)
	if r.Desktop != "" {
		p.f("\n2.–8. Desktop, rules and server: %s\n", r.Desktop)
		if r.Routes.Calls > 0 || r.Routes.Status != "" {
			r.printRoutes(p) // -only routes
		}
		if r.Memory.Cycles > 0 {
			r.printInvitation(p) // -only invite
			r.printMemory(p)
		}
	} else {
		r.printDesktop(p)
	}
	r.printPhone(p)
	r.printGoals(p)
	return p.err
}

// printDesktop prints sections 2 to 8.
func (r *Report) printDesktop(p *printer) {
	r.printReady(p)
	r.printLongTasks(p)
	r.printInvitation(p)
	r.printMemory(p)
	r.printRules(p)
	r.printRoutes(p)
	p.f("\n7. Server\n")
	if r.Server.Status != "" {
		p.f("   %s\n", r.Server.Status)
	} else {
		v := r.Server
		p.f("   %d visitor WebSockets held at once on 127.0.0.1 (SQLite store), %d messages in %.1f s, %d failed\n",
			v.Sockets, v.Messages, v.Seconds, v.Failed)
		p.f("   send → stored → ack: p50 %.1f ms, p99 %.1f ms\n", v.AckP50, v.AckP99)
	}
	r.Restart.print(p)
}

// printer remembers the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// table writes rows of tab-separated cells, left-aligned; callers indent the first cell.
func (p *printer) table(rows [][]string) {
	if p.err != nil {
		return
	}
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	for _, row := range rows {
		for _, c := range row {
			fmt.Fprint(tw, c+"\t")
		}
		fmt.Fprintln(tw)
	}
	p.err = tw.Flush()
}

func (r *Report) printSizes(p *printer) {
	p.f("\n1. Bytes on the wire (dist/manifest.json, floor built in the same run)\n")
	rows := [][]string{{"   file", "raw", "gzip", "brotli"}}
	row := func(a Asset) []string {
		return []string{"   " + a.Name, fmt.Sprint(a.Raw), fmt.Sprint(a.Gzip), fmt.Sprint(a.Br)}
	}
	for _, a := range r.Sizes.Assets {
		rows = append(rows, row(a))
	}
	rows = append(rows, row(r.Sizes.Total), row(r.Sizes.Floor))
	if r.Sizes.RulesFloorStatus == "" && r.Sizes.RulesFloor.Br > 0 {
		rows = append(rows, row(r.Sizes.RulesFloor))
	}
	p.table(rows)
	p.f("   lcw.wasm brotli ÷ floor brotli: %.2f×\n", r.Sizes.WASMOverFloor)
	if r.Sizes.RulesFloorStatus != "" {
		p.f("   the rules engine alone (bench/rulesfloor): %s\n", r.Sizes.RulesFloorStatus)
	} else if r.Sizes.RulesFloor.Br > 0 {
		p.f("   the rules engine alone (bench/rulesfloor) ÷ floor brotli: %.2f×\n", r.Sizes.RulesFloorOverFloor)
	}
	r.printShape(p)
	r.printAttribution(p)
}

func statsRow(name string, s Stats) []string {
	return []string{"   " + name, fmt.Sprint(s.N), ms(s.Median), ms(s.P10), ms(s.P90), ms(s.Min), ms(s.Max)}
}

var statsHead = []string{"   ms", "n", "median", "p10", "p90", "min", "max"}

func ms(v float64) string { return fmt.Sprintf("%.1f", v) }

func (r *Report) printReady(p *printer) {
	p.f("\n2. Navigation start → lcw:ready (fresh tab and browser context per load, interleaved)\n")
	p.table([][]string{statsHead, statsRow("widget", r.Ready.Widget), statsRow("floor", r.Ready.Floor)})
	p.f("   ratio of medians widget ÷ floor: %.2f× (%.2f–%.2f)\n", r.Ready.Ratio, r.Ready.RatioInterval.Low, r.Ready.RatioInterval.High)
	p.f("\n3. Host page load event (loadEventStart), same page without and with the widget tag\n")
	p.table([][]string{statsHead, statsRow("without", r.HostLoad.Without), statsRow("with widget", r.HostLoad.With)})
	p.f("   median delay: %+.1f ms (%+.1f to %+.1f)\n", r.HostLoad.Delta, r.HostLoad.DeltaInterval.Low, r.HostLoad.DeltaInterval.High)
}

func (r *Report) printLongTasks(p *printer) {
	p.f("   long tasks (> 50 ms, PerformanceObserver 'longtask', buffered)\n")
	rows := [][]string{{"   during", "samples", "tasks", "max ms", "blocking ms"}}
	for _, c := range []struct {
		name string
		tc   TaskCount
	}{
		{"load, page without tag", r.LongTasks.LoadPage},
		{"load, page with widget", r.LongTasks.LoadWidget},
		{"load, page with floor", r.LongTasks.LoadFloor},
		{"invitation appearing", r.LongTasks.Invitation},
	} {
		rows = append(rows, []string{"   " + c.name, fmt.Sprint(c.tc.Samples), fmt.Sprint(c.tc.Tasks), ms(c.tc.Max), ms(c.tc.Blocking)})
	}
	p.table(rows)
	printScripts(p, "widget", r.LongTasks.WidgetScripts, r.LongTasks.LoadWidget.Samples)
	printScripts(p, "floor", r.LongTasks.FloorScripts, r.LongTasks.LoadFloor.Samples)
}

func printScripts(p *printer, name string, scripts []ScriptCost, loads int) {
	if len(scripts) == 0 {
		return
	}
	p.f("   where the time goes on %s loads: scripts ≥ 20 ms in long animation frames\n", name)
	rows := [][]string{{"     script", "count", "ms per load", "max ms"}}
	for _, s := range scripts {
		rows = append(rows, []string{"     " + s.Script, fmt.Sprint(s.Count), ms(Ratio(s.Total, float64(loads))), ms(s.Max)})
	}
	p.table(rows)
}

func (r *Report) printInvitation(p *printer) {
	p.f("\n4. startProactiveChat → invitation painted (next animation frame after it is in the shadow root)\n")
	p.table([][]string{statsHead, statsRow("call → painted", r.Invitation.Paint), statsRow("the call itself", r.Invitation.Call)})
	p.f("   painted in the first frame after the call: %d of %d\n", r.Invitation.FirstFrame, r.Invitation.Paint.N)
}

func (r *Report) printMemory(p *printer) {
	m := r.Memory
	p.f("\n5. Memory after ready and after %d show/decline cycles (JS heap used, after a forced GC)\n", m.Cycles)
	rows := [][]string{{"   after cycles", "wasm bytes", "growth", "since previous", "JS heap bytes", "growth", "since previous"}}
	for i, s := range m.Samples {
		prev, first := s, s
		if i > 0 {
			prev, first = m.Samples[i-1], m.Samples[0]
		}
		rows = append(rows, []string{"   " + fmt.Sprint(s.Cycles),
			fmt.Sprint(s.WASM), pct(Growth(first.WASM, s.WASM)), pct(Growth(prev.WASM, s.WASM)),
			fmt.Sprint(s.JSHeap), pct(Growth(first.JSHeap, s.JSHeap)), pct(Growth(prev.JSHeap, s.JSHeap))})
	}
	p.table(rows)
}

func pct(v float64) string { return fmt.Sprintf("%+.1f %%", v) }

func (r *Report) printRules(p *printer) {
	p.f("\n6. Rule evaluation cost (no rule fires: every rule is evaluated)\n")
	printCosts(p, "rules package: go test -bench BenchmarkEvaluate -benchtime 2000x ./rules/", r.Rules.Package)
	printCosts(p, "bench/ruleset sets, native (the same, ./bench/ruleset/, -count 5, cheapest)", r.Rules.Native)
	printCosts(p, "bench/ruleset sets, in Chromium (bench/rulewasm, cheapest of 5 rounds)", r.Rules.Browser)
	for _, b := range r.Rules.Browser.Costs {
		for _, n := range r.Rules.Native.Costs {
			if n.Rules == b.Rules && n.Rules > 0 {
				p.f("   %d rules: Chromium ÷ native %.1f×\n", n.Rules, Ratio(b.NsPerOp, n.NsPerOp))
			}
		}
	}
}

func printCosts(p *printer, title string, run CostRun) {
	p.f("   %s\n", title)
	if run.Status != "" {
		p.f("     %s\n", run.Status)
	}
	if len(run.Costs) == 0 {
		return
	}
	rows := [][]string{{"     benchmark", "ns/op", "ns/rule"}}
	for _, c := range run.Costs {
		perRule := "?"
		if c.Rules > 0 {
			perRule = fmt.Sprintf("%.1f", c.NsPerOp/float64(c.Rules))
		}
		rows = append(rows, []string{"     " + c.Name, fmt.Sprintf("%.0f", c.NsPerOp), perRule})
	}
	p.table(rows)
}

func (r *Report) printGoals(p *printer) {
	p.f("\nGoals (issues 5 and 19; reported, not asserted)\n")
	rows := [][]string{}
	for _, g := range r.Goals {
		mark := "MISSED"
		if g.Met {
			mark = "met"
		}
		rows = append(rows, []string{"   " + mark, g.Name, g.Want, g.Got})
	}
	p.table(rows)
}

// printShape compares lcw.wasm with the floor program: what it adds in
// functions, code and data, the brotli bytes per added function, and what
// the 1.2× goal of issue 19 would leave for everything above Go's runtime.
func (r *Report) printShape(p *printer) {
	w, f := r.Sizes.WASMShape, r.Sizes.FloorShape
	if w.Functions == 0 || f.Functions == 0 {
		return
	}
	p.table([][]string{
		{"   beside the floor", "lcw.wasm", "floor", "added"},
		{"   functions", fmt.Sprint(w.Functions), fmt.Sprint(f.Functions), fmt.Sprint(w.Functions - f.Functions)},
		{"   code section (raw)", fmt.Sprint(w.Code), fmt.Sprint(f.Code), fmt.Sprint(w.Code - f.Code)},
		{"   data section (raw)", fmt.Sprint(w.Data), fmt.Sprint(f.Data), fmt.Sprint(w.Data - f.Data)},
		{"   brotli", fmt.Sprint(w.Brotli), fmt.Sprint(f.Brotli), fmt.Sprint(w.Brotli - f.Brotli)},
	})
	if added := w.Functions - f.Functions; added > 0 && w.Brotli > f.Brotli {
		per := float64(w.Brotli-f.Brotli) / float64(added)
		room := 0.2 * float64(f.Brotli)
		p.f("   %.0f B of brotli per added function; at 1.2× the floor, %.0f B (about %.0f functions at that rate) would be left above Go's runtime\n",
			per, room, room/per)
	}
}
