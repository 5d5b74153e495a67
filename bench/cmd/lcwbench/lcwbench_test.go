package main

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/lcwasm/lcwasm/bench/report"
)

// These tests cover the harness's pure parts; nothing here starts Chromium.

func TestParseBench(t *testing.T) {
	out := `goos: linux
pkg: github.com/lcwasm/lcwasm/rules
BenchmarkEvaluate/rules=10-2         	    2000	      2230 ns/op	      16 B/op	       2 allocs/op
BenchmarkEvaluate/1000_rules-2       	    2000	    170907.5 ns/op
BenchmarkEvaluateOther	    2000	      99 ns/op
BenchmarkEvaluate/rules=10-2         	    2000	      2100 ns/op
BenchmarkDecode/rules=10-2	2000	5 ns/op
PASS`
	got := parseBench([]byte(out))
	want := []report.RuleCost{
		{Name: "BenchmarkEvaluate/rules=10", Rules: 10, NsPerOp: 2100},
		{Name: "BenchmarkEvaluate/1000_rules", Rules: 1000, NsPerOp: 170907.5},
		{Name: "BenchmarkEvaluateOther", Rules: 0, NsPerOp: 99},
	}
	if !slices.Equal(got, want) {
		t.Errorf("parseBench =\n%+v\nwant\n%+v", got, want)
	}
}

func TestTasksIn(t *testing.T) {
	tasks := []longTask{{Start: 100, Duration: 60}, {Start: 500, Duration: 80}}
	got := tasksIn(tasks, []float64{150, 170, 300, 400, 570, 600})
	want := report.TaskCount{Samples: 3, Tasks: 2, Max: 80, Blocking: 40}
	if got != want {
		t.Errorf("tasksIn = %+v, want %+v", got, want)
	}
}

func TestCheckpoints(t *testing.T) {
	for _, c := range []struct {
		warm, total int
		want        []int
	}{
		{20, 1000, []int{20, 500, 1000}},
		{20, 30, []int{20, 30}},
		{10, 11, []int{10, 11}},
	} {
		if got := checkpoints(c.warm, c.total); !slices.Equal(got, c.want) {
			t.Errorf("checkpoints(%d, %d) = %v, want %v", c.warm, c.total, got, c.want)
		}
	}
}

// TestPageVariants: the three host pages differ only in their tag.
func TestPageVariants(t *testing.T) {
	fsys, err := benchPages()
	if err != nil {
		t.Fatal(err)
	}
	page := map[string]string{}
	for name := range variants {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		page[name] = string(b)
	}
	plain := page["plain.html"]
	for name, tag := range variants {
		if got := strings.Replace(page[name], string(tag), "", 1); got != plain {
			t.Errorf("%s is not plain.html plus its tag", name)
		}
	}
	for _, name := range []string{"hook.js", "blank.html", "rules.html", "rules.js", "page.css", "page.js", "hero.svg"} {
		if _, err := fs.Stat(fsys, name); err != nil {
			t.Errorf("bench pages lack %s: %v", name, err)
		}
	}
}

func TestScriptCosts(t *testing.T) {
	const base = "http://127.0.0.1:1234"
	got := scriptCosts([]longScript{
		{Duration: 30, Type: "classic-script", Invoker: base + "/lcw/lcw.js", Source: base + "/lcw/lcw.js"},
		{Duration: 60, Type: "resolve-promise", Invoker: "Response.json.then", Source: base + "/lcw/lcw.js"},
		{Duration: 40, Type: "classic-script", Invoker: base + "/lcw/lcw.js", Source: base + "/lcw/lcw.js"},
	}, base)
	want := []report.ScriptCost{
		{Script: "classic-script: /lcw/lcw.js (/lcw/lcw.js)", Count: 2, Total: 70, Max: 40},
		{Script: "resolve-promise: Response.json.then (/lcw/lcw.js)", Count: 1, Total: 60, Max: 60},
	}
	if !slices.Equal(got, want) {
		t.Errorf("scriptCosts =\n%+v\nwant\n%+v", got, want)
	}
}
