package report

import (
	"fmt"
	"strings"
)

func (r *Report) printAttribution(p *printer) {
	a := r.Attribution
	p.f("   lcw.wasm by Go package (linked again without -s; brotli share estimated, bench/wasmattr)\n")
	if a.Status != "" {
		p.f("     %s\n", a.Status)
		return
	}
	var raw, br int64
	for _, pk := range a.Packages {
		raw += pk.Raw
		br += pk.Brotli
	}
	rows := [][]string{{"     package", "functions", "raw", "brotli (est.)", "share"}}
	for _, pk := range a.Packages {
		rows = append(rows, []string{"     " + pk.Package, fmt.Sprint(pk.Functions), fmt.Sprint(pk.Raw),
			fmt.Sprint(pk.Brotli), fmt.Sprintf("%.1f %%", 100*Ratio(float64(pk.Brotli), float64(br)))})
	}
	rows = append(rows, []string{"     all", fmt.Sprint(a.Functions), fmt.Sprint(raw), fmt.Sprint(br), ""})
	p.table(rows)
}

// cell is a median with its p10–p90 range, or "—" without samples.
func cell(s Stats) string {
	if s.N == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f (%.0f–%.0f)", s.Median, s.P10, s.P90)
}

func compiled(c Compiled) string {
	if c.Status != "" {
		return c.Status
	}
	return fmt.Sprintf("%d (%d by the end)", c.BeforeReady, c.Total)
}

func (r *Report) printPhone(p *printer) {
	ph := r.Phone
	p.f("\n10. Slow phone: %s (fresh tab and browser context per load, interleaved)\n", ph.Profile)
	if ph.Status != "" {
		p.f("   %s\n", ph.Status)
		return
	}
	w, f := ph.Widget, ph.Floor
	perLoad := func(v PhoneVariant) string {
		return fmt.Sprintf("%.1f (max %.0f ms)", Ratio(float64(v.LongTasks.Tasks), float64(v.LongTasks.Samples)), v.LongTasks.Max)
	}
	p.table([][]string{
		{"   median ms (p10–p90)", "widget", "floor"},
		{"   loads", fmt.Sprint(w.Ready.N), fmt.Sprint(f.Ready.N)},
		{"   navigation → chat button on screen", cell(w.Button), noneIfEmpty(f.Button, "no button")},
		{"   navigation → lcw:ready", cell(w.Ready), cell(f.Ready)},
		{"   wasm download (request → last byte)", cell(w.WASMDownload), cell(f.WASMDownload)},
		{"   navigation → the wasm's last byte", cell(w.WASMEnd), cell(f.WASMEnd)},
		{"   wasm bytes on the wire", fmt.Sprint(w.WASMBytes), fmt.Sprint(f.WASMBytes)},
		{"   total blocking time per load", cell(w.Blocking), cell(f.Blocking)},
		{"   long tasks per load", perLoad(w), perLoad(f)},
		{"   wasm functions compiled before ready", compiled(w.Compiled), compiled(f.Compiled)},
	})
	p.f("   samples retried after a transient CDP error: %d on the phone, %d on the desktop\n",
		r.Retries.Phone, r.Retries.Desktop)
	if len(r.Retries.Errors) > 0 {
		p.f("   retried on: %s\n", strings.Join(r.Retries.Errors, "; "))
	}
}

func noneIfEmpty(s Stats, none string) string {
	if s.N == 0 {
		return "— (" + none + ")"
	}
	return cell(s)
}
