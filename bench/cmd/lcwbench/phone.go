package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/lcwasm/lcwasm/bench/report"
)

// phone is the slow phone: Lighthouse's mobile profile (4× CPU slowdown,
// 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip), applied as is
// through CDP rather than with DevTools' latency and throughput
// adjustments.
var phone = report.PhoneProfile{CPUSlowdown: 4, DownKbps: 1600, UpKbps: 750, RTT: 150}

// phoneReadyTimeout bounds the wait for lcw:ready on the slow phone: the
// wasm alone takes about 4 s to arrive.
const phoneReadyTimeout = 90 * time.Second

// phonePages are the pages the slow phone loads.
var phonePages = []string{"widget.html", "floor.html"}

// measurePhone loads the widget and the floor pages n times each on the
// slow phone, interleaved in a rotating order, each in a fresh tab and
// browser context, then once more each with a V8 trace for the compiled
// functions.
func measurePhone(browserCtx context.Context, base, hook string, n int, retry *retrier, progress io.Writer) report.Phone {
	ph := report.Phone{Profile: phone}
	samples := map[string][]report.PhoneSample{}
	for i := range n {
		for j := range phonePages {
			name := phonePages[(i+j)%len(phonePages)]
			s, err := do(retry, func() (loadSample, error) { return phoneOnce(browserCtx, base, "/bench/"+name, hook, nil) })
			if err != nil {
				ph.Status = "could not measure: " + err.Error()
				return ph
			}
			samples[name] = append(samples[name], phoneSample(s))
		}
		fmt.Fprintf(progress, "lcwbench: slow phone, %d/%d load rounds\n", i+1, n)
	}
	ph.Widget = report.SummarisePhone(samples["widget.html"])
	ph.Floor = report.SummarisePhone(samples["floor.html"])
	ph.Widget.Compiled = compiledFunctions(browserCtx, base, "/bench/widget.html", hook, retry)
	ph.Floor.Compiled = compiledFunctions(browserCtx, base, "/bench/floor.html", hook, retry)
	return ph
}

// phoneSample keeps what the report needs of one load.
func phoneSample(s loadSample) report.PhoneSample {
	p := report.PhoneSample{Button: s.Button, LongTasks: durations(s.LongTasks)}
	if s.Ready != nil {
		p.Ready = *s.Ready
	}
	if s.WASM != nil {
		p.WASM = &report.Resource{Start: s.WASM.Start, End: s.WASM.End, Bytes: s.WASM.Bytes}
	}
	return p
}

// phoneOnce loads base+path on the slow phone in a fresh tab and returns
// its sample once lcw:ready has come. The blank page of the origin loads
// first at full speed (so the renderer is up, as on the desktop); the
// throttling starts before the page's navigation. When traced is set it
// runs around the page's load.
func phoneOnce(browserCtx context.Context, base, path, hook string, traced *trace) (loadSample, error) {
	t, err := openTab(browserCtx, hook)
	if err != nil {
		return loadSample{}, err
	}
	defer t.close()
	if err := t.navigate(base + "/bench/blank.html"); err != nil {
		return loadSample{}, err
	}
	if err := t.throttle(phone); err != nil {
		return loadSample{}, err
	}
	if traced != nil {
		if err := traced.start(t); err != nil {
			return loadSample{}, err
		}
	}
	if err := t.within(phoneReadyTimeout, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			return fmt.Errorf("lcwbench: loading %s: %w", path, err)
		}
		return nil
	}); err != nil {
		return loadSample{}, err
	}
	if err := t.waitFor(`__bench.ready !== null || __bench.errors.length > 0`, phoneReadyTimeout); err != nil {
		return loadSample{}, err
	}
	s, err := eval[loadSample](t, `__bench.sample()`, callTimeout)
	if err != nil {
		return loadSample{}, err
	}
	if len(s.Errors) > 0 {
		return loadSample{}, fmt.Errorf("lcwbench: %s: %s", path, strings.Join(s.Errors, "; "))
	}
	if s.Ready == nil {
		return loadSample{}, fmt.Errorf("lcwbench: %s: no lcw:ready", path)
	}
	if traced != nil {
		if err := traced.stop(t); err != nil {
			return loadSample{}, err
		}
	}
	return s, nil
}

// throttle slows the tab's CPU down and throttles every request of it.
func (t *tab) throttle(p report.PhoneProfile) error {
	return t.within(callTimeout, func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate,
			emulation.SetCPUThrottlingRateParams{Rate: p.CPUSlowdown}); err != nil {
			return fmt.Errorf("lcwbench: CPU throttling: %w", err)
		}
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return fmt.Errorf("lcwbench: enabling the network domain: %w", err)
		}
		// An empty URL pattern matches every request: the global
		// conditions of the deprecated Network.emulateNetworkConditions,
		// which cdproto no longer has.
		_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				Latency:            p.RTT,
				DownloadThroughput: p.DownKbps * 1000 / 8,
				UploadThroughput:   p.UpKbps * 1000 / 8,
			}},
		})
		if err != nil {
			return fmt.Errorf("lcwbench: network throttling: %w", err)
		}
		return nil
	})
}
