package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/systeminfo"
	"github.com/chromedp/chromedp"
	"github.com/lcwasm/lcwasm/bench/report"
)

// rulesAppID is the bench widget with proactive rules of every kind a
// route change touches (pages viewed, an element, an audience attribute),
// none of which can fire on the bench pages.
const rulesAppID = "lcw-bench-rules"

const rulesWidgetConfig = `{"appId": "` + rulesAppID + `", "proactiveChat": {"enabled": true},
 "proactiveRules": {"rules": [
  {"id": "views", "conditions": [{"path": {"prefix": "/never"}}, {"pagesViewed": {"min": 3}}]},
  {"id": "reviews", "conditions": [{"path": {"prefix": "/never"}}, {"elementVisible": {"selector": ".reviews", "seconds": 5}}]},
  {"id": "gold", "conditions": [{"path": {"prefix": "/never"}}, {"attribute": {"name": "plan", "equals": "gold"}}]},
  {"id": "leaving", "conditions": [{"path": {"prefix": "/never"}}, {"exitIntent": true}]}]}}`

// routeBurst times n history.pushState calls in one task, and then lets
// the tasks they cause run.
const routeBurst = `(async (n) => {
  const path = location.pathname, t = performance.now();
  for (let i = 0; i < n; i++) history.pushState(null, "", path + "?burst=" + i);
  const ms = performance.now() - t;
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 20));
  return ms;
})(%d)`

// routeSpaced makes n route changes, each in a task of its own with 5 ms
// of idle time after it, as a visitor clicking through an SPA does.
const routeSpaced = `(async (n) => {
  const path = location.pathname;
  for (let i = 0; i < n; i++) {
    history.pushState(null, "", path + "?spaced=" + i);
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 50));
  return n;
})(%d)`

// measureRoutes runs item 9 on the shop page without the widget and with
// the widget running rules: the main thread's busy time (CDP
// Performance.TaskDuration) per route change, whatever task it falls in.
// and the CPU time of the renderer processes (SystemInfo.getProcessInfo),
// which another program's load cannot inflate as it does wall time.
// Each figure is the least of rounds rounds, the two pages alternating:
// on a busy machine the least is the one least inflated by other work.
func measureRoutes(browserCtx context.Context, base, hook string, n, rounds int) (report.Routes, error) {
	out := report.Routes{Calls: n, Rounds: rounds}
	for range rounds {
		for _, v := range []struct {
			page            string
			burst, per, cpu *float64
		}{
			{"plain.html", &out.BurstPlain, &out.PerRoutePlain, &out.CPUPlain},
			{"spa.html", &out.BurstRules, &out.PerRouteRules, &out.CPURules},
		} {
			var burst, per, cpu float64
			if err := routesOn(browserCtx, base+"/bench/"+v.page, hook, n, &burst, &per, &cpu); err != nil {
				return out, err
			}
			least(v.burst, burst)
			least(v.per, per)
			least(v.cpu, cpu)
		}
	}
	out.Overhead = out.PerRouteRules - out.PerRoutePlain
	out.CPUOverhead = out.CPURules - out.CPUPlain
	return out, nil
}

func least(slot *float64, v float64) {
	if *slot == 0 || v < *slot {
		*slot = v
	}
}

func routesOn(browserCtx context.Context, url, hook string, n int, burst, per, cpu *float64) error {
	// Each phase in a tab of its own: Chromium ignores a page's
	// history.pushState calls past 200 in 10 seconds (IPC flooding
	// protection), so n stays under that per tab.
	t, err := routeTab(browserCtx, url, hook)
	if err != nil {
		return err
	}
	*burst, err = eval[float64](t, fmt.Sprintf(routeBurst, n), callTimeout)
	t.close()
	if err != nil {
		return err
	}
	if t, err = routeTab(browserCtx, url, hook); err != nil {
		return err
	}
	defer t.close()
	before, err := t.taskSeconds()
	if err != nil {
		return err
	}
	cpuBefore, err := t.rendererCPU()
	if err != nil {
		return err
	}
	if _, err := eval[int](t, fmt.Sprintf(routeSpaced, n), time.Duration(n)*50*time.Millisecond+callTimeout); err != nil {
		return err
	}
	after, err := t.taskSeconds()
	if err != nil {
		return err
	}
	cpuAfter, err := t.rendererCPU()
	if err != nil {
		return err
	}
	*per = (after - before) * 1000 / float64(n)
	*cpu = (cpuAfter - cpuBefore) * 1000 / float64(n)
	if errs, err := eval[[]string](t, `__bench.errors`, callTimeout); err == nil && len(errs) > 0 {
		return fmt.Errorf("lcwbench: %s: lcw:error %q", url, errs)
	}
	return nil
}

// routeTab opens url in a fresh tab and waits until the page is loaded
// and, where it has the widget, the widget is ready.
func routeTab(browserCtx context.Context, url, hook string) (*tab, error) {
	t, err := openTab(browserCtx, hook)
	if err != nil {
		return nil, err
	}
	if err = t.navigate(url); err == nil {
		err = t.waitFor(`document.readyState === "complete" && (!document.getElementById("Microsoft_Omnichannel_LCWidget") || __bench.ready !== null)`, readyTimeout)
	}
	if err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

// taskSeconds is the main thread's busy time so far (TaskDuration).
func (t *tab) taskSeconds() (float64, error) {
	var s float64
	err := t.within(callTimeout, func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{}); err != nil {
			return err
		}
		res, err := chromedp.Call(ctx, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			return err
		}
		for _, m := range res.Metrics {
			if m.Name == "TaskDuration" {
				s = m.Value
				return nil
			}
		}
		return fmt.Errorf("lcwbench: no TaskDuration metric")
	})
	return s, err
}

// rendererCPU is the CPU seconds the browser's renderer processes have
// used so far (one tab is open, so it is mostly that tab's).
func (t *tab) rendererCPU() (float64, error) {
	var s float64
	err := t.within(callTimeout, func(ctx context.Context) error {
		res, err := chromedp.CallBrowser(ctx, systeminfo.GetProcessInfo, cdp.Empty{})
		if err != nil {
			return err
		}
		for _, p := range res.ProcessInfo {
			if p.Type == "renderer" {
				s += p.CPUTime
			}
		}
		return nil
	})
	return s, err
}
