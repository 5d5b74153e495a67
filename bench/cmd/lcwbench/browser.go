package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/lcwasm/lcwasm/internal/headless"
)

// callTimeout bounds one CDP round trip or short page wait.
const callTimeout = 30 * time.Second

// startBrowser starts headless Chromium at path and returns a context
// holding it, its product name and the func that stops it.
func startBrowser(path string) (context.Context, string, func(), error) {
	ctx, product, stop, err := headless.Start(path, false)
	if err != nil {
		return nil, "", nil, fmt.Errorf("lcwbench: %w", err)
	}
	return ctx, product, stop, nil
}

// tab is one page in a browser context of its own: an empty cache, no
// cookies, no storage, as a first visit.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// openTab opens a fresh tab with the bench hook installed.
func openTab(browserCtx context.Context, hook string) (*tab, error) {
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t := &tab{ctx: ctx, cancel: cancel}
	// The first Do opens the tab and binds its event loop to the context it
	// gets: the tab's own, never one with a timeout, or the tab stops
	// delivering events (and a Navigate never sees its load) when that
	// timeout's context is cancelled.
	err := chromedp.Do(ctx)
	if err == nil {
		err = t.within(callTimeout, func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
				page.AddScriptToEvaluateOnNewDocumentParams{Source: hook})
			return err
		})
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("lcwbench: opening a tab: %w", err)
	}
	return t, nil
}

// close closes the tab and disposes of its browser context.
func (t *tab) close() { t.cancel() }

// within runs f with the tab's context bounded by d.
func (t *tab) within(d time.Duration, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(t.ctx, d)
	defer cancel()
	return f(ctx)
}

// navigate loads url and waits for its load event.
func (t *tab) navigate(url string) error {
	return t.within(callTimeout, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			return fmt.Errorf("lcwbench: loading %s: %w", url, err)
		}
		return nil
	})
}

// waitFor polls the JS expression until it is truthy or d passes.
func (t *tab) waitFor(expr string, d time.Duration) error {
	return t.within(d+callTimeout, func(ctx context.Context) error {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(d)))
		if err != nil {
			return fmt.Errorf("lcwbench: waiting for %s: %w", expr, err)
		}
		return nil
	})
}

// eval evaluates expr, awaiting a promise, within d and decodes its value.
func eval[T any](t *tab, expr string, d time.Duration) (T, error) {
	var v T
	err := t.within(d, func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			return fmt.Errorf("lcwbench: evaluating %s: %w", expr, err)
		}
		return nil
	})
	return v, err
}

// jsHeap collects garbage twice and returns the JS heap's used bytes.
func (t *tab) jsHeap() (int64, error) {
	var used float64
	err := t.within(callTimeout, func(ctx context.Context) error {
		for range 2 {
			if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
				return fmt.Errorf("lcwbench: collecting garbage: %w", err)
			}
		}
		u, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
		if err != nil {
			return fmt.Errorf("lcwbench: reading the heap usage: %w", err)
		}
		used = u.UsedSize
		return nil
	})
	return int64(used), err
}
