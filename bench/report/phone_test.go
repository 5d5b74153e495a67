package report

import (
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/bench/wasmattr"
)

func ptr(v float64) *float64 { return &v }

func TestSummarisePhone(t *testing.T) {
	v := SummarisePhone([]PhoneSample{
		{Button: ptr(900), Ready: 5000, WASM: &Resource{Start: 400, End: 4400, Bytes: 800_000}, LongTasks: []float64{120, 60}},
		{Button: ptr(1100), Ready: 6000, WASM: &Resource{Start: 500, End: 4700, Bytes: 800_000}, LongTasks: []float64{250}},
		{Button: ptr(1000), Ready: 5500, WASM: &Resource{Start: 450, End: 4550, Bytes: 800_000}},
	})
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"button", v.Button.Median, 1000}, {"ready", v.Ready.Median, 5500},
		{"download", v.WASMDownload.Median, 4100}, {"download max", v.WASMDownload.Max, 4200},
		{"wasm end", v.WASMEnd.Median, 4550},
		{"blocking", v.Blocking.Median, 80}, {"blocking max", v.Blocking.Max, 200}, {"blocking min", v.Blocking.Min, 0},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if want := (TaskCount{Samples: 3, Tasks: 3, Max: 250, Blocking: 280}); v.LongTasks != want {
		t.Errorf("long tasks = %+v, want %+v", v.LongTasks, want)
	}
	if v.WASMBytes != 800_000 || v.Button.N != 3 {
		t.Errorf("bytes %d, button samples %d", v.WASMBytes, v.Button.N)
	}
}

// TestSummarisePhoneNoButton: a page without a chat button (the floor)
// has no button figures rather than zeros.
func TestSummarisePhoneNoButton(t *testing.T) {
	v := SummarisePhone([]PhoneSample{{Ready: 3000}, {Ready: 3200}})
	if v.Button.N != 0 || v.WASMDownload.N != 0 || v.Ready.N != 2 {
		t.Errorf("got %+v", v)
	}
}

func TestBlockingTime(t *testing.T) {
	if got := BlockingTime([]float64{49, 50, 51, 150}); got != 101 {
		t.Errorf("BlockingTime = %v, want 101", got)
	}
}

func TestPrintPhoneAndGoal(t *testing.T) {
	r := sample()
	r.Phone = Phone{
		Profile: PhoneProfile{CPUSlowdown: 4, DownKbps: 1600, UpKbps: 750, RTT: 150},
		Widget:  SummarisePhone([]PhoneSample{{Button: ptr(2400), Ready: 5460, LongTasks: []float64{294, 138}}}),
		Floor:   SummarisePhone([]PhoneSample{{Ready: 4100}}),
	}
	r.Phone.Widget.Compiled = Compiled{BeforeReady: 770, Total: 800}
	r.Phone.Floor.Compiled = Compiled{Status: "no trace"}
	r.Retries = Retries{Phone: 2, Errors: []string{"Cannot find context with specified id"}}
	r.Attribution = Attribution{Functions: 3, Packages: []wasmattr.Package{{Package: "runtime", Functions: 3, Raw: 90, Brotli: 30}}}
	r.CheckGoals()
	var sb strings.Builder
	if err := r.Print(&sb); err != nil {
		t.Fatal(err)
	}
	out := sb.String()
	for _, want := range []string{
		"10. Slow phone: 4× CPU slowdown, 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip",
		"2400 (2400–2400)", "— (no button)", "5460 (5460–5460)", "332 (332–332)", "770 (800 by the end)", "no trace",
		"2 on the phone", "Cannot find context with specified id", "runtime", "100.0 %",
		"MISSED  slow phone: navigation → chat button on screen",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
}

func TestPrintDesktopSkipped(t *testing.T) {
	r := sample()
	r.Desktop = "skipped (-only phone)"
	var sb strings.Builder
	if err := r.Print(&sb); err != nil {
		t.Fatal(err)
	}
	if out := sb.String(); !strings.Contains(out, "skipped (-only phone)") || strings.Contains(out, "7. Server") {
		t.Errorf("desktop sections printed:\n%s", out)
	}
}

// TestPrintOnlyRoutes: -only routes skips the desktop sections but prints
// the route changes it measured.
func TestPrintOnlyRoutes(t *testing.T) {
	r := sample()
	r.Desktop = "skipped (-only routes)"
	r.Routes = Routes{Calls: 100, Rounds: 5}
	var sb strings.Builder
	if err := r.Print(&sb); err != nil {
		t.Fatal(err)
	}
	if out := sb.String(); !strings.Contains(out, "SPA route changes") || strings.Contains(out, "7. Server") {
		t.Errorf("want the routes alone:\n%s", out)
	}
}
