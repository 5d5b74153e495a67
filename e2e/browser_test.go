package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"

	"github.com/lcwasm/lcwasm/internal/headless"
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
// context holding it, and the func that stops it. LCW_HEADFUL=1 shows it.
func startBrowser(path string) (context.Context, func(), error) {
	ctx, product, stop, err := headless.Start(path, os.Getenv("LCW_HEADFUL") == "1")
	if err != nil {
		return nil, nil, fmt.Errorf("e2e: %w", err)
	}
	fmt.Printf("e2e: browser %s (%s)\n", product, path)
	return ctx, stop, nil
}
