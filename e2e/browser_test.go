package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// defaultChromium is Debian's Chromium, which `make test` installs.
const defaultChromium = "/usr/bin/chromium"

// chromiumPath finds the browser: $LCW_CHROMIUM or Debian's. A missing
// browser is an error, never a reason to skip.
func chromiumPath() (string, error) {
	path := os.Getenv("LCW_CHROMIUM")
	if path == "" {
		path = defaultChromium
	}
	if _, err := exec.LookPath(path); err != nil {
		return "", fmt.Errorf("e2e: Chromium not found at %s (install it with "+
			"`apt-get install -y chromium` or set LCW_CHROMIUM): %w", path, err)
	}
	return path, nil
}

// startBrowser starts the one Chromium of the test binary and returns a
// context holding it, and the func that stops it.
func startBrowser(path string) (context.Context, func(), error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
	)
	if os.Getenv("LCW_HEADFUL") == "1" {
		opts = append(opts, chromedp.VisibleWindow)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	stop := func() { cancel(); cancelAlloc() }

	// The first Do binds the browser's life to its context: no timeout here.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("e2e: starting %s: %w", path, err)
	}
	vctx, done := context.WithTimeout(ctx, time.Minute)
	defer done()
	v, err := cdp.Call(vctx, chromedp.FromContext(ctx).Browser, browser.GetVersion, cdp.Empty{})
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("e2e: reading the version of %s: %w", path, err)
	}
	fmt.Printf("e2e: browser %s (%s)\n", v.Product, path)
	return ctx, stop, nil
}
