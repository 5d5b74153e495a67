package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
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
func measureRoutes(browserCtx context.Context, base, hook string, n int) (report.Routes, error) {
	out := report.Routes{Calls: n}
	for _, v := range []struct {
		page       string
		burst, per *float64
	}{
		{"plain.html", &out.BurstPlain, &out.PerRoutePlain},
		{"spa.html", &out.BurstRules, &out.PerRouteRules},
	} {
		if err := routesOn(browserCtx, base+"/bench/"+v.page, hook, n, v.burst, v.per); err != nil {
			return out, err
		}
	}
	out.Overhead = out.PerRouteRules - out.PerRoutePlain
	return out, nil
}

func routesOn(browserCtx context.Context, url, hook string, n int, burst, per *float64) error {
	t, err := openTab(browserCtx, hook)
	if err != nil {
		return err
	}
	defer t.close()
	if err := t.navigate(url); err != nil {
		return err
	}
	if err := t.waitFor(`document.readyState === "complete" && (!document.getElementById("Microsoft_Omnichannel_LCWidget") || __bench.ready !== null)`, readyTimeout); err != nil {
		return err
	}
	if *burst, err = eval[float64](t, fmt.Sprintf(routeBurst, n), callTimeout); err != nil {
		return err
	}
	before, err := t.taskSeconds()
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
	*per = (after - before) * 1000 / float64(n)
	if errs, err := eval[[]string](t, `__bench.errors`, callTimeout); err == nil && len(errs) > 0 {
		return fmt.Errorf("lcwbench: %s: lcw:error %q", url, errs)
	}
	return nil
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
