package report

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSummarise(t *testing.T) {
	got := Summarise([]float64{5, 1, 4, 2, 3})
	want := Stats{N: 5, Median: 3, P10: 1.4, P90: 4.6, Min: 1, Max: 5}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"median", got.Median, want.Median}, {"p10", got.P10, want.P10}, {"p90", got.P90, want.P90},
		{"min", got.Min, want.Min}, {"max", got.Max, want.Max},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if got.N != want.N {
		t.Errorf("N = %d, want %d", got.N, want.N)
	}
	if (Summarise(nil) != Stats{}) {
		t.Errorf("Summarise(nil) is not the zero Stats")
	}
}

func TestTaskCount(t *testing.T) {
	var c TaskCount
	c.Add(nil)
	c.Add([]float64{60, 120})
	want := TaskCount{Samples: 2, Tasks: 2, Max: 120, Blocking: 80}
	if c != want {
		t.Errorf("got %+v, want %+v", c, want)
	}
}

// TestJSONShape pins the top-level keys and a few nested ones of the JSON
// report, which tools and the README read.
func TestJSONShape(t *testing.T) {
	r := sample()
	path := filepath.Join(t.TempDir(), "out", "report.json")
	if err := r.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range tree {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"attribution", "env", "goals", "hostLoad", "invitation", "longTasks", "memory", "phone", "ready",
		"restart", "retries", "routes", "rules", "seconds", "server", "sizes", "started"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	for _, path := range [][]string{
		{"sizes", "wasmOverFloor"}, {"ready", "widget", "median"}, {"ready", "ratio"},
		{"hostLoad", "delta"}, {"longTasks", "invitation", "tasks"}, {"invitation", "paint", "p90"},
		{"memory", "wasmGrowth"}, {"memory", "samples"}, {"rules", "package", "costs"}, {"rules", "native", "costs"}, {"server", "status"},
		{"phone", "widget", "button", "median"}, {"phone", "floor", "wasmDownload"}, {"phone", "widget", "compiled", "beforeReady"},
		{"phone", "profile", "cpuSlowdown"}, {"attribution", "packages"}, {"retries", "phone"},
	} {
		if _, ok := dig(tree, path); !ok {
			t.Errorf("no %s in the JSON", strings.Join(path, "."))
		}
	}
}

func dig(v any, path []string) (any, bool) {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

func TestGoalsAndPrint(t *testing.T) {
	r := sample()
	r.CheckGoals()
	met := map[string]bool{}
	for _, g := range r.Goals {
		met[g.Name] = g.Met
	}
	if !met["lcw.wasm brotli vs floor"] || met["navigation → ready vs floor"] {
		t.Errorf("goals = %+v", r.Goals)
	}
	var sb strings.Builder
	if err := r.Print(&sb); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. Bytes on the wire", "lcw.wasm brotli ÷ floor brotli: 1.10×",
		"chat server: not available yet (issue 4)", "rules: not available yet", "MISSED"} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, sb.String())
		}
	}
}

func sample() *Report {
	return &Report{
		Sizes: Sizes{
			Assets:        []Asset{{Name: "lcw.js", Raw: 100, Gzip: 50, Br: 40}},
			Total:         Asset{Name: "total", Raw: 100, Gzip: 50, Br: 40},
			WASMOverFloor: 1.1,
		},
		Ready:  Ready{Widget: Summarise([]float64{130}), Floor: Summarise([]float64{100}), Ratio: 1.3},
		Rules:  Rules{Package: CostRun{Status: "rules: not available yet"}},
		Server: Server{Status: "chat server: not available yet (issue 4)"},
	}
}

func TestBootstrap(t *testing.T) {
	a := []float64{10, 11, 12, 13, 14, 15, 16}
	b := []float64{5, 5.5, 6, 6.5, 7, 7.5, 8}
	iv := MedianRatioInterval(a, b)
	if !(iv.Low <= 2 && 2 <= iv.High && iv.Low > 1.4 && iv.High < 2.8) {
		t.Errorf("MedianRatioInterval = %+v, want around 2", iv)
	}
	if iv != MedianRatioInterval(a, b) {
		t.Errorf("the interval is not reproducible")
	}
	if d := MedianDeltaInterval(a, a); d.Low > 0 || d.High < 0 {
		t.Errorf("MedianDeltaInterval(a, a) = %+v, want it to reach 0", d)
	}
	if (MedianRatioInterval(nil, b) != Interval{}) {
		t.Errorf("no samples: want the zero Interval")
	}
}

func TestRestartOK(t *testing.T) {
	good := Restart{Sockets: 2, Connected: 2, Reconnected: 2, Sent: 10, Acked: 10, DupSent: 1, DupRejected: 1,
		AgentReplies: 3, AgentRepliesSeen: 3}
	if !good.OK() {
		t.Fatal("a clean run is not OK")
	}
	for name, broken := range map[string]func(*Restart){
		"lost":          func(r *Restart) { r.Lost = 1 },
		"stored twice":  func(r *Restart) { r.Duplicated = 1 },
		"unacked":       func(r *Restart) { r.Unacked = 1 },
		"phantom":       func(r *Restart) { r.Phantoms = 1 },
		"not back":      func(r *Restart) { r.Reconnected = 1 },
		"dup accepted":  func(r *Restart) { r.DupRejected = 0 },
		"reply missing": func(r *Restart) { r.AgentRepliesSeen = 2 },
		"error":         func(r *Restart) { r.Errors = []string{"x"} },
		"not run":       func(r *Restart) { r.Status = "could not run" },
	} {
		r := good
		broken(&r)
		if r.OK() {
			t.Errorf("%s: OK", name)
		}
	}
}

// TestPrintShape: the comparison with the floor says what the bundle adds
// and what the 1.2× goal would leave, and is left out without both shapes.
func TestPrintShape(t *testing.T) {
	r := sample()
	var sb strings.Builder
	if err := r.Print(&sb); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sb.String(), "beside the floor") {
		t.Errorf("the comparison is printed without shapes:\n%s", sb.String())
	}
	r.Sizes.WASMShape = Shape{Functions: 300, Code: 2000, Data: 900, Brotli: 1500}
	r.Sizes.FloorShape = Shape{Functions: 100, Code: 1000, Data: 400, Brotli: 1000}
	sb.Reset()
	if err := r.Print(&sb); err != nil {
		t.Fatal(err)
	}
	r.Sizes.RulesFloor = Asset{Name: "rulesfloor.wasm (floor + rules engine)", Br: 1250}
	r.Sizes.RulesFloorOverFloor = 1.25
	sb.Reset()
	if err := r.Print(&sb); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"beside the floor", "functions", "200", "1000", "500", "rulesfloor.wasm",
		"the rules engine alone (bench/rulesfloor) ÷ floor brotli: 1.25×",
		"2 B of brotli per added function", "200 B (about 80 functions at that rate)"} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, sb.String())
		}
	}
}
