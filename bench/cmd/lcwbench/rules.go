package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/bench/report"
	"github.com/lcwasm/lcwasm/internal/build"
)

// benchLine matches a `go test -bench` result line of BenchmarkEvaluate.
var benchLine = regexp.MustCompile(`^(BenchmarkEvaluate\S*?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op`)

// firstNumber finds the set size in a sub-benchmark name ("rules=100").
var firstNumber = regexp.MustCompile(`\d+`)

// nativeRules runs BenchmarkEvaluate of pkg natively, 2000 iterations per
// sub-benchmark, count times, and keeps the cheapest run of each. A package
// without the benchmark, or one that does not build, gives a Status instead
// of costs.
func nativeRules(ctx context.Context, root, pkg string, count int) report.CostRun {
	goTool, err := build.GoTool()
	if err != nil {
		return report.CostRun{Status: err.Error()}
	}
	cmd := exec.CommandContext(ctx, goTool, "test", "-run", "^$", "-bench", "BenchmarkEvaluate", "-benchtime", "2000x",
		"-count", strconv.Itoa(count), pkg)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	costs := parseBench(out)
	switch {
	case err != nil:
		return report.CostRun{Costs: costs, Status: fmt.Sprintf("rules: not available yet (go test %s: %v: %s)", pkg, err, firstLine(out))}
	case len(costs) == 0:
		return report.CostRun{Status: "rules: not available yet (no BenchmarkEvaluate in " + pkg + ")"}
	}
	return report.CostRun{Costs: costs}
}

// parseBench reads the BenchmarkEvaluate results of `go test -bench`,
// keeping the cheapest result of each benchmark, in order of appearance.
func parseBench(out []byte) []report.RuleCost {
	var costs []report.RuleCost
	index := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		c := report.RuleCost{Name: m[1], NsPerOp: ns}
		if n := firstNumber.FindString(strings.TrimPrefix(m[1], "BenchmarkEvaluate")); n != "" {
			c.Rules, _ = strconv.Atoi(n)
		}
		if i, ok := index[c.Name]; ok {
			costs[i].NsPerOp = min(costs[i].NsPerOp, c.NsPerOp)
			continue
		}
		index[c.Name] = len(costs)
		costs = append(costs, c)
	}
	return costs
}

func firstLine(out []byte) string {
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// browserRules runs bench/rulewasm in a fresh tab and reads its costs.
func browserRules(browserCtx context.Context, base, hook string, buildErr error) report.CostRun {
	if buildErr != nil {
		return report.CostRun{Status: "TODO: bench/rulewasm did not build against the current rules API: " + firstLine([]byte(buildErr.Error()))}
	}
	t, err := openTab(browserCtx, hook)
	if err != nil {
		return report.CostRun{Status: err.Error()}
	}
	defer t.close()
	if err := t.navigate(base + "/bench/rules.html"); err != nil {
		return report.CostRun{Status: err.Error()}
	}
	if err := t.waitFor(`window.__benchRules || window.__benchRulesError`, time.Minute); err != nil {
		return report.CostRun{Status: err.Error()}
	}
	if msg, err := eval[string](t, `window.__benchRulesError || ""`, callTimeout); err != nil || msg != "" {
		return report.CostRun{Status: fmt.Sprintf("lcwbench: rules in Chromium: %s%v", msg, errOrEmpty(err))}
	}
	costs, err := eval[[]report.RuleCost](t, `window.__benchRules`, callTimeout)
	if err != nil {
		return report.CostRun{Status: err.Error()}
	}
	for i := range costs {
		costs[i].Name = fmt.Sprintf("rules=%d", costs[i].Rules)
	}
	return report.CostRun{Costs: costs}
}

func errOrEmpty(err error) any {
	if err == nil {
		return ""
	}
	return err
}
