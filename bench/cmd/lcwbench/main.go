package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/lcwasm/lcwasm/bench/loadtest"
	"github.com/lcwasm/lcwasm/bench/report"
	"github.com/lcwasm/lcwasm/internal/build"
)

// options are the command-line flags.
type options struct {
	out      string
	chromium string
	loads    int
	warm     int
	cycles   int
	restart  int
	routes   int
	rounds   int
	// only names the one part to measure besides the sizes ("" for all).
	only string
	// phoneSamples are the slow-phone loads of each page (0 skips them).
	phoneSamples int
}

func main() {
	var o options
	flag.StringVar(&o.out, "out", "bench/out/report.json", "write the JSON report to this `file`")
	flag.StringVar(&o.chromium, "chromium", envOr("LCW_CHROMIUM", "/usr/bin/chromium"), "the Chromium `binary` to drive")
	flag.IntVar(&o.loads, "loads", 20, "fresh-tab loads of each page variant")
	flag.IntVar(&o.warm, "warm", 100, "invitation cycles before the memory reading that the growth goal starts from")
	flag.IntVar(&o.cycles, "cycles", 1000, "invitation show/decline cycles in all")
	flag.IntVar(&o.restart, "restart-sockets", loadtest.Defaults().Sockets, "visitor sockets of item 8, the server killed under load (0 skips it; make loadtest has every knob)")
	flag.IntVar(&o.routes, "routes", 100, "SPA route changes (history.pushState) per page variant and way (Chromium ignores more than 200 in 10 s)")
	flag.IntVar(&o.rounds, "route-rounds", 5, "rounds of the SPA route measurement (the least counts)")
	flag.IntVar(&o.phoneSamples, "phone-samples", 10, "slow-phone loads of the widget and of the floor program (0 skips the slow phone)")
	flag.StringVar(&o.only, "only", "", "run only this `part` besides the sizes: \"routes\" (the SPA route changes), \"invite\" (the invitation cycles and their memory) or \"phone\" (the slow phone)")
	flag.Parse()
	if o.only != "" && o.only != "routes" && o.only != "invite" && o.only != "phone" || o.phoneSamples < 0 || o.only == "phone" && o.phoneSamples == 0 {
		fmt.Fprintln(os.Stderr, "lcwbench: want -only routes, invite or phone, -phone-samples ≥ 0, and ≥ 1 with -only phone")
		os.Exit(2)
	}
	if o.loads < 1 || o.warm < 1 || o.cycles <= o.warm {
		fmt.Fprintln(os.Stderr, "lcwbench: want -loads ≥ 1, -warm ≥ 1 and -cycles > -warm")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// loadAvg is the 1-minute load average, "" where /proc/loadavg is missing.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// run builds, serves, measures, prints the report to out and writes the
// JSON; progress goes to log.
func run(ctx context.Context, o options, out, log io.Writer) error {
	r := &report.Report{Started: time.Now()}
	r.Env = report.Env{Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU()}
	startLoad := loadAvg()
	root, err := build.ModuleRoot(".")
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "lcwbench-")
	if err != nil {
		return fmt.Errorf("lcwbench: %w", err)
	}
	defer os.RemoveAll(tmp)

	fmt.Fprintln(log, "lcwbench: building dist, the floor program and bench/rulewasm")
	a, err := prepare(ctx, root, tmp)
	if err != nil {
		return err
	}
	r.Sizes = sizes(a)
	fmt.Fprintln(log, "lcwbench: lcw.wasm by package")
	r.Attribution = attribute(a)
	if o.only != "" {
		r.Desktop = "skipped (-only " + o.only + ")"
	} else {
		fmt.Fprintln(log, "lcwbench: rule benchmarks, native")
		r.Rules.Package = nativeRules(ctx, root, "./rules/", 1)
		r.Rules.Native = nativeRules(ctx, root, "./bench/ruleset/", 5)
	}
	if err := measureBrowser(ctx, o, r, a, root, log); err != nil {
		return err
	}
	if o.only == "" {
		fmt.Fprintf(log, "lcwbench: chat server load, %d visitor sockets\n", loadSockets)
		r.Server, err = chatLoad(ctx)
		if err != nil {
			r.Server.Status = "chat server load failed: " + err.Error()
		}
		r.Restart = restartLoad(ctx, o.restart, root, log)
	}
	if startLoad != "" {
		r.Env.LoadAvg = []string{startLoad, loadAvg()}
	}
	r.Seconds = time.Since(r.Started).Seconds()
	r.CheckGoals()
	if err := r.Print(out); err != nil {
		return fmt.Errorf("lcwbench: %w", err)
	}
	if err := r.WriteJSON(o.out); err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "\nJSON report: %s\n", o.out)
	return err
}

