// Package headless starts the headless Chromium that the e2e suite and make
// bench drive: Debian's /usr/bin/chromium, run as root here, with the flags
// this machine's closed network needs (no background networking, no
// component updates, no sync: Chromium's own connections would be refused
// by the dozen).
package headless

import (
	"context"
	"fmt"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// Start starts Chromium at path, headful when visible is set, and returns
// a context holding the browser, its product name ("Chrome/156…") and the
// func that stops it. A missing browser is an error naming the fix.
func Start(path string, visible bool) (context.Context, string, func(), error) {
	if _, err := exec.LookPath(path); err != nil {
		return nil, "", nil, fmt.Errorf("headless: Chromium not found at %s (apt-get install -y chromium): %w", path, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)
	if visible {
		opts = append(opts, chromedp.VisibleWindow)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	stop := func() { cancel(); cancelAlloc() }
	// The first Do binds the browser's life to ctx: no timeout on it.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, "", nil, fmt.Errorf("headless: starting %s: %w", path, err)
	}
	vctx, done := context.WithTimeout(ctx, time.Minute)
	defer done()
	v, err := chromedp.CallBrowser(vctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		stop()
		return nil, "", nil, fmt.Errorf("headless: reading the version of %s: %w", path, err)
	}
	return ctx, v.Product, stop, nil
}