// restartLoad runs item 8, the chat load with a server kill
// (bench/loadtest), with sockets visitors.
func restartLoad(ctx context.Context, sockets int, root string, log io.Writer) report.Restart {
	if sockets <= 0 {
		return report.Restart{Status: "skipped (-restart-sockets 0)"}
	}
	fmt.Fprintf(log, "lcwbench: chat server killed under load, %d visitor sockets\n", sockets)
	cfg := loadtest.Defaults()
	cfg.Sockets, cfg.Root, cfg.Progress = sockets, root, log
	res, err := loadtest.Run(ctx, cfg)
	if err != nil {
		res.Status = "could not run: " + err.Error()
	}
	return res
}

// measureDesktop runs the desktop measurements: loads, invitations and
// rules in Chromium.
func measureDesktop(bctx context.Context, o options, r *report.Report, base, hook string, a *assets, retry *retrier, log io.Writer) error {
	fmt.Fprintf(log, "lcwbench: %s, serving %s; %d load rounds of 3 pages\n", r.Env.Browser, base, o.loads)
	loads, err := measureLoads(bctx, base, hook, o.loads, retry, log)
	if err != nil {
		return err
	}
	loads.fill(r)
	if err := measureInvite(bctx, o, r, base, hook, log); err != nil {
		return err
	}
	fmt.Fprintln(log, "lcwbench: rules in Chromium")
	r.Rules.Browser = browserRules(bctx, base, hook, a.rulesErr)
	return nil
}

// measureInvite runs the invitation cycles and their memory readings.
func measureInvite(bctx context.Context, o options, r *report.Report, base, hook string, log io.Writer) error {
	fmt.Fprintf(log, "lcwbench: %d invitation cycles\n", o.cycles)
	inv, err := measureInvitations(bctx, base, hook, o.warm, o.cycles, log)
	if err != nil {
		return err
	}
	r.Invitation, r.Memory, r.LongTasks.Invitation = inv.Invitation, inv.Memory, inv.LongTasks.Invitation
	return nil
}

// measureBrowser serves the assets and runs every Chromium measurement.
func measureBrowser(ctx context.Context, o options, r *report.Report, a *assets, root string, log io.Writer) error {
	base, stopServer, err := serve(a, root)
	if err != nil {
		return err
	}
	defer stopServer()
	hook, err := pagesFS.ReadFile("pages/hook.js")
	if err != nil {
		return fmt.Errorf("lcwbench: %w", err)
	}
	bctx, product, stopBrowser, err := startBrowser(o.chromium)
	if err != nil {
		return err
	}
	defer stopBrowser()
	go func() { <-ctx.Done(); stopBrowser() }()
	r.Env.Browser = product
	retry := &retrier{}
	defer func() { r.Retries.Errors = retry.errors }()
	if o.only == "" || o.only == "routes" {
		fmt.Fprintf(log, "lcwbench: %d SPA route changes per page\n", o.routes)
		r.Routes, err = measureRoutes(bctx, base, string(hook), o.routes, o.rounds)
		if err != nil {
			r.Routes.Status = "could not measure: " + err.Error()
		}
	}
	if o.only == "" {
		if err := measureDesktop(bctx, o, r, base, string(hook), a, retry, log); err != nil {
			return err
		}
	}
	if o.only == "invite" {
		if err := measureInvite(bctx, o, r, base, string(hook), log); err != nil {
			return err
		}
	}
	r.Retries.Desktop = retry.retries
	if o.only == "routes" || o.only == "invite" || o.phoneSamples == 0 {
		r.Phone = report.Phone{Profile: phone, Status: "skipped (-only routes or invite, or -phone-samples 0)"}
		return nil
	}
	fmt.Fprintf(log, "lcwbench: slow phone (%s), %d load rounds of 2 pages and 2 traced loads\n", phone, o.phoneSamples)
	r.Phone = measurePhone(bctx, base, string(hook), o.phoneSamples, retry, log)
	r.Retries.Phone = retry.retries - r.Retries.Desktop
	return nil
}
